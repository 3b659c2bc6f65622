/**
 * Schedules as chart points. The limits themselves come from main (getChargingView); this only
 * places them on a time axis: a limit held over [start, end) becomes a flat segment, null a gap.
 */
import type { CompositeSchedule, LimitSpan, ReportedComposite } from '@shared/contract/charging-dto'

/** [epoch ms, limit]; a null limit breaks the line. */
export type ChartPoint = [number, number | null]

export interface TimeSpan {
  start: number
  end: number
  limit: number | null
}

/** Flat segments joined by vertical steps; a null span or a hole between spans leaves a gap. */
export function spanPoints(spans: TimeSpan[]): ChartPoint[] {
  const points: ChartPoint[] = []
  let lastEnd: number | null = null
  for (const span of spans) {
    if (!(span.end > span.start)) continue
    if (lastEnd !== null && span.start > lastEnd) points.push([lastEnd, null])
    if (span.limit === null) points.push([span.start, null])
    else points.push([span.start, span.limit], [span.end, span.limit])
    lastEnd = span.end
  }
  return points
}

export function limitSpans(spans: LimitSpan[]): TimeSpan[] {
  return spans.map((s) => ({ start: Date.parse(s.start), end: Date.parse(s.end), limit: s.limit }))
}

/** The last instant a Date can hold (ms): spans are cut there so every time stays printable. */
const LAST_TIME = 8.64e15

/** Periods relative to a start, each until the next one, the last until start + duration. */
function periodSpans(start: number, durationSec: number, periods: { startPeriod: number; limit: number | null }[]): TimeSpan[] {
  if (!Number.isFinite(start)) return []
  const end = Math.min(start + durationSec * 1000, LAST_TIME)
  const sorted = [...periods].sort((a, b) => a.startPeriod - b.startPeriod)
  return sorted
    .map((p, i) => {
      const next = sorted[i + 1]
      return { start: start + p.startPeriod * 1000, end: Math.min(end, next ? start + next.startPeriod * 1000 : end), limit: p.limit }
    })
    .filter((s) => s.end > s.start)
}

export function compositeSpans(schedule: CompositeSchedule): TimeSpan[] {
  return periodSpans(Date.parse(schedule.scheduleStart), schedule.duration, schedule.periods)
}

/** Where the station's reported schedule starts: scheduleStart, else its startSchedule, else when the answer came. */
export function reportedStart(report: ReportedComposite): number {
  return Date.parse(report.scheduleStart ?? report.chargingSchedule?.startSchedule ?? report.receivedAt)
}

/**
 * The reported composite on the time axis, in the view's unit when main converted it; [] when the
 * station sent no schedule. Over `viewDuration` when main gives it (the report's duration capped to
 * 31 days: a station may report 8,638,203,414,586 s).
 */
export function reportedSpans(report: ReportedComposite & { viewPeriods?: { startPeriod: number; limit: number }[]; viewDuration?: number }): TimeSpan[] {
  const schedule = report.chargingSchedule
  if (!schedule) return []
  return periodSpans(reportedStart(report), report.viewDuration ?? schedule.duration ?? report.requested.duration, report.viewPeriods ?? schedule.chargingSchedulePeriod)
}

/** The parts of the spans inside [from, to). */
export function clipSpans(spans: TimeSpan[], from: number, to: number): TimeSpan[] {
  return spans.map((s) => ({ ...s, start: Math.max(s.start, from), end: Math.min(s.end, to) })).filter((s) => s.end > s.start)
}
