/**
 * One profile's limits over time (schedule-timeline.ts) and the bounds every view keeps
 * (view-bounds.ts), at their edges.
 */
import { describe, expect, it } from 'vitest'
import type { ChargingProfile } from '@shared/ocpp/payloads'
import { profileSpans, profileTimeline, spanAt } from '../../../../src/main/services/smart-charging/schedule-timeline'
import { boundedRange, boundedWindow, describeSeconds, finiteLimit, firstItems, itemsPerConnector, MAX_ITEMS, MAX_LIMIT, MAX_WINDOW_SECONDS, MIN_ITEMS_PER_CONNECTOR, number, Truncation } from '../../../../src/main/services/smart-charging/view-bounds'

const X = Date.parse('2026-03-02T12:00:00Z')
const iso = (s: number) => new Date(X + s * 1000).toISOString()
const HOUR = 3600
const DAY = 86_400

function profile(over: Partial<ChargingProfile> & { periods?: [number, number, number?][]; duration?: number; startSchedule?: string | null } = {}): ChargingProfile {
  const { periods = [[0, 16]], duration, startSchedule = iso(0), ...rest } = over
  return {
    chargingProfileId: 1,
    stackLevel: 0,
    chargingProfilePurpose: 'TxDefaultProfile',
    chargingProfileKind: 'Absolute',
    ...rest,
    chargingSchedule: {
      chargingRateUnit: 'A',
      ...(duration !== undefined ? { duration } : {}),
      ...(startSchedule !== null ? { startSchedule } : {}),
      chargingSchedulePeriod: periods.map(([startPeriod, limit, numberPhases]) => ({ startPeriod, limit, ...(numberPhases !== undefined ? { numberPhases } : {}) })),
    },
  }
}
const spans = (p: ChargingProfile, fromS: number, toS: number, transactionStart?: number) =>
  profileSpans(p, X + fromS * 1000, X + toS * 1000, transactionStart === undefined ? {} : { transactionStart: X + transactionStart * 1000 }).map((s) => [(s.start - X) / 1000, (s.end - X) / 1000, s.limit, ...(s.numberPhases !== undefined ? [s.numberPhases] : [])])

