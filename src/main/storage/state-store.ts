/**
 * The small state (settings, stations, counters) in lowdb, written as a whole file. Changes mark the
 * store dirty and one write follows within `flushDelayMs`, however many changes came in between;
 * `flushNow()` is for shutdown and for data that must be on disk before a reply.
 *
 * The delay adapts to the cost of a write: with thousands of stations the file is megabytes, and
 * rewriting it every 50 ms would take the event loop and the disk from the stations. The next
 * scheduled write waits WRITE_COST_FACTOR times as long as the last one took (up to 2 s), so
 * background writes use about 2 % of the time (flushNow is never delayed).
 */
import { rename } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { Low, Memory, type Adapter } from 'lowdb'
import { DurableJsonFile } from './durable-json-file'
import { restrictFile } from './file-modes'
import { defaultState, normalizeState, unusableReason, type StateData } from './state-data'
import { consoleStorageLogger, describeError, StorageError, type StorageLogger } from './storage-logger'
import { appendNotes, QUARANTINE_DIR, setAside, type QuarantinedRecord, type QuarantineNote } from './quarantine'

export type { StateData } from './state-data'

export const DEFAULT_FLUSH_DELAY_MS = 50
const MAX_RETRY_DELAY_MS = 30_000
const WRITE_COST_FACTOR = 50
/** However slow the disk, scheduled changes reach it within this long. */
const MAX_ADAPTIVE_DELAY_MS = 2_000

export interface StateStoreOptions {
  /** The JSON file; omit for a store in memory (tests). */
  file?: string
  flushDelayMs?: number
  logger?: StorageLogger
}

/** A name beside `file` that sorts after it and is valid on every platform. */
export function corruptFileName(file: string, now = new Date()): string {
  return `${file}.corrupt-${now.toISOString().replace(/[:.]/g, '-')}`
}

/** The folder that keeps records moved aside: beside the state file (none for a state in memory). */
export function quarantineDir(file: string | undefined): string | undefined {
  return file ? join(dirname(file), QUARANTINE_DIR) : undefined
}

async function load(adapter: Adapter<unknown>, file: string | undefined, logger: StorageLogger): Promise<{ data: StateData; quarantined: number }> {
  let raw: unknown
  let problem: string | undefined
  try {
    raw = await adapter.read()
    if (raw === null) return { data: defaultState(), quarantined: 0 }
    problem = unusableReason(raw)
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error
    problem = `it is not valid JSON (${error.message})`
  }
  if (problem === undefined) {
    const aside: QuarantinedRecord[] = []
    const data = normalizeState(raw as Record<string, unknown>, (message) => logger.warn(message), (record) => aside.push(record))
    if (aside.length > 0) data.quarantine = appendNotes(data.quarantine, setAside(quarantineDir(file), aside, logger, new Date(), file), logger)
    return { data, quarantined: aside.length }
  }
  if (file) {
    const aside = corruptFileName(file)
    try {
      await rename(file, aside)
      await restrictFile(aside) // it may hold credentials: as private as the state file
      logger.error(`STATE FILE UNUSABLE: ${file} could not be read because ${problem}. It was moved to ${aside}; starting from defaults (stations, settings and counters are reset).`)
    } catch (error) {
      logger.error(`STATE FILE UNUSABLE: ${file} could not be read because ${problem}, and moving it aside failed (${describeError(error)}); starting from defaults.`)
    }
  }
  return { data: defaultState(), quarantined: 0 }
}

export class StateStore {
  private timer: NodeJS.Timeout | undefined
  private dirty = false
  private writing: Promise<void> | undefined
  private retryDelayMs: number
  private closed = false
  private writeCount = 0
  private lastWriteMs = 0
  private changeCount = 0

  private constructor(
    private readonly db: Low<StateData>,
    private readonly flushDelayMs: number,
    private readonly logger: StorageLogger,
    private readonly file?: string,
  ) {
    this.retryDelayMs = flushDelayMs
  }

