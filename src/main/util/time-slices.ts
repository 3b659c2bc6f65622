/**
 * Work that grows with what a station sent (a 12,000-key configuration, a 29,000-period schedule,
 * a page of megabyte frames, a long transaction's meter values) is done in slices: a loop checks
 * the clock every few items and, once its slice has run for SLICE_BUDGET_MS, gives the event loop
 * back (`setImmediate`: pending socket reads, timers and other stations' frames run) before it goes
 * on. A time budget rather than a count: the same code is right for cheap and for costly items, on
 * a fast PC and on a slow one.
 *
 * The clock and the way to yield are injected, so tests count yields instead of measuring time.
 */

/** How long one slice may hold the event loop before it yields (ms). Issue 18 §3 allows 50 for the whole step. */
export const SLICE_BUDGET_MS = 8

export interface SliceScheduler {
  /** A monotonic clock in ms. */
  now(): number
  /** Resolves once the event loop has had a turn (I/O and timers included). */
  yield(): Promise<void>
}

/** Sliced work waiting for its next slice, first come first served. */
const waiting: Array<() => void> = []
let serviceQueued = false

/**
 * Resumes one piece of sliced work, and queues the next resumption for the next turn of the loop.
 * One slice a turn however many large answers, views and pages are in progress at once: had each
 * yielded with its own setImmediate, all of them would run back to back in the same check phase
 * (Node runs every immediate queued before it), and the loop would be held for the sum of their
 * slices. Socket reads (other stations' frames) are polled between two turns.
 */
function resumeOne(): void {
  serviceQueued = false
  const resume = waiting.shift()
  if (waiting.length > 0) {
    serviceQueued = true
    setImmediate(resumeOne) // queued from the check phase: runs in the next turn, after the poll
  }
  resume?.()
}

/** The real event loop: performance.now(), and a yield that resumes after pending I/O, one slice a turn. */
export const eventLoop: SliceScheduler = {
  now: () => performance.now(),
  yield: () =>
    new Promise<void>((resolve) => {
      waiting.push(resolve)
      if (!serviceQueued) {
        serviceQueued = true
        setImmediate(resumeOne)
      }
    }),
}

let defaultScheduler: SliceScheduler = eventLoop

/**
 * Makes `scheduler` the one sliced work uses when none is given (tests: count or hold yields of work
 * started deep inside the app); returns a function that puts the previous one back.
 */
export function useSliceScheduler(scheduler: SliceScheduler): () => void {
  const previous = defaultScheduler
  defaultScheduler = scheduler
  return () => {
    defaultScheduler = previous
  }
}

/** One turn of the event loop (through the scheduler in use): everything already queued runs first. */
export function nextTurn(): Promise<void> {
  return defaultScheduler.yield()
}

/** One piece of sliced work: its clock, its budget, and how often it yielded. */
export class TimeSlices {
  private readonly scheduler: SliceScheduler
  private started: number
  private count = 0

  constructor(
    scheduler?: SliceScheduler,
    private readonly budgetMs: number = SLICE_BUDGET_MS,
  ) {
    this.scheduler = scheduler ?? defaultScheduler
    this.started = this.scheduler.now()
  }

  /** How many times this work gave the event loop back. */
  get yields(): number {
    return this.count
  }

  /** True once the current slice has used its budget. */
  get due(): boolean {
    return this.scheduler.now() - this.started >= this.budgetMs
  }

  /** Yields when the current slice has used its budget; otherwise resolves at once (a microtask). */
  async pause(): Promise<void> {
    if (this.due) await this.yieldNow()
  }

  /** Yields whatever the budget says (between steps whose order matters, say). */
  async yieldNow(): Promise<void> {
    this.count += 1
    await this.scheduler.yield()
    this.started = this.scheduler.now()
  }
}

/** How many items a loop handles between two looks at the clock. */
export const CHECK_EVERY = 64

/** Calls `visit` for every item in order, pausing (see TimeSlices.pause) every `every` items. */
export async function forEachSliced<T>(items: ArrayLike<T>, visit: (item: T, index: number) => void, slices: TimeSlices = new TimeSlices(), every = CHECK_EVERY): Promise<void> {
  for (let index = 0; index < items.length; index += 1) {
    if (index > 0 && index % every === 0) await slices.pause()
    visit(items[index]!, index)
  }
}

/** `items.map(map)`, in slices. */
export async function mapSliced<T, R>(items: ArrayLike<T>, map: (item: T, index: number) => R, slices: TimeSlices = new TimeSlices(), every = CHECK_EVERY): Promise<R[]> {
  const result = new Array<R>(items.length)
  await forEachSliced(items, (item, index) => (result[index] = map(item, index)), slices, every)
  return result
}
