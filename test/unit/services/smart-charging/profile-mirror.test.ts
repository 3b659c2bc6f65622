import { describe, expect, it } from 'vitest'
import type { InstalledProfile } from '@shared/contract/charging-dto'
import type { ChargingProfile } from '@shared/ocpp/payloads'
import { compareSchedules, toAbsolute } from '../../../../src/main/services/smart-charging/compare'
import { applyClear, applySet, bindTransaction, dropTransaction } from '../../../../src/main/services/smart-charging/profile-mirror'

function installed(connectorId: number, chargingProfileId: number, purpose: ChargingProfile['chargingProfilePurpose'], stackLevel: number, extra: Partial<InstalledProfile> = {}): InstalledProfile {
  return {
    connectorId,
    profile: { chargingProfileId, stackLevel, chargingProfilePurpose: purpose, chargingProfileKind: 'Relative', chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 6 }] } },
    installedAt: '2026-01-01T00:00:00.000Z',
    via: 'SetChargingProfile',
    taskId: `t${chargingProfileId}`,
    ...extra,
  }
}
const ids = (list: InstalledProfile[]) => list.map((i) => i.profile.chargingProfileId)

describe('the mirror of what a station holds', () => {
  it('SetChargingProfile replaces the same id anywhere, and the same purpose + stack level on the same connector', () => {
    let list = [installed(1, 1, 'TxDefaultProfile', 0), installed(2, 2, 'TxDefaultProfile', 0), installed(1, 3, 'TxDefaultProfile', 1)]
    list = applySet(list, installed(1, 4, 'TxDefaultProfile', 0))
    expect(ids(list)).toEqual([2, 3, 4])
    list = applySet(list, installed(0, 2, 'ChargePointMaxProfile', 0))
    expect(ids(list)).toEqual([3, 4, 2])
    expect(list.at(-1)!.connectorId).toBe(0)
  })

  it('TC_067 ClearChargingProfile: by id (other fields ignored), by criteria (AND), and {} = everything', () => {
    const list = [installed(1, 1, 'TxDefaultProfile', 0), installed(1, 2, 'TxDefaultProfile', 1), installed(1, 3, 'TxDefaultProfile', 2), installed(0, 4, 'ChargePointMaxProfile', 1)]
    expect(ids(applyClear(list, { id: 1, connectorId: 0 }).kept)).toEqual([2, 3, 4])
    expect(ids(applyClear(list, { connectorId: 1, chargingProfilePurpose: 'TxDefaultProfile', stackLevel: 1 }).kept)).toEqual([1, 3, 4])
    expect(ids(applyClear(list, { stackLevel: 1 }).kept)).toEqual([1, 3])
    expect(ids(applyClear(list, { connectorId: 0 }).kept)).toEqual([1, 2, 3])
    expect(applyClear(list, {}).kept).toEqual([])
  })

  it('a RemoteStartTransaction TxProfile waits for its transaction, binds to it, and ceases when it ends', () => {
    let list = [installed(1, 9, 'TxProfile', 0, { via: 'RemoteStartTransaction', awaitingTransaction: true }), installed(1, 5, 'TxDefaultProfile', 0)]
    expect(dropTransaction(list, 1, 77)).toHaveLength(2) // still waiting: not this transaction's
    list = bindTransaction(list, 1, 77)
    expect(list[0]).toMatchObject({ connectorId: 1, transactionId: 77 })
    expect(list[0]!.awaitingTransaction).toBeUndefined()
    expect(ids(dropTransaction(list, 1, 77))).toEqual([5])
  })

  it('a TxProfile set for a transaction ceases with it; one for another transaction stays', () => {
    const list = [installed(1, 1, 'TxProfile', 0, { transactionId: 10 }), installed(2, 2, 'TxProfile', 0, { transactionId: 11 })]
    expect(ids(dropTransaction(list, 1, 10))).toEqual([2])
  })
})

