/**
 * The composite schedule at its edges (composite.ts): which profiles take part, unit conversion,
 * rounding, merging, slivers, and the caps with their notes. The OCA vectors are in composite.test.ts.
 */
import { describe, expect, it } from 'vitest'
import { composite, computeComposite, convertLimit, relevantProfiles, roundLimit } from '../../../../src/main/services/smart-charging/composite'
import { previewSpans } from '../../../../src/main/services/smart-charging/profile-preview'
import { iso, on, profile, X } from './profile-fixtures'

const query = (over: Partial<Parameters<typeof composite>[1]> = {}) => ({ connectorId: 1, from: X, duration: 400, unit: 'A' as const, voltage: 230, ...over })

describe('unit conversion', () => {
  it('A to W is limit × voltage × phases, W to A the inverse; the same unit is left alone', () => {
    expect(convertLimit(10, 'A', 'W', 1, 230)).toBe(2300)
    expect(convertLimit(10, 'A', 'W', 2, 230)).toBe(4600)
    expect(convertLimit(4600, 'W', 'A', 2, 230)).toBe(10)
    expect(convertLimit(7, 'A', 'A', 1, 230)).toBe(7)
    expect(convertLimit(7, 'W', 'W', 1, 230)).toBe(7)
  })

  it('numberPhases outside 1..3 is read as 3', () => {
    expect(convertLimit(10, 'A', 'W', 0, 100)).toBe(3000)
    expect(convertLimit(10, 'A', 'W', 4, 100)).toBe(3000)
    expect(convertLimit(10, 'A', 'W', 3, 100)).toBe(3000)
    expect(convertLimit(10, 'A', 'W', undefined, 100)).toBe(3000)
  })

  it('limits are rounded to one decimal', () => {
    expect(roundLimit(15.94)).toBe(15.9)
    expect(roundLimit(15.95)).toBe(16)
    expect(roundLimit(Number.NaN)).toBe(0)
  })
})

describe('which profiles take part', () => {
  const cpMax = on(0, profile({ chargingProfilePurpose: 'ChargePointMaxProfile', periods: [[0, 40]] }))
  const cpMaxOn1 = on(1, profile({ chargingProfilePurpose: 'ChargePointMaxProfile', periods: [[0, 1]] }))
  const own = on(1, profile({ periods: [[0, 16]] }))
  const station = on(0, profile({ periods: [[0, 32]] }))
  const tx = on(1, profile({ chargingProfilePurpose: 'TxProfile', periods: [[0, 8]] }), 5)
  const txOther = on(1, profile({ chargingProfilePurpose: 'TxProfile', transactionId: 6, periods: [[0, 7]] }))
  const txAny = on(1, profile({ chargingProfilePurpose: 'TxProfile', periods: [[0, 9]] }))
  const all = [cpMax, cpMaxOn1, own, station, tx, txOther, txAny]

  it('by role: ChargePointMax only on connector 0; TxProfiles for the running transaction (or none named); TxDefaults of the connector and of connector 0', () => {
    const roles = relevantProfiles(all, { connectorId: 1, transaction: { transactionId: 5, start: X } })
    expect(roles.chargePointMax).toEqual([cpMax])
    expect(roles.txProfiles).toEqual([tx, txAny])
    expect(roles.connectorDefaults).toEqual([own])
    expect(roles.stationDefaults).toEqual([station])
    expect(relevantProfiles(all, { connectorId: 1 }).txProfiles).toEqual([])
    expect(relevantProfiles(all, { connectorId: 0 })).toEqual({ chargePointMax: [cpMax], txProfiles: [], connectorDefaults: [], stationDefaults: [] })
  })

  it('a placement’s transaction counts before the profile’s own', () => {
    const bound = on(1, profile({ chargingProfilePurpose: 'TxProfile', transactionId: 99, periods: [[0, 8]] }), 5)
    expect(relevantProfiles([bound], { connectorId: 1, transaction: { transactionId: 5, start: X } }).txProfiles).toEqual([bound])
  })
})