describe('one profile over a window', () => {
  it('an Absolute schedule runs from startSchedule for its duration, each period until the next, clipped to the window', () => {
    const p = profile({ duration: 300, periods: [[0, 16], [100, 10, 1], [200, 6]] })
    expect(spans(p, 0, 1000)).toEqual([[0, 100, 16], [100, 200, 10, 1], [200, 300, 6]])
    expect(spans(p, 150, 250)).toEqual([[150, 200, 10, 1], [200, 250, 6]])
    expect(spans(p, 100, 200)).toEqual([[100, 200, 10, 1]])
    expect(spans(p, 300, 400)).toEqual([])
    expect(spans(p, -100, 50)).toEqual([[0, 50, 16]])
  })

  it('without a duration the last period lasts to the end of the window', () => {
    expect(spans(profile({ periods: [[0, 16], [60, 8]] }), 0, 600)).toEqual([[0, 60, 16], [60, 600, 8]])
  })

  it('a non-finite duration is read as none', () => {
    expect(spans(profile({ duration: Number.NaN }), 0, 600)).toEqual([[0, 600, 16]])
  })

  it('periods whose start or limit is not a number are left out', () => {
    expect(spans(profile({ periods: [[0, 16], [Number.NaN, 30], [60, Number.POSITIVE_INFINITY], [120, 8]] }), 0, 300)).toEqual([[0, 120, 16], [120, 300, 8]])
  })

  it('validFrom and validTo bound it: from validFrom on, up to validTo; none inside the window gives nothing', () => {
    const p = profile({ validFrom: iso(60), validTo: iso(120) })
    expect(spans(p, 0, 600)).toEqual([[60, 120, 16]])
    expect(spans(profile({ validFrom: iso(600) }), 0, 600)).toEqual([])
    expect(spans(profile({ validTo: iso(0) }), 0, 600)).toEqual([])
    expect(spans(profile({ validFrom: 'not a date', validTo: 'never' }), 0, 60)).toEqual([[0, 60, 16]])
  })

  it('a Relative schedule starts at the transaction start, else at the window start; an Absolute one without startSchedule too', () => {
    const relative = profile({ chargingProfileKind: 'Relative', startSchedule: null, duration: 100 })
    expect(spans(relative, 0, 600, 50)).toEqual([[50, 150, 16]])
    expect(spans(relative, 20, 600)).toEqual([[20, 120, 16]])
    // A Relative schedule ignores a startSchedule it should not have.
    expect(spans(profile({ chargingProfileKind: 'Relative', startSchedule: iso(-1000), duration: 100 }), 0, 600, 50)).toEqual([[50, 150, 16]])
    expect(spans(profile({ startSchedule: null, duration: 100 }), 0, 600, 30)).toEqual([[30, 130, 16]])
    expect(spans(profile({ startSchedule: null, duration: 100 }), 10, 600)).toEqual([[10, 110, 16]])
  })

  it('Recurring Daily repeats every 24 h; without recurrencyKind it is daily; its duration is cut at the next occurrence', () => {
    const daily = profile({ chargingProfileKind: 'Recurring', recurrencyKind: 'Daily', startSchedule: iso(-DAY + HOUR), duration: HOUR })
    expect(spans(daily, 0, 2 * DAY)).toEqual([[HOUR, 2 * HOUR, 16], [DAY + HOUR, DAY + 2 * HOUR, 16]])
    const noKind = profile({ chargingProfileKind: 'Recurring', startSchedule: iso(-DAY + HOUR), duration: HOUR })
    expect(spans(noKind, 0, 2 * DAY)).toEqual([[HOUR, 2 * HOUR, 16], [DAY + HOUR, DAY + 2 * HOUR, 16]])
    const odd = profile({ chargingProfileKind: 'Recurring', recurrencyKind: 'Monthly' as never, startSchedule: iso(-DAY + HOUR), duration: HOUR })
    expect(spans(odd, 0, 2 * DAY)).toEqual([[HOUR, 2 * HOUR, 16], [DAY + HOUR, DAY + 2 * HOUR, 16]])
    const long = profile({ chargingProfileKind: 'Recurring', recurrencyKind: 'Daily', startSchedule: iso(0), duration: 3 * DAY, periods: [[0, 16], [HOUR, 8]] })
    expect(spans(long, 0, 2 * DAY)).toEqual([[0, HOUR, 16], [HOUR, DAY, 8], [DAY, DAY + HOUR, 16], [DAY + HOUR, 2 * DAY, 8]])
  })

  it('Recurring Weekly repeats every 7 days; without startSchedule it counts from the transaction start, else the window start', () => {
    const weekly = profile({ chargingProfileKind: 'Recurring', recurrencyKind: 'Weekly', startSchedule: iso(-7 * DAY + 60), duration: 60 })
    expect(spans(weekly, 0, 8 * DAY)).toEqual([[60, 120, 16], [7 * DAY + 60, 7 * DAY + 120, 16]])
    const fromTx = profile({ chargingProfileKind: 'Recurring', recurrencyKind: 'Daily', startSchedule: null, duration: 60 })
    expect(spans(fromTx, 0, DAY + 600, 300)).toEqual([[300, 360, 16], [DAY + 300, DAY + 360, 16]])
    expect(spans(fromTx, 100, DAY + 600)).toEqual([[100, 160, 16], [DAY + 100, DAY + 160, 16]])
  })

  it('at most maxSpans spans: then the timeline says where it is complete', () => {
    const p = profile({ periods: [[0, 1], [10, 2], [20, 3], [30, 4]] })
    expect(profileTimeline(p, X, X + 100_000, {}, 4)).toEqual({ spans: expect.any(Array), until: X + 100_000, truncated: false })
    const cut = profileTimeline(p, X, X + 100_000, {}, 2)
    expect(cut.truncated).toBe(true)
    expect(cut.until).toBe(X + 20_000)
    expect(cut.spans).toHaveLength(2)
    const none = profileTimeline(p, X, X + 100_000, {}, 0)
    expect(none).toEqual({ spans: [], until: X, truncated: true })
    const recurringCut = profileTimeline(profile({ chargingProfileKind: 'Recurring', recurrencyKind: 'Daily', periods: [[0, 1], [HOUR, 2]] }), X, X + 3 * DAY * 1000, {}, 3)
    expect(recurringCut).toMatchObject({ truncated: true, until: X + (DAY + HOUR) * 1000 })
  })

  it('a window longer than 31 days is cut, and says so', () => {
    const t = profileTimeline(profile(), X, X + 40 * DAY * 1000)
    expect(t).toMatchObject({ truncated: true, until: X + MAX_WINDOW_SECONDS * 1000 })
    expect(t.spans).toEqual([{ start: X, end: X + MAX_WINDOW_SECONDS * 1000, limit: 16 }])
    expect(profileTimeline(profile({ validTo: iso(-10) }), X, X + 40 * DAY * 1000)).toEqual({ spans: [], until: X + MAX_WINDOW_SECONDS * 1000, truncated: true })
  })
})

describe('the span at a time', () => {
  const list = [
    { start: 0, end: 10, limit: 1 },
    { start: 10, end: 20, limit: 2 },
    { start: 30, end: 40, limit: 3 },
  ]
  it('finds the span covering t, its start included and its end not', () => {
    expect(spanAt(list, 0)?.limit).toBe(1)
    expect(spanAt(list, 9.9)?.limit).toBe(1)
    expect(spanAt(list, 10)?.limit).toBe(2)
    expect(spanAt(list, 35)?.limit).toBe(3)
    expect(spanAt(list, 20)).toBeUndefined()
    expect(spanAt(list, 40)).toBeUndefined()
    expect(spanAt(list, -1)).toBeUndefined()
    expect(spanAt([], 0)).toBeUndefined()
  })
})

