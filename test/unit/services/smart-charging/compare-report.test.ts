/**
 * Where a station's reported composite differs from the CSMS's (compare.ts), and how its
 * GetCompositeSchedule answer is kept (reported-composite.ts).
 */
import { describe, expect, it } from 'vitest'
import { compareSchedules, compareSchedulesBounded, toAbsolute } from '../../../../src/main/services/smart-charging/compare'
import { toReportedComposite } from '../../../../src/main/services/smart-charging/reported-composite'

const T = Date.parse('2026-01-01T00:00:00Z')
const at = (s: number) => new Date(T + s * 1000).toISOString()
const schedule = (duration: number, periods: [number, number | null][], start = T) => toAbsolute(start, duration, periods.map(([startPeriod, limit]) => ({ startPeriod, limit })))

describe('comparing two schedules', () => {
  it('a schedule compared with itself has no differences', () => {
    const s = schedule(300, [[0, 8], [100, 10]])
    expect(compareSchedules(s, s)).toEqual([])
  })

  it('small differences are not differences: 0.1 absolute, or 0.5 % of the expected limit', () => {
    expect(compareSchedules(schedule(60, [[0, 8]]), schedule(60, [[0, 8.1]]))).toEqual([])
    expect(compareSchedules(schedule(60, [[0, 8]]), schedule(60, [[0, 8.2]]))).toHaveLength(1)
    expect(compareSchedules(schedule(60, [[0, 10_000]]), schedule(60, [[0, 10_050]]))).toEqual([])
    expect(compareSchedules(schedule(60, [[0, 10_000]]), schedule(60, [[0, 10_051]]))).toHaveLength(1)
    expect(compareSchedules(schedule(60, [[0, 10_000]]), schedule(60, [[0, 9_950]]))).toEqual([])
    expect(compareSchedules(schedule(60, [[0, 10_000]]), schedule(60, [[0, 9_949]]))).toHaveLength(1)
  })

  it('no limit on both sides is the same; no limit on one side is a difference', () => {
    expect(compareSchedules(schedule(60, [[0, null]]), schedule(60, [[0, null]]))).toEqual([])
    expect(compareSchedules(schedule(60, [[0, 6]]), schedule(60, [[0, null]]))).toEqual([{ start: at(0), end: at(60), expected: 6, reported: null }])
  })

  it('a difference lasting 2 s is one; shorter ones are not', () => {
    expect(compareSchedules(schedule(60, [[0, 8], [10, 8]]), schedule(60, [[0, 8], [10, 16], [12, 8]]))).toEqual([{ start: at(10), end: at(12), expected: 8, reported: 16 }])
    expect(compareSchedules(schedule(60, [[0, 8]]), schedule(60, [[0, 8], [10, 16], [11, 8]]))).toEqual([])
  })

  it('only the overlap of the two schedules is compared; none at all gives nothing', () => {
    expect(compareSchedules(schedule(100, [[0, 8]]), schedule(100, [[0, 16]], T + 50_000))).toEqual([{ start: at(50), end: at(100), expected: 8, reported: 16 }])
    expect(compareSchedules(schedule(100, [[0, 8]]), schedule(100, [[0, 16]], T + 100_000))).toEqual([])
    expect(compareSchedulesBounded(schedule(0, [[0, 8]]), schedule(0, [[0, 16]]), 10)).toEqual({ differences: [], total: 0 })
  })

  it('before its first period a schedule has no limit', () => {
    expect(compareSchedules(schedule(100, [[0, 8]]), schedule(100, [[50, 8]]))).toEqual([{ start: at(0), end: at(50), expected: 8, reported: null }])
  })

  it('neighbouring stretches with the same pair of limits are one difference; a change of either splits it', () => {
    const expected = schedule(300, [[0, 8], [100, 8], [200, 8]])
    expect(compareSchedules(expected, schedule(300, [[0, 16]]))).toEqual([{ start: at(0), end: at(300), expected: 8, reported: 16 }])
    expect(compareSchedules(expected, schedule(300, [[0, 16], [100, 20]]))).toEqual([
      { start: at(0), end: at(100), expected: 8, reported: 16 },
      { start: at(100), end: at(300), expected: 8, reported: 20 },
    ])
    expect(compareSchedules(schedule(300, [[0, 8], [100, 9]]), schedule(300, [[0, 16]]))).toEqual([
      { start: at(0), end: at(100), expected: 8, reported: 16 },
      { start: at(100), end: at(300), expected: 9, reported: 16 },
    ])
    // Equal stretches between two differences keep them apart.
    expect(compareSchedules(schedule(300, [[0, 8]]), schedule(300, [[0, 16], [100, 8], [200, 16]]))).toEqual([
      { start: at(0), end: at(100), expected: 8, reported: 16 },
      { start: at(200), end: at(300), expected: 8, reported: 16 },
    ])
  })

  it('periods that do not give a time are left out', () => {
    expect(compareSchedules(schedule(100, [[0, 8]]), toAbsolute(T, 100, [{ startPeriod: 0, limit: 8 }, { startPeriod: Number.NaN, limit: 30 }]))).toEqual([])
  })

  it('bounded: the first `max` differences in time order, and the count of all', () => {
    const reported = schedule(100, [[0, 1], [10, 2], [20, 3], [30, 4]])
    const { differences, total } = compareSchedulesBounded(schedule(100, [[0, 50]]), reported, 2)
    expect(total).toBe(4)
    expect(differences.map((d) => d.start)).toEqual([at(0), at(10)])
    expect(compareSchedulesBounded(schedule(100, [[0, 50]]), reported, 0)).toEqual({ differences: [], total: 4 })
  })

  it('a schedule’s end is its start plus its duration', () => {
    expect(toAbsolute(T, 60, [])).toEqual({ start: T, end: T + 60_000, periods: [] })
  })
})

