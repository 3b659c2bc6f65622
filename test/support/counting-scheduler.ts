/**
 * A SliceScheduler for tests: its clock moves one "millisecond" each time it is read, and every
 * yield is counted (and is a real turn of the event loop). Work with a budget of N yields after N
 * looks at the clock, whatever the machine's speed: tests count yields, they never time anything.
 */
import type { SliceScheduler } from '../../src/main/util/time-slices'

export interface CountingScheduler extends SliceScheduler {
  readonly yields: number
  readonly reads: number
}

export function countingScheduler(): CountingScheduler {
  let clock = 0
  let yields = 0
  return {
    get yields() {
      return yields
    },
    get reads() {
      return clock
    },
    now: () => (clock += 1),
    yield: () => {
      yields += 1
      return new Promise<void>((resolve) => setImmediate(resolve))
    },
  }
}

/** A scheduler whose clock never moves: sliced work never yields (what the work computes without slices). */
export const neverYields: SliceScheduler = { now: () => 0, yield: () => Promise.resolve() }
