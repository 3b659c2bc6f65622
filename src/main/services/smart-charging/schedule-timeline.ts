/**
 * One charging profile's own limits over time (OCPP 1.6 §3.13, §7.8–7.14; errata 3.43–3.45,
 * 3.79): validity (validFrom/validTo), the schedule's start (Absolute: startSchedule; Relative:
 * the transaction start; Recurring: startSchedule repeated daily or weekly), its periods and its
 * duration. Pure functions on epoch milliseconds.
 */
import type { ChargingProfile } from '@shared/ocpp/payloads'

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
const RECURRENCE_MS = { Daily: DAY_MS, Weekly: 7 * DAY_MS } as const

function time(iso: string | undefined): number | undefined {
  if (iso === undefined) return undefined
  const t = Date.parse(iso)
  return Number.isNaN(t) ? undefined : t
}

/** The schedule's periods over one occurrence [anchor, end), clipped to [from, to). */
function occurrenceSpans(profile: ChargingProfile, anchor: number, end: number, from: number, to: number, out: Span[]): void {
  const periods = [...profile.chargingSchedule.chargingSchedulePeriod].sort((a, b) => a.startPeriod - b.startPeriod)
  for (let i = 0; i < periods.length; i += 1) {
    const period = periods[i]!
    const start = Math.max(anchor + period.startPeriod * 1000, from)
    const next = periods[i + 1]
    const stop = Math.min(next ? anchor + next.startPeriod * 1000 : end, end, to)
    if (stop <= start) continue
    out.push({ start, end: stop, limit: period.limit, ...(period.numberPhases !== undefined ? { numberPhases: period.numberPhases } : {}) })
  }
}

/** Where the profile limits charging within [from, to): no span = the profile does not apply there. */
export function profileSpans(profile: ChargingProfile, from: number, to: number, context: TimelineContext = {}): Span[] {
  const validFrom = time(profile.validFrom) ?? Number.NEGATIVE_INFINITY
  const validTo = time(profile.validTo) ?? Number.POSITIVE_INFINITY
  const windowStart = Math.max(from, validFrom)
  const windowEnd = Math.min(to, validTo)
  if (windowEnd <= windowStart) return []
  const schedule = profile.chargingSchedule
  const durationMs = schedule.duration !== undefined ? schedule.duration * 1000 : Number.POSITIVE_INFINITY
  const startSchedule = time(schedule.startSchedule)
  const spans: Span[] = []

  if (profile.chargingProfileKind === 'Recurring') {
    const period = RECURRENCE_MS[profile.recurrencyKind ?? 'Daily']
    const anchor0 = startSchedule ?? context.transactionStart ?? from
    // Every occurrence that may overlap the window; what runs past the next occurrence is not executed.
    const first = Math.floor((windowStart - anchor0) / period)
    for (let k = first; anchor0 + k * period < windowEnd; k += 1) {
      const anchor = anchor0 + k * period
      occurrenceSpans(profile, anchor, anchor + Math.min(durationMs, period), windowStart, windowEnd, spans)
    }
    return spans
  }
  const anchor = profile.chargingProfileKind === 'Relative' ? (context.transactionStart ?? from) : (startSchedule ?? context.transactionStart ?? from)
  occurrenceSpans(profile, anchor, anchor + durationMs, windowStart, windowEnd, spans)
  return spans
}

/** The span covering `t`, if any (spans are sorted and do not overlap). */
export function spanAt(spans: readonly Span[], t: number): Span | undefined {
  for (const span of spans) {
    if (span.start <= t && t < span.end) return span
    if (span.start > t) return undefined
  }
  return undefined
}
