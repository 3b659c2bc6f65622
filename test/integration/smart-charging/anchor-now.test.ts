/**
 * "Anchor now" over a real socket: the station receives the profile with startSchedule at the
 * moment of sending (the CSMS's injected clock) and validFrom/validTo moved by the same amount.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { LibraryProfile } from '@shared/contract'
import { startHarness, type Harness } from '../../support/csms-harness'
import type { ScriptedChargePoint } from '../../support/scripted-charge-point'

const NOW = Date.parse('2026-03-02T12:00:00.000Z')
const HOUR = 3_600_000
const iso = (ms: number) => new Date(ms).toISOString()
const START = NOW - 30 * HOUR

describe('anchor now: what the station receives', () => {
  let h: Harness
  let cp: ScriptedChargePoint
  beforeEach(async () => {
    h = await startHarness({ clock: () => NOW })
    cp = await h.booted('CP-ANCHOR')
  })
  afterEach(async () => h.stop())

  it('a library profile sent with anchorNow starts now, and its validity moved with it', async () => {
    const { record } = await h.invoke<{ record: LibraryProfile }>('saveChargingProfile', {
      name: 'depot',
      profile: {
        stackLevel: 0,
        chargingProfilePurpose: 'TxDefaultProfile',
        chargingProfileKind: 'Absolute',
        validFrom: iso(START - 2 * HOUR),
        validTo: iso(START + 10 * HOUR),
        chargingSchedule: { chargingRateUnit: 'A', startSchedule: iso(START), duration: 3600, chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] },
      },
    })
    const incoming = cp.nextCall('SetChargingProfile')
    await h.invoke('sendChargingProfile', { targets: [{ stationId: 'CP-ANCHOR', connectorId: 1 }], profile: record.profile, libraryId: record.id, anchorNow: true })
    const call = await incoming
    cp.answer(call, { status: 'Accepted' })
    const sent = (call[3] as { csChargingProfiles: { validFrom: string; validTo: string; chargingSchedule: { startSchedule: string } } }).csChargingProfiles
    expect(sent.chargingSchedule.startSchedule, 'startSchedule was not moved to the moment of sending').toBe(iso(NOW))
    expect(sent.validFrom, 'validFrom was not shifted with startSchedule').toBe(iso(NOW - 2 * HOUR))
    expect(sent.validTo, 'validTo was not shifted with startSchedule').toBe(iso(NOW + 10 * HOUR))
    // The library keeps the profile as written.
    const [kept] = await h.invoke<LibraryProfile[]>('listChargingProfiles', {})
    expect(kept!.profile.chargingSchedule.startSchedule).toBe(iso(START))
  })
})
