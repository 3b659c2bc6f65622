/**
 * "Anchor now" in the main process: when a profile is sent with anchorNow, its startSchedule is
 * moved to the moment of sending and validFrom/validTo are shifted by the same amount, so the
 * schedule keeps its shape; without the flag (or without a startSchedule) nothing moves.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { ProfileTemplate } from '@shared/contract/charging-dto'
import { createOcppValidator } from '../../../../src/main/ocpp/validator'
import { EventBus } from '../../../../src/main/services/event-bus'
import { ChargingService } from '../../../../src/main/services/smart-charging/charging-service'
import { ChargingRepository } from '../../../../src/main/storage/charging-repository'
import { StateStore } from '../../../../src/main/storage/state-store'

const NOW = Date.parse('2026-03-02T12:00:00.000Z')
const HOUR = 3_600_000
const iso = (ms: number) => new Date(ms).toISOString()
const validator = createOcppValidator()
const stores: StateStore[] = []
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()))
})

async function service() {
  const store = await StateStore.open({ logger: { warn: () => undefined, error: () => undefined } })
  stores.push(store)
  const sent: { csChargingProfiles: ProfileTemplate & { chargingProfileId: number } }[] = []
  let id = 0
  const charging = new ChargingService({
    repo: new ChargingRepository(store),
    bus: new EventBus(),
    validator,
    send: (stationId, action, payload) => {
      sent.push(payload as (typeof sent)[number])
      return { task: { id: `t${sent.length}`, stationId, action, payload, state: 'pending', createdAt: iso(NOW) } as never }
    },
    warningsFor: () => [],
    nextProfileId: async () => ++id,
    station: () => undefined,
    configuration: () => ({ stationId: 'CP1', keys: {}, unknownKeys: [] }) as never,
    voltage: () => 230,
    runningOn: () => undefined,
    now: () => NOW,
  })
  return { charging, sent }
}

/** A profile written yesterday: starts two days ago, valid from 1 h before its start to 5 h after. */
const START = NOW - 48 * HOUR
const template = (): ProfileTemplate =>
  ({
    stackLevel: 0,
    chargingProfilePurpose: 'TxDefaultProfile',
    chargingProfileKind: 'Absolute',
    validFrom: iso(START - HOUR),
    validTo: iso(START + 5 * HOUR),
    chargingSchedule: { chargingRateUnit: 'A', startSchedule: iso(START), duration: 7200, chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] },
  }) as ProfileTemplate

describe('anchor now (main process)', () => {
  it('moves startSchedule to now and validFrom/validTo by the same amount, in UTC with milliseconds', async () => {
    const { charging, sent } = await service()
    await charging.send({ targets: [{ stationId: 'CP1', connectorId: 1 }], profile: template(), anchorNow: true })
    const profile = sent[0]!.csChargingProfiles
    expect(profile.chargingSchedule.startSchedule, 'startSchedule was not moved to the moment of sending').toBe(iso(NOW))
    expect(profile.validFrom, 'validFrom was not shifted with startSchedule').toBe(iso(NOW - HOUR))
    expect(profile.validTo, 'validTo was not shifted with startSchedule').toBe(iso(NOW + 5 * HOUR))
    expect(profile.chargingSchedule).toMatchObject({ duration: 7200, chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] })
  })

  it('shifts every target alike and leaves the library template as it was', async () => {
    const { charging, sent } = await service()
    const profile = template()
    await charging.send({ targets: [{ stationId: 'CP1', connectorId: 1 }, { stationId: 'CP2', connectorId: 2 }], profile, anchorNow: true })
    expect(sent.map((p) => p.csChargingProfiles.chargingSchedule.startSchedule)).toEqual([iso(NOW), iso(NOW)])
    expect(profile.chargingSchedule.startSchedule).toBe(iso(START))
    expect(profile.validFrom).toBe(iso(START - HOUR))
  })

  it('without the flag nothing moves; a profile without startSchedule or validity is sent as it is', async () => {
    const { charging, sent } = await service()
    await charging.send({ targets: [{ stationId: 'CP1', connectorId: 1 }], profile: template() })
    expect(sent[0]!.csChargingProfiles).toMatchObject({ validFrom: iso(START - HOUR), validTo: iso(START + 5 * HOUR), chargingSchedule: { startSchedule: iso(START) } })
    const relative = { stackLevel: 0, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Relative', chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] } } as ProfileTemplate
    await charging.send({ targets: [{ stationId: 'CP1', connectorId: 1 }], profile: relative, anchorNow: true })
    expect(sent[1]!.csChargingProfiles).not.toHaveProperty('validFrom')
    expect(sent[1]!.csChargingProfiles.chargingSchedule).not.toHaveProperty('startSchedule')
  })
})
