/**
 * The stored Smart Charging records (a station's installed profiles, its last composite schedule) are
 * checked when the state loads: every field a view computes with must be there with its type, and
 * the answer says which one is wrong so the quarantine note can tell the operator.
 */
import { describe, expect, it } from 'vitest'
import { installedProfileProblem, reportedCompositeProblem } from '../../../src/main/storage/charging-shapes'

const schedule = { chargingRateUnit: 'W', duration: 3600, startSchedule: '2026-01-01T00:00:00Z', minChargingRate: 1.5, chargingSchedulePeriod: [{ startPeriod: 0, limit: 16, numberPhases: 3 }, { startPeriod: 60, limit: 8 }] }
const installed = {
  connectorId: 0,
  installedAt: '2026-01-01T00:00:00Z',
  taskId: 't1',
  transactionId: 7,
  profile: { chargingProfileId: 1, stackLevel: 0, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Absolute', validFrom: 'a', validTo: 'b', transactionId: 7, chargingSchedule: schedule },
}
const report = {
  connectorId: 0,
  requested: { duration: 600 },
  status: 'Accepted',
  receivedAt: '2026-01-01T00:00:00Z',
  taskId: 't2',
  scheduleStart: '2026-01-01T00:00:00Z',
  truncated: ['cut'],
  completeUntil: 300,
  chargingSchedule: schedule,
}
const bare = { connectorId: 1, installedAt: 'x', taskId: 't', profile: { chargingProfileId: 1, stackLevel: 0, chargingProfilePurpose: 'TxProfile', chargingProfileKind: 'Relative', chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [] } } }

const withProfile = (over: Record<string, unknown>) => installedProfileProblem({ ...installed, profile: { ...installed.profile, ...over } })
const withSchedule = (over: Record<string, unknown>) => withProfile({ chargingSchedule: { ...schedule, ...over } })

describe('stored installed profiles', () => {
  it('a profile as the CSMS stores it passes, with every optional field or with none', () => {
    expect(installedProfileProblem(installed)).toBeUndefined()
    expect(installedProfileProblem(bare)).toBeUndefined()
  })

  it('the record itself and its connector id', () => {
    expect(installedProfileProblem(null)).toBe('it is not an object')
    expect(installedProfileProblem([installed])).toBe('it is not an object')
    expect(installedProfileProblem('profile')).toBe('it is not an object')
    for (const connectorId of [-1, 1.5, '1', undefined, 2 ** 53]) expect(installedProfileProblem({ ...installed, connectorId })).toBe('connectorId is not a connector id')
  })

  it('installedAt and taskId are texts; the profile an object with its ids, purpose, kind and dates of their types', () => {
    expect(installedProfileProblem({ ...installed, installedAt: 1 })).toBe('installedAt or taskId is not a string')
    expect(installedProfileProblem({ ...installed, taskId: undefined })).toBe('installedAt or taskId is not a string')
    expect(installedProfileProblem({ ...installed, profile: [] })).toBe('profile is not an object')
    expect(withProfile({ chargingProfileId: '1' })).toBe('profile.chargingProfileId or profile.stackLevel is not a number')
    expect(withProfile({ stackLevel: Infinity })).toBe('profile.chargingProfileId or profile.stackLevel is not a number')
    expect(withProfile({ chargingProfilePurpose: 1 })).toBe('profile.chargingProfilePurpose or profile.chargingProfileKind is not a string')
    expect(withProfile({ chargingProfileKind: null })).toBe('profile.chargingProfilePurpose or profile.chargingProfileKind is not a string')
    expect(withProfile({ validFrom: 1 })).toBe('profile.validFrom or profile.validTo is not a string')
    expect(withProfile({ validTo: {} })).toBe('profile.validFrom or profile.validTo is not a string')
    expect(withProfile({ transactionId: '7' })).toBe('transactionId is not a number')
    expect(installedProfileProblem({ ...installed, transactionId: NaN })).toBe('transactionId is not a number')
  })

  it('the schedule: unit A or W, numeric duration and minimum rate, a text start, and periods with numeric start and limit', () => {
    expect(withProfile({ chargingSchedule: 'none' })).toBe('profile.chargingSchedule is not an object')
    expect(withSchedule({ chargingRateUnit: 'kW' })).toBe('profile.chargingSchedule.chargingRateUnit is not A or W')
    expect(withSchedule({ chargingRateUnit: undefined })).toBe('profile.chargingSchedule.chargingRateUnit is not A or W')
    expect(withSchedule({ chargingRateUnit: 'A' })).toBeUndefined()
    expect(withSchedule({ duration: '60' })).toBe('profile.chargingSchedule.duration is not a number')
    expect(withSchedule({ startSchedule: 0 })).toBe('profile.chargingSchedule.startSchedule is not a string')
    expect(withSchedule({ minChargingRate: NaN })).toBe('profile.chargingSchedule.minChargingRate is not a number')
    expect(withSchedule({ chargingSchedulePeriod: {} })).toBe('profile.chargingSchedule.chargingSchedulePeriod is not a list')
    const periods = (list: unknown[]) => withSchedule({ chargingSchedulePeriod: [{ startPeriod: 0, limit: 1 }, ...list] })
    const second = 'profile.chargingSchedule.chargingSchedulePeriod[1] is not a period with a numeric startPeriod and limit'
    expect(periods([null])).toBe(second)
    expect(periods([{ startPeriod: '0', limit: 1 }])).toBe(second)
    expect(periods([{ startPeriod: 0 }])).toBe(second)
    expect(periods([{ startPeriod: 0, limit: 1, numberPhases: '3' }])).toBe(second)
    expect(periods([{ startPeriod: 0, limit: 1, numberPhases: 1 }])).toBeUndefined()
  })
})

describe('stored composite schedule reports', () => {
  it('a report as the CSMS stores it passes, with a schedule or without one (a Rejected answer)', () => {
    expect(reportedCompositeProblem(report)).toBeUndefined()
    expect(reportedCompositeProblem({ connectorId: 2, requested: { duration: 0 }, status: 'Rejected', receivedAt: 'x', taskId: 't' })).toBeUndefined()
  })

  it('each field of the wrong type is named', () => {
    expect(reportedCompositeProblem(null)).toBe('it is not an object')
    expect(reportedCompositeProblem([])).toBe('it is not an object')
    expect(reportedCompositeProblem({ ...report, connectorId: -1 })).toBe('connectorId is not a connector id')
    expect(reportedCompositeProblem({ ...report, requested: undefined })).toBe('requested.duration is not a number')
    expect(reportedCompositeProblem({ ...report, requested: {} })).toBe('requested.duration is not a number')
    for (const key of ['status', 'receivedAt', 'taskId']) expect(reportedCompositeProblem({ ...report, [key]: 1 })).toBe('status, receivedAt or taskId is not a string')
    expect(reportedCompositeProblem({ ...report, scheduleStart: 1 })).toBe('scheduleStart is not a string')
    expect(reportedCompositeProblem({ ...report, truncated: 'cut' })).toBe('truncated is not a list of notes')
    expect(reportedCompositeProblem({ ...report, truncated: ['cut', 1] })).toBe('truncated is not a list of notes')
    expect(reportedCompositeProblem({ ...report, completeUntil: '300' })).toBe('completeUntil is not a number')
    expect(reportedCompositeProblem({ ...report, chargingSchedule: { ...schedule, chargingSchedulePeriod: [{ limit: 1 }] } })).toBe(
      'chargingSchedule.chargingSchedulePeriod[0] is not a period with a numeric startPeriod and limit',
    )
  })
})
