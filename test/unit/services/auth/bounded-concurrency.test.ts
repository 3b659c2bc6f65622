import { afterEach, describe, expect, it, vi } from 'vitest'
import { BoundedConcurrency } from '../../../../src/main/services/auth/bounded-concurrency'

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void
  const promise = new Promise<void>((r) => (resolve = r))
  return { promise, resolve }
}

describe('bounded concurrency (the scrypt gate)', () => {
  it('runs at most `limit` tasks at once, queues up to `maxQueued`, refuses the rest at once', async () => {
    const gate = new BoundedConcurrency(2, 3)
    const blockers = Array.from({ length: 6 }, deferred)
    let running = 0
    let peak = 0
    const started: number[] = []
    const results = blockers.map((blocker, i) =>
      gate.tryRun(async () => {
        running += 1
        peak = Math.max(peak, running)
        started.push(i)
        await blocker.promise
        running -= 1
        return i
      }),
    )
    expect(results.map((r) => r !== undefined)).toEqual([true, true, true, true, true, false])
    expect(gate.refused).toBe(1)
    await Promise.resolve()
    expect(started).toEqual([0, 1])
    expect(gate.queued).toBe(3)
    for (const blocker of blockers) blocker.resolve()
    expect(await Promise.all(results.slice(0, 5))).toEqual([0, 1, 2, 3, 4])
    expect(started).toEqual([0, 1, 2, 3, 4])
    expect(peak).toBe(2)
    expect(gate.peak).toBe(2)
    expect(gate.active).toBe(0)
    expect(gate.queued).toBe(0)
  })

  it('runs queued tasks in order, never more than the limit, also when one arrives as a slot is handed over', async () => {
    const gate = new BoundedConcurrency(1, 5)
    const first = deferred()
    let running = 0
    let peak = 0
    const order: string[] = []
    const task = (name: string, wait?: Promise<void>) => async () => {
      running += 1
      peak = Math.max(peak, running)
      order.push(name)
      await wait
      running -= 1
    }
    const a = gate.tryRun(task('a', first.promise))
    const b = gate.tryRun(task('b'))
    first.resolve()
    await a
    const c = gate.tryRun(task('c')) // arrives while b holds the slot handed over by a
    await Promise.all([b, c])
    expect(order).toEqual(['a', 'b', 'c'])
    expect(peak).toBe(1)
  })

  it('frees the slot when a task fails', async () => {
    const gate = new BoundedConcurrency(1, 0)
    await expect(gate.tryRun(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    expect(await gate.tryRun(async () => 'next')).toBe('next')
  })

  describe('with a rest ratio', () => {
    afterEach(() => void vi.useRealTimers())

    it('rests a slot as long as its task ran before the next task starts (at most half the time busy)', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'performance'] })
      const gate = new BoundedConcurrency(1, 5, 1)
      const started: string[] = []
      const first = gate.tryRun(async () => {
        started.push('a')
        await new Promise((r) => setTimeout(r, 100))
      })
      const second = gate.tryRun(async () => void started.push('b'))
      await vi.advanceTimersByTimeAsync(100)
      await first
      expect(started).toEqual(['a'])
      await vi.advanceTimersByTimeAsync(99)
      expect(started).toEqual(['a'])
      await vi.advanceTimersByTimeAsync(1)
      await second
      expect(started).toEqual(['a', 'b'])
    })
  })
})
