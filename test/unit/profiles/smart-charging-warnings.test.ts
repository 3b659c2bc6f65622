import { describe, expect, it } from 'vitest'
import type { ProfileTemplate } from '@shared/contract/charging-dto'
import { smartChargingCommandWarnings } from '../../../src/main/profiles/smart-charging/command-warnings'
import { profileWarnings, type ProfileWarningContext } from '../../../src/main/profiles/smart-charging/profile-warnings'
import { stationLimits } from '../../../src/main/profiles/smart-charging/station-limits'

const NOW = Date.parse('2026-03-02T12:00:00Z')
const template = (over: Partial<ProfileTemplate> = {}, schedule: Partial<ProfileTemplate['chargingSchedule']> = {}): ProfileTemplate => ({
  stackLevel: 0,
  chargingProfilePurpose: 'TxDefaultProfile',
  chargingProfileKind: 'Absolute',
  ...over,
  chargingSchedule: { chargingRateUnit: 'A', startSchedule: '2026-03-02T12:00:00Z', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }], ...schedule },
})
const warn = (p: ProfileTemplate, ctx: Partial<ProfileWarningContext> = {}) => profileWarnings(p, { usage: 'SetChargingProfile', now: NOW, ...ctx }).join('\n')

describe('charging profile warnings (never a block)', () => {
  it('a well-formed TxDefaultProfile on a connector draws none', () => {
    expect(profileWarnings(template(), { usage: 'SetChargingProfile', connectorId: 1, now: NOW })).toEqual([])
  })

  it('purposes on the wrong connector: ChargePointMax off connector 0, TxProfile on 0 or without a running transaction (TC_058_1) or with another one (TC_058_2)', () => {
    expect(warn(template({ chargingProfilePurpose: 'ChargePointMaxProfile' }), { connectorId: 1 })).toMatch(/connector 0, not 1/)
    expect(warn(template({ chargingProfilePurpose: 'TxProfile', transactionId: 3 }), { connectorId: 0 })).toMatch(/not on connector 0/)
    expect(warn(template({ chargingProfilePurpose: 'TxProfile', transactionId: 3 }), { connectorId: 1, running: [] })).toMatch(/TC_058_1/)
    expect(warn(template({ chargingProfilePurpose: 'TxProfile', transactionId: 3 }), { connectorId: 1, running: [{ connectorId: 1, transactionId: 4 }] })).toMatch(/TC_058_2/)
    expect(warn(template({ chargingProfilePurpose: 'TxProfile' }), { connectorId: 1, running: [{ connectorId: 1, transactionId: 4 }] })).toMatch(/TC_057/)
  })

  it('RemoteStartTransaction: TxProfile only, and no transactionId (errata 3.41, TC_060)', () => {
    const text = profileWarnings(template({ chargingProfilePurpose: 'TxDefaultProfile', transactionId: 9 }), { usage: 'RemoteStartTransaction', now: NOW }).join('\n')
    expect(text).toMatch(/purpose TxProfile/)
    expect(text).toMatch(/must not carry a transactionId/)
  })

  it('kinds: Relative with startSchedule, Absolute without, Recurring without recurrencyKind, recurrencyKind on Absolute', () => {
    expect(warn(template({ chargingProfileKind: 'Relative' }))).toMatch(/startSchedule should be left out/)
    expect(warn(template({}, { startSchedule: undefined }))).toMatch(/Absolute profile needs/)
    expect(warn(template({ chargingProfileKind: 'Recurring' }))).toMatch(/needs recurrencyKind/)
    expect(warn(template({ recurrencyKind: 'Daily' }))).toMatch(/errata 3.56/)
    expect(warn(template({ chargingProfileKind: 'Recurring', recurrencyKind: 'Daily' }, { duration: 90_000 }))).toMatch(/longer than one daily/)
  })

  it('periods: first not at 0, out of order, beyond duration, negative limit, odd numberPhases', () => {
    expect(warn(template({}, { chargingSchedulePeriod: [{ startPeriod: 10, limit: 6 }] }))).toMatch(/SHALL start at 0/)
    expect(warn(template({}, { chargingSchedulePeriod: [{ startPeriod: 0, limit: 6 }, { startPeriod: 0, limit: 7 }] }))).toMatch(/increasing order/)
    expect(warn(template({}, { duration: 100, chargingSchedulePeriod: [{ startPeriod: 0, limit: 6 }, { startPeriod: 100, limit: 7 }] }))).toMatch(/never executed/)
    expect(warn(template({}, { chargingSchedulePeriod: [{ startPeriod: 0, limit: -1, numberPhases: 4 }] }))).toMatch(/negative limit[\s\S]*numberPhases 4/)
  })

  it('validity: validTo before validFrom, in the past, validFrom in the future', () => {
    expect(warn(template({ validFrom: '2026-03-03T00:00:00Z', validTo: '2026-03-02T00:00:00Z' }))).toMatch(/never valid/)
    expect(warn(template({ validTo: '2026-03-01T00:00:00Z' }))).toMatch(/in the past/)
    expect(warn(template({ validFrom: '2026-03-05T00:00:00Z' }))).toMatch(/in the future/)
  })

  it("the station's limits from its configuration: stack level, periods, unit (Current/Power), installed count", () => {
    const limits = stationLimits({
      ChargeProfileMaxStackLevel: { value: '2' },
      ChargingScheduleMaxPeriods: { value: '1' },
      chargingscheduleallowedchargingrateunit: { value: 'Power' },
      MaxChargingProfilesInstalled: { value: '1' },
    })
    expect(limits).toEqual({ maxStackLevel: 2, maxPeriods: 1, maxInstalled: 1, allowedUnits: ['Power'] })
    const profile = template({ stackLevel: 3 }, { chargingSchedulePeriod: [{ startPeriod: 0, limit: 6 }, { startPeriod: 60, limit: 8 }] })
    const text = warn(profile, { connectorId: 1, limits, installed: [{ connectorId: 0, chargingProfileId: 1, purpose: 'ChargePointMaxProfile', stackLevel: 0 }] })
    expect(text).toMatch(/ChargeProfileMaxStackLevel \(2\)/)
    expect(text).toMatch(/ChargingScheduleMaxPeriods \(1\)/)
    expect(text).toMatch(/allows Power/)
    expect(text).toMatch(/MaxChargingProfilesInstalled \(1\)/)
    // Replacing the one it holds is no growth.
    expect(warn(template({ chargingProfileId: 1 }), { connectorId: 1, limits, installed: [{ connectorId: 0, chargingProfileId: 1, purpose: 'ChargePointMaxProfile', stackLevel: 0 }] })).not.toMatch(/MaxChargingProfilesInstalled/)
  })

  it('ClearChargingProfile: id with criteria, no fields at all, an id the CSMS does not know; GetCompositeSchedule without unit', () => {
    const ctx = { connectorIds: [1, 2], installed: [{ connectorId: 1, chargingProfileId: 5, purpose: 'TxDefaultProfile', stackLevel: 0 }] }
    expect(smartChargingCommandWarnings('ClearChargingProfile', { id: 5, stackLevel: 1 }, ctx).join()).toMatch(/ignores the other fields/)
    expect(smartChargingCommandWarnings('ClearChargingProfile', {}, ctx).join()).toMatch(/clears every charging profile/)
    expect(smartChargingCommandWarnings('ClearChargingProfile', { id: 6 }, ctx).join()).toMatch(/expect Unknown/)
    expect(smartChargingCommandWarnings('ClearChargingProfile', { id: 5 }, ctx)).toEqual([])
    expect(smartChargingCommandWarnings('GetCompositeSchedule', { connectorId: 3, duration: 60 }, ctx).join('\n')).toMatch(/Connector 3[\s\S]*No chargingRateUnit/)
  })
})
