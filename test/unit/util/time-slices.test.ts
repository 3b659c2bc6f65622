import { describe, expect, it } from 'vitest'
import { CHECK_EVERY, eventLoop, forEachSliced, mapSliced, nextTurn, SLICE_BUDGET_MS, TimeSlices, useSliceScheduler } from '../../../src/main/util/time-slices'
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

describe('the real event loop runs one slice a turn', () => {
  it('however many sliced jobs are in progress, a turn of the loop resumes only one of them, first come first served', async () => {
    const seen: string[] = []
    let turns = 0
    // A probe that marks every turn of the loop (an immediate that queues itself again, as another station's read would come in each poll).
    const probe = (): void => {
      seen.push('|')
      turns += 1
      if (turns < 40) setImmediate(probe)
    }
    setImmediate(probe)
    const job = async (name: string): Promise<void> => {
      const slices = new TimeSlices(eventLoop)
      for (let slice = 0; slice < 5; slice += 1) {
        seen.push(name)
        await slices.yieldNow()
      }
    }
    await Promise.all([job('a'), job('b'), job('c')])
    while (turns < 40) await new Promise((resolve) => setImmediate(resolve))
    // The first run is the jobs' synchronous starts; after that, a turn holds at most one slice.
    // Had each job yielded with its own setImmediate, a, b and c would resume in the same turn ('abc|abc|…').
    const [, ...afterStart] = seen.join('').split('|')
    expect(afterStart.filter((run) => run.length > 1)).toEqual([])
    expect(seen.filter((mark) => mark !== '|').join('')).toBe('abc' + 'abc'.repeat(4))
  })
})
