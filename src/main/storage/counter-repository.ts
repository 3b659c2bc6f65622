import { ownValue, setEntry } from '../../shared/util/id-record'
import { StorageError } from './storage-logger'
import type { StateStore } from './state-store'

export const DEFAULT_COUNTER_BLOCK = 1000
/** A counter whose callers had to wait for a reservation gets bigger blocks, up to this. */
export const MAX_COUNTER_BLOCK = 64_000

/**
 * Ids the CSMS hands out (transactionId, reservationId, ...) that never repeat, across restarts and
 * crashes. Ids are reserved on disk in blocks (`counters[name]` = highest reserved id) and handed
 * out from memory; after a crash the next run starts above the reserved block, so at most one
 * block of ids is skipped. A clean close records the last id handed out instead, skipping none.
 * When half a block is used the next one is reserved in the background, so under a steady stream
 * of StartTransactions no caller waits for the state file. If callers still had to wait (ids used
 * faster than a state write, e.g. thousands of stations), that counter's blocks double.
 */
export class CounterRepository {
  /** Next id to hand out per name, once the name has been used in this run. */
  private readonly nextIds = new Map<string, number>()
  /** Highest id known to be on disk per name. */
  private readonly durable = new Map<string, number>()
  private readonly reserving = new Map<string, Promise<void>>()
  private readonly blocks = new Map<string, number>()
  private readonly grownFor = new Map<string, Promise<void>>()
  private closed = false

  constructor(
    private readonly store: StateStore,
    private readonly blockSize = DEFAULT_COUNTER_BLOCK,
  ) {
    for (const [name, reserved] of Object.entries(store.read((data) => data.counters))) this.durable.set(name, reserved)
  }

  /** The next id for `name` (1, 2, 3, ... in a fresh data directory); durable before it resolves. */
  async next(name: string): Promise<number> {
    for (;;) {
      if (this.closed) throw new StorageError('STORE_CLOSED', `Counter "${name}" cannot hand out ids after storage was closed`)
      const reserved = this.durable.get(name) ?? 0
      let candidate = this.nextIds.get(name)
      if (candidate === undefined) {
        // First use in this run: anything up to the stored reservation may have been handed out before.
        candidate = reserved + 1
        this.nextIds.set(name, candidate)
      }
      if (candidate <= reserved) {
        this.nextIds.set(name, candidate + 1)
        if (reserved - candidate < this.block(name) / 2 && !this.reserving.has(name)) {
          // A failure here is not the caller's: the id is durable; a later call reserves again.
          this.reserve(name, reserved + this.block(name)).catch(() => undefined)
        }
        return candidate
      }
      // Waiting on a reservation already under way: ids ran out faster than a state write, so the
      // counter gets more headroom (once per reservation, however many callers wait on it).
      const inFlight = this.reserving.get(name)
      if (inFlight && this.grownFor.get(name) !== inFlight) {
        this.grownFor.set(name, inFlight)
        this.blocks.set(name, Math.min(this.block(name) * 2, MAX_COUNTER_BLOCK))
      }
      await this.reserve(name, candidate - 1 + this.block(name))
    }
  }

  /**
   * Reserves a block for `name` in the background so the first id of this run does not wait for a
   * state write (call at start-up for the ids stations wait on, like transactionId).
   */
  warmUp(name: string): void {
    if (this.closed || this.nextIds.has(name)) return
    const reserved = this.durable.get(name) ?? 0
    this.nextIds.set(name, reserved + 1)
    this.reserve(name, reserved + this.block(name)).catch(() => undefined)
  }

  /** Ids reserved at a time for `name`. */
  block(name: string): number {
    return this.blocks.get(name) ?? this.blockSize
  }

  /** The next id for `name` that is also above `floor` (ids already used elsewhere, e.g. typed by a person or reported by a station). */
  async nextAbove(name: string, floor: number): Promise<number> {
    const candidate = this.nextIds.get(name) ?? (this.durable.get(name) ?? 0) + 1
    if (candidate <= floor) this.nextIds.set(name, floor + 1)
    return this.next(name)
  }

  /** Lowers each stored counter to the last id handed out; call only when no more ids will be asked for. */
  async close(): Promise<void> {
    this.closed = true
    await Promise.allSettled(this.reserving.values())
    if (this.nextIds.size === 0) return
    this.store.update((data) => {
      for (const [name, next] of this.nextIds) setEntry(data.counters, name, Math.min(ownValue(data.counters, name) ?? 0, next - 1))
    })
  }

  private reserve(name: string, upTo: number): Promise<void> {
    let pending = this.reserving.get(name)
    if (!pending) {
      this.store.update((data) => {
        setEntry(data.counters, name, Math.max(ownValue(data.counters, name) ?? 0, upTo))
      })
      pending = this.store
        .flushNow()
        .then(() => void this.durable.set(name, Math.max(this.durable.get(name) ?? 0, upTo)))
        .finally(() => this.reserving.delete(name))
      this.reserving.set(name, pending)
    }
    return pending
  }
}