describe('the mirror’s rules at their edges', () => {
  it('SetChargingProfile replaces only the same purpose and stack level on the same connector', () => {
    const list = applySet([installed(1, 1, 'TxDefaultProfile', 0), installed(1, 2, 'TxProfile', 1)], installed(1, 3, 'TxProfile', 0))
    expect(ids(list)).toEqual([1, 2, 3])
  })

  it('ClearChargingProfile by purpose removes that purpose only, and says what it removed', () => {
    const list = [installed(1, 1, 'TxDefaultProfile', 0), installed(0, 2, 'ChargePointMaxProfile', 0), installed(2, 3, 'TxProfile', 0)]
    const { kept, removed } = applyClear(list, { chargingProfilePurpose: 'ChargePointMaxProfile' })
    expect(ids(kept)).toEqual([1, 3])
    expect(ids(removed)).toEqual([2])
    expect(applyClear(list, { id: 9 }).removed).toEqual([])
  })

  it('a transaction binds one waiting profile: the first one waiting on its connector or on connector 0, never one on another connector', () => {
    const waiting = (id: number, connectorId: number) => installed(connectorId, id, 'TxProfile', id, { via: 'RemoteStartTransaction', awaitingTransaction: true })
    const list = [installed(1, 1, 'TxDefaultProfile', 0), waiting(2, 3), waiting(3, 0), waiting(4, 1)]
    const bound = bindTransaction(list, 1, 70)
    expect(bound[0]).toBe(list[0])
    expect(bound[1]).toBe(list[1])
    expect(bound[2]).toMatchObject({ connectorId: 1, transactionId: 70 })
    expect(bound[3]).toBe(list[3])
    expect(bindTransaction([waiting(4, 1)], 1, 70)[0]).toMatchObject({ connectorId: 1, transactionId: 70 })
    expect(bindTransaction([waiting(2, 3)], 1, 70)[0]).toMatchObject({ awaitingTransaction: true })
  })

  it('a transaction that ends drops the TxProfiles bound to it on any connector, those naming it, and those naming none on its connector', () => {
    const list = [
      installed(2, 1, 'TxProfile', 0, { transactionId: 10 }),
      { ...installed(3, 2, 'TxProfile', 0), profile: { ...installed(3, 2, 'TxProfile', 0).profile, transactionId: 10 } },
      installed(1, 3, 'TxProfile', 0),
      installed(2, 4, 'TxProfile', 1),
      installed(1, 5, 'TxProfile', 1, { transactionId: 11 }),
      installed(1, 6, 'TxDefaultProfile', 0),
    ]
    expect(ids(dropTransaction(list, 1, 10))).toEqual([4, 5, 6])
  })
})

describe('comparing a reported composite with the expected one', () => {
  const start = Date.parse('2026-01-01T00:00:00Z')
  it('finds the spans that differ, ignores rounding and sub-2-second slivers', () => {
    const expected = toAbsolute(start, 300, [{ startPeriod: 0, limit: 8 }, { startPeriod: 100, limit: 10 }, { startPeriod: 200, limit: 6 }])
    const reported = toAbsolute(start, 300, [{ startPeriod: 0, limit: 8.04 }, { startPeriod: 101, limit: 10 }, { startPeriod: 200, limit: 16 }])
    expect(compareSchedules(expected, reported)).toEqual([{ start: '2026-01-01T00:03:20.000Z', end: '2026-01-01T00:05:00.000Z', expected: 6, reported: 16 }])
  })

  it('an unlimited expectation against a station limit is a difference', () => {
    const expected = toAbsolute(start, 60, [{ startPeriod: 0, limit: null }])
    const reported = toAbsolute(start, 60, [{ startPeriod: 0, limit: 32 }])
    expect(compareSchedules(expected, reported)).toEqual([{ start: '2026-01-01T00:00:00.000Z', end: '2026-01-01T00:01:00.000Z', expected: null, reported: 32 }])
  })
})
