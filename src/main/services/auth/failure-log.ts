/**
 * Refused Basic-auth attempts in the log, once per burst: the first refusal from an address in a
 * 10-second window is logged with its reason, the rest of the window is summed up in one line per
 * address ("6 more refusals from 127.0.0.5 for CP-1 in the last 10 s"). At most 20 addresses are
 * named per window; the refusals of any further ones go into one line. So a flood costs a few dozen
 * lines per window, not one per attempt. No line ever carries a password or an Authorization header.
 * The window is measured on the injected clock (a timer only wakes it up).
 */
export interface FailureLogOptions {
  now(): number
  warn(line: string): void
  windowMs?: number
  /** Addresses named per window; the rest are counted together. */
  maxAddresses?: number
  /** Schedules the end-of-window summary; returns a cancel function (default: an unref'd setTimeout). */
  setTimer?(run: () => void, ms: number): () => void
}

interface Burst {
  more: number
  identities: Set<string>
}

const NAMED_IDENTITIES = 3
/** Distinct identities remembered per address and window (the rest are not told apart). */
const MAX_COUNTED_IDENTITIES = 100
const MAX_COUNTED_ADDRESSES = 10_000

function defaultTimer(run: () => void, ms: number): () => void {
  const timer = setTimeout(run, ms)
  timer.unref()
  return () => clearTimeout(timer)
}

export class FailureLog {
  private readonly windowMs: number
  private readonly maxAddresses: number
  private readonly setTimer: (run: () => void, ms: number) => () => void
  private window: { start: number; cancel: () => void } | undefined
  private readonly bursts = new Map<string, Burst>()
  private others = { count: 0, addresses: new Set<string>() }

  constructor(private readonly options: FailureLogOptions) {
    this.windowMs = options.windowMs ?? 10_000
    this.maxAddresses = options.maxAddresses ?? 20
    this.setTimer = options.setTimer ?? defaultTimer
  }

  /** A refused attempt: `reason` says what was wrong (for the operator, never for the client). */
  failed(address: string, identity: string, reason: string): void {
    const now = this.options.now()
    if (this.window && now - this.window.start >= this.windowMs) this.flush()
    if (!this.window) {
      this.window = { start: now, cancel: () => undefined }
      this.wakeUpIn(this.windowMs)
    }
    const burst = this.bursts.get(address)
    if (burst) {
      burst.more += 1
      if (burst.identities.size < MAX_COUNTED_IDENTITIES) burst.identities.add(identity)
      return
    }
    if (this.bursts.size < this.maxAddresses) {
      this.bursts.set(address, { more: 0, identities: new Set() })
      this.options.warn(`OCPP connection refused from ${address} for ${identity}: ${reason} (further refusals from ${address} are summed up every ${this.windowMs / 1000} s)`)
      return
    }
    this.others.count += 1
    if (this.others.addresses.size < MAX_COUNTED_ADDRESSES) this.others.addresses.add(address)
  }

  /** Writes the summaries of the window and starts afresh. */
  flush(): void {
    if (!this.window) return
    this.window.cancel()
    const seconds = Math.max(1, Math.round(Math.min(this.options.now() - this.window.start, this.windowMs * 6) / 1000))
    for (const [address, burst] of this.bursts) {
      if (burst.more === 0) continue
      const names = [...burst.identities]
      const others = `${names.length - NAMED_IDENTITIES}${names.length >= MAX_COUNTED_IDENTITIES ? '+' : ''}`
      const who = names.length <= NAMED_IDENTITIES ? names.join(', ') : `${names.slice(0, NAMED_IDENTITIES).join(', ')} and ${others} other identities`
      this.options.warn(`${burst.more} more refusals from ${address} for ${who} in the last ${seconds} s (Basic auth)`)
    }
    if (this.others.count > 0) {
      const addresses = `${this.others.addresses.size}${this.others.addresses.size >= MAX_COUNTED_ADDRESSES ? '+' : ''}`
      this.options.warn(`${this.others.count} refusals from ${addresses} further addresses in the last ${seconds} s (Basic auth)`)
    }
    this.bursts.clear()
    this.others = { count: 0, addresses: new Set() }
    this.window = undefined
  }

  /** At the window's end by the clock, sum it up; a timer that fires early (a fake clock) waits again. */
  private wakeUpIn(ms: number): void {
    const window = this.window!
    window.cancel = this.setTimer(() => {
      if (this.window !== window) return
      const left = window.start + this.windowMs - this.options.now()
      if (left <= 0) this.flush()
      else this.wakeUpIn(Math.min(left, this.windowMs))
    }, ms)
  }
}