describe('a GetCompositeSchedule answer as kept', () => {
  const request = { connectorId: 2, duration: 600, chargingRateUnit: 'W' as const }
  const periods = (n: number) => Array.from({ length: n }, (_, i) => ({ startPeriod: (n - 1 - i) * 10, limit: 6 + i }))

  it('keeps what the station said, with what was asked and when', () => {
    const response = { status: 'Accepted' as const, connectorId: 2, scheduleStart: at(0), chargingSchedule: { chargingRateUnit: 'W' as const, duration: 600, chargingSchedulePeriod: periods(3) } }
    expect(toReportedComposite(request, response, at(5), 'task-9')).toEqual({
      connectorId: 2,
      requested: { duration: 600, chargingRateUnit: 'W' },
      status: 'Accepted',
      scheduleStart: at(0),
      chargingSchedule: response.chargingSchedule,
      receivedAt: at(5),
      taskId: 'task-9',
    })
  })

  it('a rejection without schedule, start or unit keeps only its status; no status at all is "unknown"', () => {
    expect(toReportedComposite({ connectorId: 1, duration: 60 }, { status: 'Rejected' }, at(0), 't')).toEqual({ connectorId: 1, requested: { duration: 60 }, status: 'Rejected', receivedAt: at(0), taskId: 't' })
    expect(toReportedComposite({ connectorId: 1, duration: 60 }, {}, at(0), 't').status).toBe('unknown')
  })

  it('at most `max` periods, the first in time order, with a note and where the kept ones are complete', () => {
    const kept = toReportedComposite(request, { status: 'Accepted', chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: periods(5) } }, at(0), 't', 3)
    expect(kept.chargingSchedule!.chargingSchedulePeriod.map((p) => p.startPeriod)).toEqual([0, 10, 20])
    expect(kept.completeUntil).toBe(30)
    expect(kept.truncated).toEqual(['The station answered with 5 periods: the first 3 in time order are kept (the whole answer is in the message log).'])
    const exactly = toReportedComposite(request, { status: 'Accepted', chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: periods(3) } }, at(0), 't', 3)
    expect(exactly).not.toHaveProperty('truncated')
    expect(exactly).not.toHaveProperty('completeUntil')
    expect(exactly.chargingSchedule!.chargingSchedulePeriod.map((p) => p.startPeriod)).toEqual([20, 10, 0])
  })

  it('a schedule whose periods are not a list is kept as it came (the view refuses it later)', () => {
    const odd = { chargingRateUnit: 'A', chargingSchedulePeriod: null } as never
    expect(toReportedComposite(request, { status: 'Accepted', chargingSchedule: odd }, at(0), 't').chargingSchedule).toBe(odd)
  })
})