describe('the bounds', () => {
  it('a window is whole seconds, at most 31 days, and says in a note what was asked for', () => {
    const cut = new Truncation()
    expect(boundedWindow(X, 59.9, 'The view was asked for', cut)).toEqual({ from: X, duration: 59 })
    expect(cut.notes).toEqual([])
    expect(boundedWindow(X, MAX_WINDOW_SECONDS, 'The view was asked for', cut)).toEqual({ from: X, duration: MAX_WINDOW_SECONDS })
    expect(cut.notes).toEqual([])
    expect(boundedWindow(X, MAX_WINDOW_SECONDS + 1, 'The view was asked for', cut).duration).toBe(MAX_WINDOW_SECONDS)
    expect(cut.notes).toEqual(['The view was asked for 2,678,401 s: only the first 31 days (2,678,400 s) are computed and shown, the longest window a view covers.'])
    expect(boundedWindow(Number.NaN, 60, 'x')).toEqual({ from: 0, duration: 60 })
    expect(boundedWindow(X, Number.POSITIVE_INFINITY, 'x')).toEqual({ from: X, duration: 0 })
  })

  it('a window near the last representable date is cut there, with a note', () => {
    const cut = new Truncation()
    const last = 8.64e15 - 86_400_000
    expect(boundedWindow(last - 10_000, 60, 'The view was asked for', cut)).toEqual({ from: last - 10_000, duration: 10 })
    expect(cut.notes).toEqual(['The view was asked for a window that runs past the last date a computer can represent: it is cut there.'])
    expect(boundedWindow(9e15, 60, 'x')).toEqual({ from: last, duration: 0 })
    expect(boundedWindow(-9e15, 60, 'x').from).toBe(-last)
  })

  it('a range is cut to 31 days and to the date range, and says whether it was', () => {
    expect(boundedRange(X, X + 1000)).toEqual({ from: X, to: X + 1000, cut: false })
    expect(boundedRange(X, X + MAX_WINDOW_SECONDS * 1000)).toEqual({ from: X, to: X + MAX_WINDOW_SECONDS * 1000, cut: false })
    expect(boundedRange(X, X + MAX_WINDOW_SECONDS * 1000 + 1)).toEqual({ from: X, to: X + MAX_WINDOW_SECONDS * 1000, cut: true })
    expect(boundedRange(X, X - 5)).toEqual({ from: X, to: X, cut: false })
    expect(boundedRange(X, Number.NaN)).toEqual({ from: X, to: X, cut: false })
    expect(boundedRange(Number.NaN, 5)).toEqual({ from: 0, to: 5, cut: false })
  })

  it('durations of two years or more are also said in years', () => {
    expect(describeSeconds(DAY)).toBe('86,400 s')
    expect(describeSeconds(2 * 365.25 * DAY)).toBe('63,115,200 s (about 2 years)')
    expect(describeSeconds(2 * 365.25 * DAY - 1)).toBe('63,115,199 s')
    expect(number(1234567.8)).toBe('1,234,568')
    expect(firstItems(10_000)).toBe('the first 10,000')
  })

  it('notes are said once each, at most 50', () => {
    const cut = new Truncation()
    expect(cut.field()).toEqual({})
    cut.add('a')
    cut.add('a')
    expect(cut.field()).toEqual({ truncated: ['a'] })
    for (let i = 0; i < 60; i += 1) cut.add(`n${i}`)
    expect(cut.notes).toHaveLength(50)
    const field = cut.field()
    cut.add('late')
    expect(field.truncated).toHaveLength(50)
    expect(field.truncated).not.toBe(cut.notes)
  })

  it('items per connector: MAX_VIEW_ITEMS shared, at least 100, at most MAX_ITEMS', () => {
    expect(itemsPerConnector(0)).toBe(MAX_ITEMS)
    expect(itemsPerConnector(5)).toBe(MAX_ITEMS)
    expect(itemsPerConnector(6)).toBe(8333)
    expect(itemsPerConnector(500)).toBe(MIN_ITEMS_PER_CONNECTOR)
    expect(itemsPerConnector(1000)).toBe(MIN_ITEMS_PER_CONNECTOR)
  })

  it('a limit stays finite and within ±MAX_LIMIT; NaN is 0', () => {
    expect(finiteLimit(Number.NaN)).toBe(0)
    expect(finiteLimit(Number.POSITIVE_INFINITY)).toBe(MAX_LIMIT)
    expect(finiteLimit(Number.NEGATIVE_INFINITY)).toBe(-MAX_LIMIT)
    expect(finiteLimit(-5)).toBe(-5)
    expect(finiteLimit(MAX_LIMIT)).toBe(MAX_LIMIT)
  })
})