  static async open(options: StateStoreOptions = {}): Promise<StateStore> {
    const logger = options.logger ?? consoleStorageLogger
    const adapter: Adapter<unknown> = options.file ? new DurableJsonFile<unknown>(options.file) : new Memory<unknown>()
    const { data, quarantined } = await load(adapter, options.file, logger)
    const db = new Low<StateData>(adapter as Adapter<StateData>, data)
    db.data = data
    const store = new StateStore(db, options.flushDelayMs ?? DEFAULT_FLUSH_DELAY_MS, logger, options.file)
    // Records moved aside leave the state file at its next write, which comes soon.
    if (quarantined > 0) store.update(() => undefined)
    return store
  }

  /**
   * Moves records aside (each to its own file beside the state file) and keeps a note of each in
   * the state. The caller has already taken them out of their collection.
   */
  quarantine(records: readonly QuarantinedRecord[]): StateData['quarantine'] {
    const notes = setAside(quarantineDir(this.file), records, this.logger)
    this.update((data) => {
      data.quarantine = appendNotes(data.quarantine, notes, this.logger)
    })
    return notes
  }

  /** Keeps notes of records set aside elsewhere (journal lines, journal-quarantine.ts). */
  addNotes(notes: readonly QuarantineNote[]): void {
    if (notes.length === 0) return
    this.update((data) => {
      data.quarantine = appendNotes(data.quarantine, notes, this.logger)
    })
  }

  /** Completed writes of the whole state (for tests and diagnostics). */
  get writes(): number {
    return this.writeCount
  }

  /** Changes applied so far: a caller that sees it move knows a change is waiting for flushNow(). */
  get changes(): number {
    return this.changeCount
  }

  read<R>(reader: (data: Readonly<StateData>) => R): R {
    return reader(this.db.data)
  }

  /** Applies a change in memory and schedules a write. */
  update(change: (data: StateData) => void): void {
    change(this.db.data)
    this.changeCount += 1
    if (this.closed) {
      this.logger.warn('state changed after the store was closed; the change is not saved')
      return
    }
    this.dirty = true
    this.schedule(this.scheduledDelayMs)
  }

  /** How long a change waits for its write: the configured delay, longer when writes are slow. */
  get scheduledDelayMs(): number {
    return Math.max(this.flushDelayMs, Math.min(MAX_ADAPTIVE_DELAY_MS, Math.round(this.lastWriteMs * WRITE_COST_FACTOR)))
  }

  /** Resolves once every change made before the call is written. */
  async flushNow(): Promise<void> {
    if (this.closed) throw new StorageError('STORE_CLOSED', 'The state store is closed')
    await this.writeOut()
  }

  async close(): Promise<void> {
    if (this.closed) return
    clearTimeout(this.timer)
    try {
      await this.writeOut()
    } catch (error) {
      this.logger.error(`state: the last changes could not be saved: ${describeError(error)}`)
    } finally {
      this.closed = true
      clearTimeout(this.timer)
    }
  }

  private schedule(delayMs: number): void {
    if (this.timer || this.writing) return // a write in flight reschedules when it ends
    this.timer = setTimeout(() => {
      this.timer = undefined
      this.writeOut().catch(() => undefined) // reported and retried by writeOut
    }, delayMs)
  }

  private async writeOut(): Promise<void> {
    clearTimeout(this.timer)
    this.timer = undefined
    // One write at a time. A write captures every change made before it starts, so after waiting
    // for the one in flight a single write covers everything the caller changed.
    while (this.writing) await this.writing.catch(() => undefined)
    if (!this.dirty) return
    let failed = false
    this.writing = (async () => {
      this.dirty = false
      const started = performance.now()
      try {
        await this.db.write()
      } catch (error) {
        this.dirty = true
        failed = true
        throw error
      }
      this.lastWriteMs = performance.now() - started
      this.writeCount += 1
      this.retryDelayMs = this.flushDelayMs
    })()
    try {
      await this.writing
    } catch (error) {
      this.logger.error(`state: writing failed, retrying in ${this.retryDelayMs} ms: ${describeError(error)}`)
      throw error
    } finally {
      this.writing = undefined
      // Changes made during the write (or a failed write) are written later, not back to back.
      if (this.dirty && !this.closed) {
        if (failed) {
          this.schedule(this.retryDelayMs)
          this.retryDelayMs = Math.min(this.retryDelayMs * 2, MAX_RETRY_DELAY_MS)
        } else this.schedule(this.scheduledDelayMs)
      }
    }
  }
}
