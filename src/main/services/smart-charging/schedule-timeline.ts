/**
 * One charging profile's own limits over time (OCPP 1.6 §3.13, §7.8–7.14; errata 3.43–3.45,
 * 3.79): validity (validFrom/validTo), the schedule's start (Absolute: startSchedule; Relative:
 * the transaction start; Recurring: startSchedule repeated daily or weekly), its periods and its
 * duration. Pure functions on epoch milliseconds.
 */
import type { ChargingProfile } from '@shared/ocpp/payloads'
import { boundedRange, MAX_ITEMS } from './view-bounds'

/** A limit in the profile's own unit over [start, end) (ms). */
export interface Span {
  start: number
  end: number
  limit: number
  numberPhases?: number
}

export interface TimelineContext {
  /** Start of the transaction a Relative schedule counts from (ms); absent = the window start. */
  transactionStart?: number
}

const DAY_MS = 86_400_000
const RECURRENCE_MS: Record<string, number> = { Daily: DAY_MS, Weekly: 7 * DAY_MS }

function time(iso: string | undefined): number | undefined {
  if (iso === undefined) return undefined
  const t = Date.parse(iso)
  return Number.isNaN(t) ? undefined : t
}

type Period = ChargingProfile['chargingSchedule']['chargingSchedulePeriod'][number]

/** A profile's spans over a window, and how far they are complete. */
export interface Timeline {
  spans: Span[]
  /** The spans are complete up to here (ms): the window's end, or where the span cap cut them. */
  until: number
  /** True when the cap on spans (or on the window) cut the timeline. */
  truncated: boolean
}

const sorted = new WeakMap<object, readonly Period[]>()

/** The schedule's usable periods in time order, sorted once per (frozen, stored) schedule however many views use it. */
function sortedPeriods(schedule: ChargingProfile['chargingSchedule']): readonly Period[] {
  let periods = sorted.get(schedule)
  if (!periods) {
    periods = schedule.chargingSchedulePeriod.filter((p) => Number.isFinite(p.startPeriod) && Number.isFinite(p.limit)).sort((a, b) => a.startPeriod - b.startPeriod)
    if (Object.isFrozen(schedule)) sorted.set(schedule, periods)
  }
  return periods
}

/** The schedule's periods over one occurrence [anchor, end), clipped to [from, to); false once `max` spans are out. */
function occurrenceSpans(periods: readonly Period[], anchor: number, end: number, from: number, to: number, out: Span[], max: number): boolean {
  const stopAt = Math.min(end, to)
  for (let i = 0; i < periods.length; i += 1) {
    const period = periods[i]!
    const begin = anchor + period.startPeriod * 1000
    if (begin >= stopAt) break
    const next = periods[i + 1]
    const stop = Math.min(next ? anchor + next.startPeriod * 1000 : end, stopAt)
    const start = Math.max(begin, from)
    if (stop <= start) continue
    if (out.length >= max) return false
    out.push({ start, end: stop, limit: period.limit, ...(period.numberPhases !== undefined ? { numberPhases: period.numberPhases } : {}) })
  }
  return true
}

/** Where the profile limits charging within [from, to): no span = the profile does not apply there. */
export function profileSpans(profile: ChargingProfile, from: number, to: number, context: TimelineContext = {}): Span[] {
  return profileTimeline(profile, from, to, context).spans
}

/**
 * The profile's spans within [from, to), at most `maxSpans` of them and over at most
 * MAX_WINDOW_SECONDS: whatever the profile says (a 1-second Recurring period list, a duration of
 * 10^13 s), the work is bounded by the window and the cap, never by the profile's own numbers.
 */
export function profileTimeline(profile: ChargingProfile, from: number, to: number, context: TimelineContext = {}, maxSpans = MAX_ITEMS): Timeline {
  const window = boundedRange(from, to)
  const end = window.to
  const windowCut = window.cut
  const validFrom = time(profile.validFrom) ?? Number.NEGATIVE_INFINITY
  const validTo = time(profile.validTo) ?? Number.POSITIVE_INFINITY
  const windowStart = Math.max(window.from, validFrom)
  const windowEnd = Math.min(end, validTo)
  if (windowEnd <= windowStart) return { spans: [], until: end, truncated: windowCut }
  const schedule = profile.chargingSchedule
  const durationMs = typeof schedule.duration === 'number' && Number.isFinite(schedule.duration) ? schedule.duration * 1000 : Number.POSITIVE_INFINITY
  const startSchedule = time(schedule.startSchedule)
  const periods = sortedPeriods(schedule)
  const spans: Span[] = []
  const cut = (): Timeline => ({ spans, until: spans.at(-1)?.end ?? windowStart, truncated: true })

  if (profile.chargingProfileKind === 'Recurring') {
    const period = RECURRENCE_MS[profile.recurrencyKind ?? 'Daily'] ?? DAY_MS
    const anchor0 = startSchedule ?? context.transactionStart ?? window.from
    // Every occurrence that may overlap the window (at most 33 in 31 days); what runs past the next occurrence is not executed.
    const first = Math.floor((windowStart - anchor0) / period)
    for (let k = first; anchor0 + k * period < windowEnd; k += 1) {
      const anchor = anchor0 + k * period
      if (!occurrenceSpans(periods, anchor, anchor + Math.min(durationMs, period), windowStart, windowEnd, spans, maxSpans)) return cut()
    }
    return { spans, until: end, truncated: windowCut }
  }
  const anchor = profile.chargingProfileKind === 'Relative' ? (context.transactionStart ?? window.from) : (startSchedule ?? context.transactionStart ?? window.from)
  if (!occurrenceSpans(periods, anchor, anchor + durationMs, windowStart, windowEnd, spans, maxSpans)) return cut()
  return { spans, until: end, truncated: windowCut }
}

/** The span covering `t`, if any (spans are sorted and do not overlap): a binary search. */
export function spanAt(spans: readonly Span[], t: number): Span | undefined {
  let low = 0
  let high = spans.length - 1
  while (low <= high) {
    const middle = (low + high) >>> 1
    const span = spans[middle]!
    if (t < span.start) high = middle - 1
    else if (t >= span.end) low = middle + 1
    else return span
  }
  return undefined
}
