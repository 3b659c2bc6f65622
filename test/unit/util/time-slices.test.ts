import { describe, expect, it } from 'vitest'
import { CHECK_EVERY, forEachSliced, mapSliced, nextTurn, SLICE_BUDGET_MS, TimeSlices, useSliceScheduler } from '../../../src/main/util/time-slices'
import { countingScheduler } from '../../support/counting-scheduler'

describe('work done in slices that yield', () => {
  it('visits every item in order and yields each time the slice has used its budget', async () => {
    const scheduler = countingScheduler()
    const seen: number[] = []
    const items = Array.from({ length: 10_000 }, (_, i) => i)
    const slices = new TimeSlices(scheduler, 4)
    await forEachSliced(items, (item) => void seen.push(item), slices)
    expect(seen).toEqual(items)
    // The clock is read once at the start and every CHECK_EVERY items; a budget of 4 reads yields on every 4th check or so.
    const checks = Math.floor((items.length - 1) / CHECK_EVERY)
    expect(slices.yields).toBeGreaterThanOrEqual(Math.floor(checks / 4))
    expect(slices.yields).toBe(scheduler.yields)
  })

  it('does not yield while the budget lasts, and mapSliced gives what map gives', async () => {
    const scheduler = { now: () => 0, yield: () => Promise.reject(new Error('yielded')) }
    const items = Array.from({ length: 5_000 }, (_, i) => ({ i }))
    expect(await mapSliced(items, (item, index) => item.i * 2 + index, new TimeSlices(scheduler))).toEqual(items.map((item, index) => item.i * 2 + index))
  })

  it('yieldNow always yields; pause only once the budget is used', async () => {
    const scheduler = countingScheduler()
    const slices = new TimeSlices(scheduler, SLICE_BUDGET_MS)
    await slices.yieldNow()
    expect(scheduler.yields).toBe(1)
    await slices.pause() // one read since the yield: within the budget
    expect(scheduler.yields).toBe(1)
    for (let i = 0; i < SLICE_BUDGET_MS; i += 1) await slices.pause()
    expect(scheduler.yields).toBe(2)
  })

  it('work created without a scheduler uses the one installed by useSliceScheduler, until it is put back', async () => {
    const scheduler = countingScheduler()
    const restore = useSliceScheduler(scheduler)
    try {
      await new TimeSlices().yieldNow()
      await nextTurn()
      expect(scheduler.yields).toBe(2)
    } finally {
      restore()
    }
    await new TimeSlices().yieldNow()
    expect(scheduler.yields).toBe(2)
  })
})
