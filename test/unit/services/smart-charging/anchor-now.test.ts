/**
 * "Anchor now" in the main process: when a profile is sent with anchorNow, its startSchedule is
 * moved to the moment of sending and validFrom/validTo are shifted by the same amount, so the
 * schedule keeps its shape; without the flag (or without a startSchedule) nothing moves.
 */
import { describe, expect, it } from 'vitest'
import type { ProfileTemplate } from '@shared/contract/charging-dto'
import { chargingService, iso, NOW } from './charging-service-fixture'

const HOUR = 3_600_000

/** A profile written yesterday: starts two days ago, valid from 1 h before its start to 5 h after. */
const START = NOW - 48 * HOUR
const yesterdays = (): ProfileTemplate =>
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
    const { charging, sent } = await chargingService()
    await charging.send({ targets: [{ stationId: 'CP1', connectorId: 1 }], profile: yesterdays(), anchorNow: true })
    const profile = sent[0]!.payload.csChargingProfiles
    expect(profile.chargingSchedule.startSchedule, 'startSchedule was not moved to the moment of sending').toBe(iso(NOW))
    expect(profile.validFrom, 'validFrom was not shifted with startSchedule').toBe(iso(NOW - HOUR))
    expect(profile.validTo, 'validTo was not shifted with startSchedule').toBe(iso(NOW + 5 * HOUR))
    expect(profile.chargingSchedule).toMatchObject({ duration: 7200, chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] })
  })

  it('shifts every target alike and leaves the library template as it was', async () => {
    const { charging, sent } = await chargingService()
    const profile = yesterdays()
    await charging.send({ targets: [{ stationId: 'CP1', connectorId: 1 }, { stationId: 'CP2', connectorId: 2 }], profile, anchorNow: true })
    expect(sent.map((p) => p.payload.csChargingProfiles.chargingSchedule.startSchedule)).toEqual([iso(NOW), iso(NOW)])
    expect(profile.chargingSchedule.startSchedule).toBe(iso(START))
    expect(profile.validFrom).toBe(iso(START - HOUR))
  })

  it('without the flag nothing moves; a profile without startSchedule or validity is sent as it is', async () => {
    const { charging, sent } = await chargingService()
    await charging.send({ targets: [{ stationId: 'CP1', connectorId: 1 }], profile: yesterdays() })
    expect(sent[0]!.payload.csChargingProfiles).toMatchObject({ validFrom: iso(START - HOUR), validTo: iso(START + 5 * HOUR), chargingSchedule: { startSchedule: iso(START) } })
    const relative = { stackLevel: 0, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Relative', chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] } } as ProfileTemplate
    await charging.send({ targets: [{ stationId: 'CP1', connectorId: 1 }], profile: relative, anchorNow: true })
    expect(sent[1]!.payload.csChargingProfiles).not.toHaveProperty('validFrom')
    expect(sent[1]!.payload.csChargingProfiles.chargingSchedule).not.toHaveProperty('startSchedule')
  })
})
