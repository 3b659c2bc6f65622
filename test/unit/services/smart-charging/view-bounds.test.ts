/**
 * Issue 17 §2: every loop over time driven by a profile or a station's report is bounded by the
 * window (at most 31 days) and by the number of spans/periods (MAX_ITEMS), and says what it cut.
 */
import { describe, expect, it } from 'vitest'
import type { ChargingProfile } from '@shared/ocpp/payloads'
import type { InstalledProfile, ReportedComposite } from '@shared/contract/charging-dto'
import { buildView, type ViewInput } from '../../../../src/main/services/smart-charging/charging-view'
import { compareSchedules } from '../../../../src/main/services/smart-charging/compare'
import { composite, computeComposite, convertLimit, roundLimit } from '../../../../src/main/services/smart-charging/composite'
import { toReportedComposite } from '../../../../src/main/services/smart-charging/reported-composite'
import { profileTimeline } from '../../../../src/main/services/smart-charging/schedule-timeline'
import { boundedWindow, itemsPerConnector, MAX_ITEMS, MAX_VIEW_ITEMS, MAX_WINDOW_SECONDS, Truncation } from '../../../../src/main/services/smart-charging/view-bounds'

const X = Date.parse('2026-03-02T00:00:00Z')
const DAY = 86_400
const ABSURD = 8_638_203_414_586

function recurring(periods: { startPeriod: number; limit: number }[], over: Partial<ChargingProfile> = {}): ChargingProfile {
  return {
    chargingProfileId: 7,
    stackLevel: 0,
    chargingProfilePurpose: 'TxDefaultProfile',
    chargingProfileKind: 'Recurring',
    recurrencyKind: 'Daily',
    ...over,
    chargingSchedule: { startSchedule: new Date(X - DAY * 1000).toISOString(), chargingRateUnit: 'A', chargingSchedulePeriod: periods },
  }
}

/** 86,400 one-second periods alternating 6 A / 7 A: schema-valid and fine for a station, absurd to draw. */
const everySecond = Array.from({ length: DAY }, (_, i) => ({ startPeriod: i, limit: 6 + (i % 2) }))
const daily = recurring([{ startPeriod: 0, limit: 16 }, { startPeriod: 6 * 3600, limit: 10 }])

describe('the window', () => {
  it('is cut to 31 days, with a note naming the duration asked for', () => {
    const cut = new Truncation()
    expect(boundedWindow(X, ABSURD, 'The station reported a schedule of', cut)).toEqual({ from: X, duration: MAX_WINDOW_SECONDS })
    expect(cut.notes).toEqual([expect.stringMatching(/^The station reported a schedule of 8,638,203,414,586 s \(about 273,7\d\d years\): only the first 31 days/)])
  })

  it('never runs past the last representable date, and a negative or NaN duration is empty', () => {
    const cut = new Truncation()
    const window = boundedWindow(8.64e15, DAY, 'The view was asked for', cut)
    expect(() => new Date(window.from + window.duration * 1000).toISOString()).not.toThrow()
    expect(cut.notes.join()).toMatch(/last date/)
    expect(boundedWindow(X, -5, 'x').duration).toBe(0)
    expect(boundedWindow(X, Number.NaN, 'x').duration).toBe(0)
  })
})

describe('a profile timeline', () => {
  it('a daily Recurring profile over 10^13 s is computed over 31 days only (was ~10^8 occurrences)', () => {
    const timeline = profileTimeline(daily, X, X + 1e16)
    expect(timeline.truncated).toBe(true)
    expect(timeline.spans.length).toBeLessThanOrEqual(2 * 32)
    expect(timeline.spans.at(-1)!.end).toBeLessThanOrEqual(X + MAX_WINDOW_SECONDS * 1000)
  })

  it('a Recurring profile with a 1-second period list gives at most MAX_ITEMS spans, complete up to `until`', () => {
    const timeline = profileTimeline(recurring(everySecond), X, X + 7 * DAY * 1000)
    expect(timeline.spans).toHaveLength(MAX_ITEMS)
    expect(timeline.truncated).toBe(true)
    expect(timeline.until).toBe(X + MAX_ITEMS * 1000)
  })

  it('periods sent in any order are applied in time order', () => {
    const timeline = profileTimeline(recurring([{ startPeriod: 3600, limit: 10 }, { startPeriod: 0, limit: 16 }]), X, X + 7200_000)
    expect(timeline.spans.map((s) => [s.start - X, s.limit])).toEqual([[0, 16], [3600_000, 10]])
    expect(timeline.truncated).toBe(false)
  })
})

