/**
 * A token bucket per connection: `rate` frames a second on average, bursts up to `burst`. A
 * station that floods gets its excess frames dropped unread, so it cannot starve the others.
 */
export class RateLimiter {
  private tokens: number
  private last: number

  constructor(
    private readonly rate: () => number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = Math.max(1, rate() * 2)
    this.last = now()
  }

  /** True when a frame may be processed now; 0 as rate = no limit. */
  take(): boolean {
    const rate = this.rate()
    if (rate <= 0) return true
    const now = this.now()
    const burst = rate * 2
    this.tokens = Math.min(burst, this.tokens + ((now - this.last) / 1000) * rate)
    this.last = now
    if (this.tokens < 1) return false
    this.tokens -= 1
    return true
  }
}

/**
 * Says once what keeps happening: the first occurrence of a kind is reported at once, repeats
 * within `windowMs` are only counted, and the count is reported with the next occurrence after it.
 */
export class RepeatSuppressor {
  private readonly seen = new Map<string, { since: number; repeats: number }>()

  constructor(
    private readonly windowMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** undefined = stay quiet; a number = report now, with how many were held back before it. */
  check(kind: string): number | undefined {
    const now = this.now()
    const entry = this.seen.get(kind)
    if (entry && now - entry.since < this.windowMs) {
      entry.repeats += 1
      return undefined
    }
    const heldBack = entry?.repeats ?? 0
    this.seen.set(kind, { since: now, repeats: 0 })
    if (this.seen.size > 100) this.seen.delete(this.seen.keys().next().value!)
    return heldBack
  }
}
