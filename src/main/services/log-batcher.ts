/**
 * Collects logged frames and emits them as one `messagesLogged` event per interval, so a thousand
 * frames a second reach the UI as twenty events, not a thousand. The interval is short on purpose:
 * frames held longer outlive the young generation of the garbage collector, and promoting four
 * thousand frames a second made its pauses (and the stations' p99) grow.
 */
import type { LogEntry } from '@shared/contract/dto'
import type { EventBus } from './event-bus'

export class LogBatcher {
  private pending: LogEntry[] = []
  private timer: NodeJS.Timeout | undefined

  constructor(
    private readonly bus: EventBus,
    private readonly intervalMs = 50,
    /** Beyond this many frames per batch the oldest are dropped from the event (they stay in the log). */
    private readonly maxPerBatch = 2000,
  ) {}

  add(entry: LogEntry): void {
    this.pending.push(entry)
    if (this.pending.length > this.maxPerBatch * 2) this.pending = this.pending.slice(-this.maxPerBatch)
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.intervalMs)
      this.timer.unref?.()
    }
  }

  flush(): void {
    clearTimeout(this.timer)
    this.timer = undefined
    if (this.pending.length === 0) return
    const batch = this.pending.length > this.maxPerBatch ? this.pending.slice(-this.maxPerBatch) : this.pending
    this.pending = []
    this.bus.emit('messagesLogged', batch)
  }
}