describe('the composite', () => {
  it('its periods start in whole seconds from the window start; equal neighbours merge, a change of phases does not', () => {
    const p = on(1, profile({ periods: [[0, 16, 3], [100, 16, 3], [200, 16, 1], [300, 10]] }))
    expect(computeComposite([p], query())).toEqual([
      { startPeriod: 0, limit: 16, numberPhases: 3 },
      { startPeriod: 200, limit: 16, numberPhases: 1 },
      { startPeriod: 300, limit: 10 },
    ])
  })

  it('a sub-second sliver is replaced by what follows it', () => {
    const p = on(1, profile({ periods: [[0, 16]], duration: 100 }))
    const q = on(1, profile({ stackLevel: 1, periods: [[0, 8]], duration: 50 }))
    const result = computeComposite([p, q], query({ from: X + 49_700, duration: 100 }))
    expect(result).toEqual([{ startPeriod: 0, limit: 16 }, { startPeriod: 50, limit: null }])
  })

  it('the lowest limit of ChargePointMax and the transaction level wins, in the requested unit', () => {
    const profiles = [on(0, profile({ chargingProfilePurpose: 'ChargePointMaxProfile', unit: 'W', periods: [[0, 6900]] })), on(1, profile({ periods: [[0, 16, 1]] }))]
    expect(computeComposite(profiles, query({ unit: 'A' }))).toEqual([{ startPeriod: 0, limit: 10 }])
    expect(computeComposite(profiles, query({ unit: 'W' }))).toEqual([{ startPeriod: 0, limit: 3680, numberPhases: 1 }])
  })

  it('the duration is the window’s; too many changes are cut with a note, and the composite ends there', () => {
    const many = on(1, profile({ periods: Array.from({ length: 10 }, (_, i) => [i * 10, 6 + (i % 2)] as [number, number]) }))
    const whole = composite([many], query({ duration: 200 }), 20)
    expect(whole).toEqual({ periods: expect.any(Array), duration: 200, truncated: [] })
    expect(whole.periods).toHaveLength(10)
    const cut = composite([many], query({ duration: 200 }), 4)
    expect(cut.periods.map((p) => p.startPeriod)).toEqual([0, 10, 20, 30])
    expect(cut.duration).toBe(40)
    expect(cut.truncated).toEqual([`A profile changes its limit more than 4 times in the window: the composite is computed up to ${iso(40)} only.`])
  })

  it('many merged spans from several profiles are cut at the composite’s own cap, with its note', () => {
    const a = on(1, profile({ periods: Array.from({ length: 5 }, (_, i) => [i * 20, 6] as [number, number]) }))
    const b = on(0, profile({ chargingProfilePurpose: 'ChargePointMaxProfile', periods: Array.from({ length: 5 }, (_, i) => [i * 20 + 10, i % 2 === 0 ? 5 : 7] as [number, number]) }))
    const result = composite([a, b], query({ duration: 100 }), 5)
    expect(result.truncated).toEqual([`The composite changes more than 5 times in the window: the first 5 periods are shown, up to ${iso(90)}.`])
    expect(result.periods).toHaveLength(5)
    expect(result.periods.map((p) => [p.startPeriod, p.limit])).toEqual([[0, 6], [10, 5], [30, 6], [50, 5], [70, 6]])
    expect(result.duration).toBe(90)
  })

  it('a window over 31 days is cut with a note', () => {
    const result = composite([on(1, profile({ periods: [[0, 16]] }))], query({ duration: 40 * 86_400 }))
    expect(result.duration).toBe(31 * 86_400)
    expect(result.truncated[0]).toMatch(/^The composite was asked for 3,456,000 s: only the first 31 days/)
  })
})

describe('the profile preview', () => {
  const template = { stackLevel: 0, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Relative', chargingSchedule: { chargingRateUnit: 'A', duration: 100, chargingSchedulePeriod: [{ startPeriod: 0, limit: 16, numberPhases: 1 }, { startPeriod: 50, limit: 10 }] } } as never

  it('shows the spans in the profile’s own unit by default, from the transaction start (the window start when none)', () => {
    expect(previewSpans(template, { from: X, duration: 600 })).toEqual({
      chargingRateUnit: 'A',
      from: iso(0),
      duration: 600,
      spans: [
        { start: iso(0), end: iso(50), limit: 16, numberPhases: 1 },
        { start: iso(50), end: iso(100), limit: 10 },
      ],
    })
    expect(previewSpans(template, { from: X, duration: 600, transactionStart: X - 20_000 }).spans[0]).toMatchObject({ start: iso(0), end: iso(30) })
    expect(Object.keys(previewSpans(template, { from: X, duration: 600 }).spans[1]!)).toEqual(['start', 'end', 'limit'])
  })

  it('converts to the unit asked for at 230 V unless told', () => {
    expect(previewSpans(template, { from: X, duration: 600, chargingRateUnit: 'W' }).spans.map((s) => s.limit)).toEqual([3680, 6900])
    expect(previewSpans(template, { from: X, duration: 600, chargingRateUnit: 'W', voltage: 100 }).spans.map((s) => s.limit)).toEqual([1600, 3000])
  })

  it('says what a cap cut', () => {
    const many = { ...(template as object), chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: Array.from({ length: 10_005 }, (_, i) => ({ startPeriod: i, limit: 6 + (i % 2) })) } } as never
    const preview = previewSpans(many, { from: X, duration: 20_000 })
    expect(preview.spans).toHaveLength(10_000)
    expect(preview.truncated).toEqual([`The profile changes its limit more than 10,000 times in the window: the first 10,000 spans are shown, up to ${iso(10_000)}.`])
    expect(previewSpans(template, { from: X, duration: 40 * 86_400 }).truncated![0]).toMatch(/^The preview was asked for/)
  })
})

describe('a tie between ChargePointMax and the transaction level', () => {
  it('the transaction level’s numberPhases is shown: it says how the car charges, ChargePointMax only caps the station', () => {
    const cpMax = on(0, profile({ chargingProfilePurpose: 'ChargePointMaxProfile', periods: [[0, 16, 3]] }))
    const txDefault = on(1, profile({ periods: [[0, 16, 1]] }))
    expect(computeComposite([cpMax, txDefault], query({ duration: 100 }))).toEqual([{ startPeriod: 0, limit: 16, numberPhases: 1 }])
    // Below the cap, the lower one is shown with its own phases either way.
    const lower = on(1, profile({ periods: [[0, 10, 2]] }))
    expect(computeComposite([cpMax, lower], query({ duration: 100 }))).toEqual([{ startPeriod: 0, limit: 10, numberPhases: 2 }])
  })
})
