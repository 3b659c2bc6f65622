/**
 * Comparing a station's report with the CSMS's composite (compare.ts) at the edges of the overlap
 * and of "no limit".
 */
import { describe, expect, it } from 'vitest'
import { compareSchedules, toAbsolute } from '../../../../src/main/services/smart-charging/compare'

const T = Date.parse('2026-01-01T00:00:00Z')
const at = (s: number) => new Date(T + s * 1000).toISOString()
const schedule = (duration: number, periods: [number, number | null][], startSecond = 0) => toAbsolute(T + startSecond * 1000, duration, periods.map(([startPeriod, limit]) => ({ startPeriod, limit })))

describe('comparing at the edges', () => {
  it('no limit and a limit of 0 are not the same', () => {
    expect(compareSchedules(schedule(60, [[0, null]]), schedule(60, [[0, 0]]))).toEqual([{ start: at(0), end: at(60), expected: null, reported: 0 }])
    expect(compareSchedules(schedule(60, [[0, 0]]), schedule(60, [[0, null]]))).toEqual([{ start: at(0), end: at(60), expected: 0, reported: null }])
  })

  it('changes of one schedule outside the overlap are not compared, before it or after it', () => {
    const expected = schedule(600, [[0, 10], [100, 12], [400, 14], [500, 16]])
    const reported = schedule(100, [[0, 12]], 200)
    expect(compareSchedules(expected, reported)).toEqual([])
  })

  it('a period whose start is not a number, listed first, does not hide the others', () => {
    const expected = schedule(60, [[0, 10]])
    const reported = toAbsolute(T, 60, [{ startPeriod: Number.NaN, limit: 1 }, { startPeriod: 0, limit: 10 }])
    expect(compareSchedules(expected, reported)).toEqual([])
  })
})
