import { describe, expect, it } from 'vitest'
import { computeComposite, convertLimit } from '../../../../src/main/services/smart-charging/composite'
import { iso, on, profile, X } from './profile-fixtures'

const query = (over: Partial<Parameters<typeof computeComposite>[1]> = {}) => ({ connectorId: 1, from: X, duration: 400, unit: 'A' as const, voltage: 230, ...over })
const pairs = (periods: { startPeriod: number; limit: number | null }[]) => periods.map((p) => [p.startPeriod, p.limit])

describe('composite schedule: OCA reference vectors (spec notes §6.6)', () => {
  it('TC_072_CS stacking: a higher stack level wins while its duration lasts, then the lower one shows again', () => {
    const profiles = [
      on(1, profile({ stackLevel: 0, duration: 400, periods: [[0, 6], [100, 8], [200, 10]] })),
      on(1, profile({ stackLevel: 1, duration: 150, periods: [[0, 7], [100, 9]] })),
    ]
    expect(pairs(computeComposite(profiles, query({ duration: 350 })))).toEqual([[0, 7], [100, 9], [150, 8], [200, 10]])
  })

  it('TC_066_CS purposes: min with ChargePointMax; the TxProfile overrides TxDefault for the whole transaction', () => {
    const profiles = [
      on(0, profile({ chargingProfilePurpose: 'ChargePointMaxProfile', duration: 86_400, periods: [[0, 10]] })),
      on(1, profile({ chargingProfilePurpose: 'TxDefaultProfile', duration: 300, periods: [[0, 6], [60, 10], [120, 8], [180, 15], [260, 8]] })),
      on(1, profile({ chargingProfilePurpose: 'TxProfile', duration: 260, periods: [[0, 8], [50, 11], [140, 16], [200, 6], [240, 12]] })),
    ]
    const transaction = { transactionId: 5, start: X }
    expect(pairs(computeComposite(profiles, query({ duration: 400, transaction })))).toEqual([[0, 8], [50, 10], [200, 6], [240, 10]])
  })

  it('TC_066_CS with the vectors shifted by x seconds: periods move by −x', () => {
    const x = 20
    const profiles = [
      on(1, profile({ stackLevel: 0, duration: 400, periods: [[0, 6], [100, 8], [200, 10]] })),
      on(1, profile({ stackLevel: 1, duration: 150, periods: [[0, 7], [100, 9]] })),
    ]
    expect(pairs(computeComposite(profiles, query({ from: X + x * 1000, duration: 350 })))).toEqual([[0, 7], [100 - x, 9], [150 - x, 8], [200 - x, 10]])
  })
})

