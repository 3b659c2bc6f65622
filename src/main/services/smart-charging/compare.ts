/**
 * Where a station's reported composite schedule and the CSMS's own differ. Small differences
 * (unit conversion rounding, a station computing a second later) are not reported.
 */
import type { ScheduleDifference } from '@shared/contract/charging-dto'
import type { CompositePeriod } from './composite'

export interface AbsoluteSchedule {
  start: number
  end: number
  periods: readonly { startPeriod: number; limit: number | null }[]
}

const MIN_DIFFERENCE_MS = 2000

type Periods = AbsoluteSchedule['periods']

/** The periods in time order (a station may send them in any order), with absolute start times. */
function timed(schedule: AbsoluteSchedule): { at: number; limit: number | null }[] {
  return schedule.periods
    .map((p) => ({ at: schedule.start + p.startPeriod * 1000, limit: p.limit }))
    .filter((p) => Number.isFinite(p.at))
    .sort((a, b) => a.at - b.at)
}

/** Walks a schedule's periods forward in time: each call is answered from where the last one stopped. */
function cursor(schedule: AbsoluteSchedule): (t: number) => number | null | undefined {
  const periods = timed(schedule)
  let index = -1
  return (t) => {
    if (t < schedule.start || t >= schedule.end) return undefined
    while (index + 1 < periods.length && periods[index + 1]!.at <= t) index += 1
    return index >= 0 ? periods[index]!.limit : undefined
  }
}

function same(a: number | null | undefined, b: number | null | undefined): boolean {
  if (a === undefined || b === undefined || a === null || b === null) return a === b
  return Math.abs(a - b) <= Math.max(0.1, 0.005 * Math.abs(a))
}

/** The differences over the overlap of the two schedules: one pass over their sorted change points. */
export function compareSchedules(expected: AbsoluteSchedule, reported: AbsoluteSchedule): ScheduleDifference[] {
  return compareSchedulesBounded(expected, reported, Number.POSITIVE_INFINITY).differences
}

/**
 * The first `max` differences in time order, and how many there are in all: only those listed are
 * turned into ISO times (a 10,000-period report that differs everywhere made 20,000 of them).
 */
export function compareSchedulesBounded(expected: AbsoluteSchedule, reported: AbsoluteSchedule, max: number): { differences: ScheduleDifference[]; total: number } {
  const start = Math.max(expected.start, reported.start)
  const end = Math.min(expected.end, reported.end)
  if (!(end > start)) return { differences: [], total: 0 }
  const points = new Set<number>([start])
  for (const schedule of [expected, reported]) {
    for (const period of schedule.periods) {
      const t = schedule.start + period.startPeriod * 1000
      if (t > start && t < end) points.add(t)
    }
  }
  const sorted = [...points].sort((a, b) => a - b)
  const expectedAt = cursor(expected)
  const reportedAt = cursor(reported)
  const differences: { start: number; end: number; expected: number | null; reported: number | null }[] = []
  sorted.forEach((t, index) => {
    const until = sorted[index + 1] ?? end
    const e = expectedAt(t) ?? null
    const r = reportedAt(t) ?? null
    if (same(e, r)) return
    const last = differences.at(-1)
    if (last && last.end === t && last.expected === e && last.reported === r) last.end = until
    else differences.push({ start: t, end: until, expected: e, reported: r })
  })
  const lasting = differences.filter((d) => d.end - d.start >= MIN_DIFFERENCE_MS)
  return {
    differences: lasting.slice(0, max).map((d) => ({ start: new Date(d.start).toISOString(), end: new Date(d.end).toISOString(), expected: d.expected, reported: d.reported })),
    total: lasting.length,
  }
}

export function toAbsolute(start: number, duration: number, periods: readonly CompositePeriod[] | Periods): AbsoluteSchedule {
  return { start, end: start + duration * 1000, periods }
}