describe('the composite', () => {
  it('over 8,638,203,414,586 s with a daily Recurring profile: 31 days, a note, bounded periods', () => {
    const result = composite([{ connectorId: 0, profile: daily }], { connectorId: 1, from: X, duration: ABSURD, unit: 'A', voltage: 230 })
    expect(result.duration).toBe(MAX_WINDOW_SECONDS)
    expect(result.periods.length).toBeLessThanOrEqual(2 * 32)
    expect(result.truncated.join()).toMatch(/8,638,203,414,586 s/)
    expect(computeComposite([{ connectorId: 0, profile: daily }], { connectorId: 1, from: X, duration: ABSURD, unit: 'A', voltage: 230 })).toEqual(result.periods)
  })

  it('with a 1-second profile: at most MAX_ITEMS periods, ending where its inputs are complete', () => {
    const result = composite([{ connectorId: 0, profile: recurring(everySecond) }], { connectorId: 1, from: X, duration: 7 * DAY, unit: 'A', voltage: 230 })
    expect(result.periods.length).toBeLessThanOrEqual(MAX_ITEMS)
    expect(result.duration).toBeLessThanOrEqual(MAX_ITEMS)
    expect(result.periods.at(-1)!.startPeriod).toBeLessThan(result.duration)
    expect(result.truncated.join()).toMatch(/more than 10,000 times/)
  })

  it('limits stay finite through unit conversions (1e308 A in W; numberPhases 0 or 2^31)', () => {
    expect(roundLimit(convertLimit(1e308, 'A', 'W', 3, 230))).toBe(1e12)
    expect(Number.isFinite(roundLimit(convertLimit(6000, 'W', 'A', 0, 230)))).toBe(true)
    expect(roundLimit(convertLimit(6900, 'W', 'A', 2 ** 31 - 1, 230))).toBe(10)
  })
})

describe('comparing with a station report', () => {
  it('a station\u2019s periods in any order are compared in time order, in one pass over 30,000 of them', () => {
    const start = X
    const reported = Array.from({ length: 30_000 }, (_, i) => ({ startPeriod: (30_000 - 1 - i) * 10, limit: 16 })).concat([{ startPeriod: 150_000, limit: 10 }])
    const differences = compareSchedules({ start, end: start + 300_000_000, periods: [{ startPeriod: 0, limit: 16 }] }, { start, end: start + 300_000_000, periods: reported })
    expect(differences).toEqual([{ start: new Date(start + 150_000_000).toISOString(), end: new Date(start + 150_010_000).toISOString(), expected: 16, reported: 10 }])
  })

  it('a report of 35,000 periods is kept as its first 10,000 in time order, with a note', () => {
    const periods = Array.from({ length: 35_000 }, (_, i) => ({ startPeriod: 35_000 - i, limit: 16 }))
    const kept = toReportedComposite({ connectorId: 1, duration: 60 }, { status: 'Accepted', scheduleStart: new Date(X).toISOString(), chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: periods } }, new Date(X).toISOString(), 't1')
    expect(kept.chargingSchedule!.chargingSchedulePeriod).toHaveLength(MAX_ITEMS)
    expect(kept.chargingSchedule!.chargingSchedulePeriod[0]!.startPeriod).toBe(1)
    expect(kept.truncated?.join()).toMatch(/35,000 periods/)
    expect(kept.completeUntil).toBe(10_001)
  })
})