describe('composite schedule: the 1.6 rules', () => {
  it('without a transaction the TxDefault applies (TxProfiles need a running transaction)', () => {
    const profiles = [
      on(1, profile({ chargingProfilePurpose: 'TxDefaultProfile', periods: [[0, 16]] })),
      on(1, profile({ chargingProfilePurpose: 'TxProfile', periods: [[0, 8]] })),
    ]
    expect(pairs(computeComposite(profiles, query()))).toEqual([[0, 16]])
    expect(pairs(computeComposite(profiles, query({ transaction: { transactionId: 1, start: X } })))).toEqual([[0, 8]])
  })

  it('a TxProfile for another transaction does not apply', () => {
    const profiles = [on(1, profile({ chargingProfilePurpose: 'TxProfile', transactionId: 99, periods: [[0, 8]] })), on(1, profile({ periods: [[0, 16]] }))]
    expect(pairs(computeComposite(profiles, query({ transaction: { transactionId: 5, start: X } })))).toEqual([[0, 16]])
  })

  it("a connector's own TxDefault replaces connector 0's while in force, then connector 0's applies again", () => {
    const profiles = [on(0, profile({ periods: [[0, 32]] })), on(1, profile({ stackLevel: 0, duration: 100, periods: [[0, 10]] }))]
    expect(pairs(computeComposite(profiles, query()))).toEqual([[0, 10], [100, 32]])
    expect(pairs(computeComposite(profiles, query({ connectorId: 2 })))).toEqual([[0, 32]])
  })

  it('validFrom and validTo bound a profile; outside them a lower level or nothing applies', () => {
    const profiles = [
      on(1, profile({ stackLevel: 0, periods: [[0, 6]] })),
      on(1, profile({ stackLevel: 3, validFrom: iso(60), validTo: iso(120), periods: [[0, 20]] })),
    ]
    expect(pairs(computeComposite(profiles, query({ duration: 200 })))).toEqual([[0, 6], [60, 20], [120, 6]])
    expect(pairs(computeComposite([profiles[1]!], query({ duration: 200 })))).toEqual([[0, null], [60, 20], [120, null]])
  })

  it('a Relative schedule counts from the transaction start, also one that began before the window', () => {
    const relative = on(1, profile({ chargingProfilePurpose: 'TxProfile', chargingProfileKind: 'Relative', periods: [[0, 6], [600, 12]] }))
    expect(pairs(computeComposite([relative], query({ duration: 1200, transaction: { transactionId: 1, start: X - 300_000 } })))).toEqual([[0, 6], [300, 12]])
  })

  it('Recurring Daily repeats every 24 h from startSchedule; what outlasts its duration falls back', () => {
    const daily = on(1, profile({ stackLevel: 1, chargingProfileKind: 'Recurring', recurrencyKind: 'Daily', startSchedule: iso(-86_400 * 3 + 3600), duration: 7200, periods: [[0, 10], [3600, 12]] }))
    const base = on(1, profile({ stackLevel: 0, startSchedule: iso(-86_400 * 10), periods: [[0, 32]] }))
    // From X (12:00) for a day: the daily window 13:00–15:00 today.
    expect(pairs(computeComposite([daily, base], query({ duration: 86_400 })))).toEqual([[0, 32], [3600, 10], [7200, 12], [10_800, 32]])
  })

  it('Recurring Weekly repeats every 7 days at the same weekday and time', () => {
    const weekly = on(1, profile({ chargingProfileKind: 'Recurring', recurrencyKind: 'Weekly', startSchedule: iso(-7 * 86_400 + 600), duration: 600, periods: [[0, 8]] }))
    expect(pairs(computeComposite([weekly], query({ duration: 7 * 86_400 })))).toEqual([[0, null], [600, 8], [1200, null]])
  })

  it('converts A ↔ W with numberPhases (default 3) and the nominal voltage; the min is taken in the requested unit', () => {
    expect(convertLimit(16, 'A', 'W', undefined, 230)).toBe(11_040)
    expect(convertLimit(7360, 'W', 'A', 1, 230)).toBe(32)
    const profiles = [
      on(0, profile({ chargingProfilePurpose: 'ChargePointMaxProfile', unit: 'W', periods: [[0, 11_000]] })),
      on(1, profile({ unit: 'A', periods: [[0, 16, 3], [100, 10, 1]] })),
    ]
    expect(pairs(computeComposite(profiles, query({ unit: 'W', duration: 200 })))).toEqual([[0, 11_000], [100, 2300]])
    expect(pairs(computeComposite(profiles, query({ unit: 'A', duration: 200 })))).toEqual([[0, 15.9], [100, 10]])
  })

  it('connector 0 is the charge point as a whole: its ChargePointMaxProfile', () => {
    const profiles = [on(0, profile({ chargingProfilePurpose: 'ChargePointMaxProfile', periods: [[0, 40]] })), on(0, profile({ periods: [[0, 16]] }))]
    expect(pairs(computeComposite(profiles, query({ connectorId: 0 })))).toEqual([[0, 40]])
  })

  it('a top-level profile without duration never falls back', () => {
    const profiles = [on(1, profile({ stackLevel: 0, periods: [[0, 6]] })), on(1, profile({ stackLevel: 2, periods: [[0, 9]] }))]
    expect(pairs(computeComposite(profiles, query({ duration: 86_400 })))).toEqual([[0, 9]])
  })

  it('no profile at all: one unlimited period', () => {
    expect(computeComposite([], query())).toEqual([{ startPeriod: 0, limit: null }])
  })
})
