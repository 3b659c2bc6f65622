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

function valueAt(schedule: AbsoluteSchedule, t: number): number | null | undefined {
  if (t < schedule.start || t >= schedule.end) return undefined
  let value: number | null | undefined
  for (const period of schedule.periods) {
    if (schedule.start + period.startPeriod * 1000 <= t) value = period.limit
    else break
  }
  return value
}

function same(a: number | null | undefined, b: number | null | undefined): boolean {
  if (a === undefined || b === undefined || a === null || b === null) return a === b
  return Math.abs(a - b) <= Math.max(0.1, 0.005 * Math.abs(a))
}

export function compareSchedules(expected: AbsoluteSchedule, reported: AbsoluteSchedule): ScheduleDifference[] {
  const start = Math.max(expected.start, reported.start)
  const end = Math.min(expected.end, reported.end)
  if (end <= start) return []
  const points = new Set<number>([start])
  for (const schedule of [expected, reported]) {
    for (const period of schedule.periods) {
      const t = schedule.start + period.startPeriod * 1000
      if (t > start && t < end) points.add(t)
    }
  }
  const sorted = [...points].sort((a, b) => a - b)
  const differences: ScheduleDifference[] = []
  sorted.forEach((t, index) => {
    const until = sorted[index + 1] ?? end
    const e = valueAt(expected, t) ?? null
    const r = valueAt(reported, t) ?? null
    if (same(e, r)) return
    const last = differences.at(-1)
    if (last && Date.parse(last.end) === t && last.expected === e && last.reported === r) last.end = new Date(until).toISOString()
    else differences.push({ start: new Date(t).toISOString(), end: new Date(until).toISOString(), expected: e, reported: r })
  })
  return differences.filter((d) => Date.parse(d.end) - Date.parse(d.start) >= MIN_DIFFERENCE_MS)
}

export function toAbsolute(start: number, duration: number, periods: readonly CompositePeriod[] | readonly { startPeriod: number; limit: number | null }[]): AbsoluteSchedule {
  return { start, end: start + duration * 1000, periods }
}