describe('the station view', () => {
  const installed = (profile: ChargingProfile, connectorId = 0): InstalledProfile => ({ connectorId, profile, installedAt: new Date(X).toISOString(), via: 'SetChargingProfile', taskId: 't' })
  const input = (over: Partial<ViewInput> = {}): ViewInput => ({
    stationId: 'CP',
    from: X,
    duration: DAY,
    unit: 'A',
    voltage: 230,
    limits: {},
    installed: [],
    connectorIds: [1, 2],
    reported: {},
    transactionOn: () => undefined,
    ...over,
  })
  const report = (over: Partial<ReportedComposite> = {}): ReportedComposite => ({
    connectorId: 1,
    requested: { duration: DAY },
    status: 'Accepted',
    scheduleStart: new Date(X).toISOString(),
    chargingSchedule: { duration: ABSURD, chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] },
    receivedAt: new Date(X).toISOString(),
    taskId: 't',
    ...over,
  })

  it('one connector\u2019s unusable report does not fail the view: it is handed back for quarantine, the others are built', async () => {
    const unusable: number[] = []
    const broken = report({ chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: null } as never })
    const view = await buildView(input({ installed: [installed(daily)], reported: { '1': broken, '2': report({ connectorId: 2 }) }, reportUnusable: (id) => unusable.push(id) }))
    expect(unusable).toEqual([1])
    const one = view.connectors.find((c) => c.connectorId === 1)!
    expect(one.reported).toBeUndefined()
    expect(one.error).toMatch(/moved to quarantine/)
    expect(one.expected.periods.length).toBeGreaterThan(0)
    const two = view.connectors.find((c) => c.connectorId === 2)!
    expect(two.reported?.viewDuration).toBe(MAX_WINDOW_SECONDS)
    expect(two.truncated?.join()).toMatch(/31 days/)
  })

  it('a connector whose schedule cannot be computed gets an error naming an id (its own words go to the log); the others are built', async () => {
    const failed: number[] = []
    const logged: string[] = []
    const view = await buildView(input({
      installed: [installed(daily)],
      transactionOn: (id) => {
        if (id === 2) throw new Error('transaction store unavailable')
        return undefined
      },
      connectorFailed: (id) => failed.push(id),
      logError: (line) => logged.push(line),
    }))
    expect(failed).toEqual([2])
    const error = view.connectors.find((c) => c.connectorId === 2)!.error!
    expect(error).not.toMatch(/transaction store unavailable/)
    const id = /error id ([0-9a-f]{8})/.exec(error)?.[1]
    expect(logged.some((line) => line.includes(id!) && line.includes('transaction store unavailable'))).toBe(true)
    expect(view.connectors.find((c) => c.connectorId === 1)!.layers).toHaveLength(1)
  })

  // Heavy (129 connectors × 10,000-span caps): under a loaded machine or mutation-test instrumentation it takes longer than the default 5 s.
  it('a station with many connectors and a 1-second profile on connector 0 stays within MAX_VIEW_ITEMS per series kind', { timeout: 60_000 }, async () => {
    const connectorIds = Array.from({ length: 128 }, (_, i) => i + 1)
    // Stored profiles are frozen (as the repository keeps them): their periods are sorted once.
    const profile = recurring(everySecond, { chargingProfilePurpose: 'ChargePointMaxProfile' })
    Object.freeze(profile.chargingSchedule)
    const view = await buildView(input({ connectorIds, installed: [installed(profile)] }))
    const per = itemsPerConnector(129)
    const layerSpans = view.connectors.reduce((sum, c) => sum + c.layers.reduce((n, l) => n + l.spans.length, 0), 0)
    const periods = view.connectors.reduce((sum, c) => sum + c.expected.periods.length, 0)
    expect(layerSpans).toBeLessThanOrEqual(MAX_VIEW_ITEMS)
    expect(periods).toBeLessThanOrEqual(MAX_VIEW_ITEMS)
    for (const c of view.connectors) expect(c.truncated?.join()).toMatch(new RegExp(`more than ${per.toLocaleString('en-US')} times`))
  })
})
