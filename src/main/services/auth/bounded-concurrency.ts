/**
 * At most `limit` tasks at once, at most `maxQueued` waiting; beyond that a task is not taken at all
 * (`tryRun` answers undefined at once), so waiting work, and what it holds, stays bounded too.
 * Used for scrypt checks: each holds a libuv thread for tens of milliseconds, and the journals'
 * fsyncs share that pool of four threads.
 */
export class BoundedConcurrency {
  private running = 0
  private readonly waiting: Array<() => void> = []
  /** The most tasks that ever ran at once (for tests and the benchmark). */
  peak = 0
  /** Tasks refused because the queue was full. */
  refused = 0

  constructor(
    readonly limit: number,
    readonly maxQueued: number,
    /**
     * After a task, its slot rests this many times as long as the task ran before the next one
     * starts: 1 = each slot busy at most half the time, however many wait (0 = no rest).
     */
    readonly restRatio = 0,
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a whole number ≥ 1, got ${limit}`)
    if (!Number.isInteger(maxQueued) || maxQueued < 0) throw new RangeError(`maxQueued must be a whole number ≥ 0, got ${maxQueued}`)
  }

  get active(): number {
    return this.running
  }

  get queued(): number {
    return this.waiting.length
  }

  /** Runs `task` when a slot is free; undefined (and `task` never runs) when the queue is full. */
  tryRun<T>(task: () => Promise<T>): Promise<T> | undefined {
    if (this.running < this.limit) {
      this.running += 1
      return this.execute(task)
    }
    if (this.waiting.length >= this.maxQueued) {
      this.refused += 1
      return undefined
    }
    // The slot is handed over by the task that ends (`running` is not lowered in between).
    return new Promise<void>((resolve) => this.waiting.push(resolve)).then(() => this.execute(task))
  }

  private async execute<T>(task: () => Promise<T>): Promise<T> {
    this.peak = Math.max(this.peak, this.running)
    const started = performance.now()
    try {
      return await task()
    } finally {
      const rest = (performance.now() - started) * this.restRatio
      if (rest >= 1) setTimeout(() => this.release(), rest)
      else this.release()
    }
  }

  private release(): void {
    const next = this.waiting.shift()
    if (next) next()
    else this.running -= 1
  }
}
