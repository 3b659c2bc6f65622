/**
 * An append-only journal of JSON lines in numbered segment files, with group commit: every record
 * appended while one durable write is in flight goes to disk in the next batch, with one durable
 * write (O_DSYNC, or write + fdatasync where there is none). Positions are assigned when a record
 * is appended, so an index can refer to a record before it is on disk; until then reads are served
 * from memory.
 */
import { constants } from 'node:fs'
import type { FileHandle } from 'node:fs/promises'
import { makePrivateDir, openPrivateFile, restrictFile } from './file-modes'
import { listSegments, removeFile, repairTornTail, segmentPath, syncDirectory } from './journal-files'
import { PendingLines } from './journal-queue'
import { readLinesFromFile, scanSegmentFile, type RecordPosition, type ScanResult } from './journal-reader'
import type { LineQuarantine } from './journal-quarantine'
import { StoredRecordError } from './stored-check'
import { consoleStorageLogger, describeError, StorageError, type StorageLogger } from './storage-logger'

export type { RecordPosition, ScanResult } from './journal-reader'

export const DEFAULT_MAX_SEGMENT_BYTES = 64 * 1024 * 1024
// 16 × 64 MiB ≈ 1 GiB ≈ 6 million log lines: an index of ~150 MB, rebuilt at start in ~7 s at most.
export const DEFAULT_MAX_SEGMENTS = 16
const MAX_SEGMENT_BYTES_LIMIT = 2 ** 31
/**
 * Linux and macOS: segments are written with O_DSYNC, so a write returns once its bytes are durable
 * (what write + fdatasync guarantee) in one system call instead of two: a batch costs the event
 * loop one round trip to the thread pool, not two, and the CALLRESULTs waiting on it go out a loop
 * turn sooner. Windows has no O_DSYNC; there every batch is followed by fdatasync (FlushFileBuffers).
 */
const O_DSYNC = constants.O_DSYNC as number | undefined
const APPEND_FLAGS = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT

/** The knobs a caller of `openStorage` may turn. */
export interface JournalTuning {
  /** A segment is closed once the next line would take it past this size. Default 64 MiB. */
  maxSegmentBytes: number
  /** Oldest segments beyond this many are deleted. Default 64. */
  maxSegments: number
  /** Appends are refused once this many bytes wait for a disk that stopped accepting writes. Default 256 MiB. */
  maxPendingBytes: number
  /** First delay before a failed write is retried (doubling up to 30 s). Default 1000 ms. */
  retryDelayMs: number
  /**
   * A batch starts at least this long after the previous one started. 0 (the default) writes as
   * soon as the disk is free, for callers that wait on durability; a journal nobody waits on (the
   * message log) gathers more lines per write and leaves the disk to those who do.
   */
  minBatchIntervalMs: number
  /**
   * Makes a written batch durable; replaceable in tests. Default: none needed where segments are
   * opened with O_DSYNC (Linux, macOS), `handle.datasync()` elsewhere. When set, segments are opened
   * without O_DSYNC and this is called after every batch's write.
   */
  datasync: ((handle: FileHandle) => Promise<void>) | undefined
}

export interface JournalOptions<T> extends Partial<JournalTuning> {
  dir: string
  /** Files are `<name>-000001.jsonl`, ... */
  name: string
  /** Must not produce a newline (JSON.stringify without indentation never does). */
  serialize?: (record: T) => string
  parse?: (line: string) => T
  logger?: StorageLogger
  /** Told synchronously when retention drops segments (before their files are deleted). */
  onSegmentsDeleted?: (segments: readonly number[]) => void
  /** Where lines that cannot be used are set aside (journal-quarantine.ts); absent = only skipped with a warning. */
  quarantine?: LineQuarantine
}

export interface JournalStats {
  segments: number
  bytes: number
  pendingRecords: number
  /** Bytes of the write queue's buffers (outside the JS heap). */
  queueBufferBytes: number
  batches: number
  /** Writes made durable: with O_DSYNC, or followed by fdatasync. */
  syncs: number
}

export class JsonLinesJournal<T> {
  private readonly tuning: JournalTuning
  private readonly serialize: (record: T) => string
  private readonly parse: (line: string) => T
  private readonly logger: StorageLogger
  private current: number
  private readonly pending = new PendingLines()
  private lastBatchAt = -Infinity
  /** The writer is waiting out the pace (not a retry delay). */
  private pacing = false
  /** flush() was called: the next batch does not wait out the pace. */
  private urgent = false
  private pendingDeletes: number[] = []
  private writer: { segment: number; handle: FileHandle } | undefined
  private loop: Promise<void> | undefined
  private scheduled = false
  private wake: (() => void) | undefined
  private closing: Promise<void> | undefined
  private fatal: Error | undefined
  private batches = 0
  private syncs = 0

  private constructor(
    private readonly options: JournalOptions<T>,
    /** Size of every live segment including lines not yet written, oldest first. */
    private readonly sizes: Map<number, number>,
  ) {
    this.tuning = {
      maxSegmentBytes: Math.min(Math.max(1, options.maxSegmentBytes ?? DEFAULT_MAX_SEGMENT_BYTES), MAX_SEGMENT_BYTES_LIMIT),
      maxSegments: Math.max(1, options.maxSegments ?? DEFAULT_MAX_SEGMENTS),
      maxPendingBytes: options.maxPendingBytes ?? 256 * 1024 * 1024,
      retryDelayMs: options.retryDelayMs ?? 1000,
      minBatchIntervalMs: options.minBatchIntervalMs ?? 0,
      datasync: options.datasync ?? (O_DSYNC === undefined ? (handle) => handle.datasync() : undefined),
    }
    this.serialize = options.serialize ?? ((record) => JSON.stringify(record))
    this.parse = options.parse ?? ((line) => JSON.parse(line) as T)
    this.logger = options.logger ?? consoleStorageLogger
    this.current = [...sizes.keys()].pop() ?? 1
    if (!sizes.has(this.current)) sizes.set(this.current, 0)
  }

  /** Opens (or creates) the journal, repairing a torn last line left by a crash. */
  static async open<T>(options: JournalOptions<T>): Promise<JsonLinesJournal<T>> {
    const logger = options.logger ?? consoleStorageLogger
    await makePrivateDir(options.dir)
    const segments = await listSegments(options.dir, options.name)
    const keep = Math.max(1, options.maxSegments ?? DEFAULT_MAX_SEGMENTS)
    for (const segment of segments.splice(0, Math.max(0, segments.length - keep))) {
      await removeFile(segmentPath(options.dir, options.name, segment))
    }
    const sizes = new Map<number, number>()
    for (const segment of segments) {
      sizes.set(segment, await repairTornTail(segmentPath(options.dir, options.name, segment), logger))
      await restrictFile(segmentPath(options.dir, options.name, segment)) // written wider by an older version
    }
    return new JsonLinesJournal(options, sizes)
  }

  /** Queues a record and returns where it will be; it reaches the disk within a few ms. */
  appendNoWait(record: T): RecordPosition {
    return this.enqueue(this.serialize(record))
  }

  /** Resolves once the record is durably written (after the fdatasync of its batch). */
  async append(record: T): Promise<RecordPosition> {
    const position = this.appendNoWait(record)
    await this.pending.queuedDurable()
    return position
  }

  /** Resolves once everything appended so far is durably written (without waiting out the pace). */
  flush(): Promise<void> {
    this.urgent = true
    if (this.pacing) this.wake?.() // a retry delay is not cut short: the disk is failing
    return this.pending.allDurable()
  }

  /** Live segment numbers that hold data, oldest first. */
  segments(): number[] {
    return [...this.sizes].filter(([, size]) => size > 0).map(([segment]) => segment)
  }

  /**
   * Scans what is on disk of one segment; see `scanSegmentFile`. A line `decode` throws on (throw a
   * StoredRecordError to say why, and which station it names) is set aside in the quarantine.
   */
  scan<R>(segment: number, fromOffset: number, decode: (line: Buffer) => R, visit: (value: R, position: RecordPosition) => void): Promise<ScanResult> {
    const onCorrupt = (line: Buffer, position: RecordPosition, error: unknown): string | undefined =>
      this.setAside(line, position, error instanceof StoredRecordError ? error.reason : describeError(error), error instanceof StoredRecordError ? error.stationId : undefined)
    return scanSegmentFile(this.path(segment), segment, fromOffset, decode, visit, this.logger, onCorrupt)
  }

  /**
   * Sets a line that cannot be used aside (a copy of its bytes in the quarantine folder; the journal
   * is left as it is) and answers where it went, or undefined when this journal has no quarantine.
   */
  setAside(line: Buffer | string, position: RecordPosition, reason: string, stationId?: string): string | undefined {
    const bytes = typeof line === 'string' ? Buffer.from(line, 'utf8') : line
    return this.options.quarantine?.({ journal: this.options.name, position, line: bytes, reason, ...(stationId !== undefined ? { stationId } : {}) })
  }

  /** The raw lines at `positions`, undefined where there is none (deleted by retention, say). */
  async readLines(positions: readonly RecordPosition[]): Promise<(string | undefined)[]> {
    const lines: (string | undefined)[] = new Array<string | undefined>(positions.length).fill(undefined)
    const fromDisk = new Map<number, number[]>()
    positions.forEach((position, i) => {
      const pending = this.pending.find(position)
      if (pending !== undefined) lines[i] = pending
      else if (this.sizes.has(position.segment)) {
        const list = fromDisk.get(position.segment)
        if (list) list.push(i)
        else fromDisk.set(position.segment, [i])
      }
    })
    for (const [segment, wanted] of fromDisk) await readLinesFromFile(this.path(segment), positions, wanted, lines)
    return lines
  }

  async read(position: RecordPosition): Promise<T | undefined> {
    const [line] = await this.readLines([position])
    return line === undefined ? undefined : this.parse(line)
  }

  stats(): JournalStats {
    let bytes = 0
    let segments = 0
    for (const size of this.sizes.values()) {
      bytes += size
      if (size > 0) segments += 1
    }
    return { segments, bytes, pendingRecords: this.pending.count, queueBufferBytes: this.pending.bufferBytes, batches: this.batches, syncs: this.syncs }
  }

  /** Writes everything still queued and closes the files. Appending afterwards throws. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.wake?.()
      try {
        await this.flush()
      } catch (error) {
        this.logger.error(`${this.options.name} journal: closing without writing everything: ${describeError(error)}`)
      }
      await this.loop
      await this.writer?.handle.close().catch(() => undefined)
      this.writer = undefined
    })()
    return this.closing
  }

  private path(segment: number): string {
    return segmentPath(this.options.dir, this.options.name, segment)
  }

  private enqueue(line: string): RecordPosition {
    if (this.closing) throw new StorageError('JOURNAL_CLOSED', `The ${this.options.name} journal is closed`)
    if (this.fatal) throw new StorageError('JOURNAL_FAILED', `The ${this.options.name} journal cannot write: ${this.fatal.message}`, { cause: this.fatal })
    const length = Buffer.byteLength(line)
    if (this.pending.bytes + length + 1 > this.tuning.maxPendingBytes) {
      throw new StorageError('JOURNAL_BACKLOG', `The ${this.options.name} journal has ${this.pending.bytes} bytes waiting for the disk in ${this.options.dir}; check free space`)
    }
    let end = this.sizes.get(this.current)!
    if (end > 0 && end + length + 1 > this.tuning.maxSegmentBytes) end = this.rotate()
    const position: RecordPosition = { segment: this.current, offset: end, length }
    this.sizes.set(this.current, end + length + 1)
    this.pending.push(position, line)
    this.schedule()
    return position
  }

  private rotate(): number {
    this.current += 1
    this.sizes.set(this.current, 0)
    const dropped: number[] = []
    for (const segment of this.sizes.keys()) {
      if (this.sizes.size - dropped.length <= this.tuning.maxSegments) break
      dropped.push(segment)
    }
    for (const segment of dropped) this.sizes.delete(segment)
    if (dropped.length > 0) {
      this.pendingDeletes.push(...dropped)
      this.options.onSegmentsDeleted?.(dropped)
    }
    return 0
  }

  private schedule(): void {
    if (this.loop || this.scheduled) return
    this.scheduled = true
    // setImmediate, not a microtask: every append of the current turn joins the first batch.
    setImmediate(() => {
      this.scheduled = false
      this.loop ??= this.runWriter().finally(() => {
        this.loop = undefined
        if (!this.fatal && (this.pending.hasQueued || this.pendingDeletes.length > 0)) this.schedule()
      })
    })
  }

  private async runWriter(): Promise<void> {
    let delay = this.tuning.retryDelayMs
    while (!this.fatal && (this.pending.hasQueued || this.pendingDeletes.length > 0)) {
      await this.deleteDroppedSegments()
      if (!this.pending.hasQueued) continue
      await this.pace()
      this.pending.startBatch()
      try {
        await this.writeBatch()
        this.batches += 1
        this.pending.batchDone()
        delay = this.tuning.retryDelayMs
      } catch (error) {
        this.pending.batchFailed(error)
        if (this.fatal || this.closing) return this.abandon(error)
        this.logger.error(`${this.options.name} journal: write failed, retrying in ${delay} ms: ${describeError(error)}`)
        await this.sleep(delay)
        delay = Math.min(delay * 2, 30_000)
      }
    }
  }

  /** Waits out minBatchIntervalMs since the last batch started (cut short by close). */
  private async pace(): Promise<void> {
    const wait = this.lastBatchAt + this.tuning.minBatchIntervalMs - performance.now()
    if (wait > 0 && !this.closing && !this.urgent) {
      this.pacing = true
      await this.sleep(wait)
      this.pacing = false
    }
    this.lastBatchAt = performance.now()
    this.urgent = false
  }

  /** The writer's one pause (a retry delay or the pace); `wake` cuts it short. */
  private async sleep(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms)
      this.wake = () => (clearTimeout(timer), resolve())
    })
    this.wake = undefined
  }

  /** One durable write per segment the batch touches (almost always one). */
  private async writeBatch(): Promise<void> {
    for (let run = this.pending.nextRun(); run; run = this.pending.nextRun()) {
      // Retention may have dropped a segment before its lines were written; they are gone with it.
      if (this.sizes.has(run.segment)) await this.writeDurably(run.segment, run.data, run.offset)
      this.pending.written(run)
    }
  }

  private async writeDurably(segment: number, data: Buffer, offset: number): Promise<void> {
    const handle = await this.writeHandle(segment)
    try {
      let written = 0
      while (written < data.length) written += (await handle.write(data, written, data.length - written)).bytesWritten
      if (this.tuning.datasync) await this.tuning.datasync(handle)
      this.syncs += 1
    } catch (error) {
      await this.undoPartialWrite(handle, segment, offset)
      throw error
    }
  }

  private async writeHandle(segment: number): Promise<FileHandle> {
    if (this.writer?.segment === segment) return this.writer.handle
    await this.writer?.handle.close()
    this.writer = undefined
    // Without an fdatasync after each write, the write itself must be durable.
    const handle = await openPrivateFile(this.path(segment), this.tuning.datasync ? APPEND_FLAGS : APPEND_FLAGS | O_DSYNC!)
    if ((await handle.stat()).size === 0) await syncDirectory(this.options.dir)
    this.writer = { segment, handle }
    return handle
  }

  private async undoPartialWrite(handle: FileHandle, segment: number, offset: number): Promise<void> {
    try {
      await handle.truncate(offset)
    } catch (error) {
      this.fatal = new Error(`cannot undo a partial write in ${this.path(segment)} (${describeError(error)}); restart to repair it`)
    }
  }

  private async deleteDroppedSegments(): Promise<void> {
    const segments = this.pendingDeletes.splice(0)
    for (const segment of segments) {
      if (this.writer?.segment === segment) {
        await this.writer.handle.close().catch(() => undefined)
        this.writer = undefined
      }
      await removeFile(this.path(segment)).catch((error: unknown) => this.logger.warn(`could not delete old segment ${this.path(segment)}: ${describeError(error)}`))
    }
    if (segments.length > 0) await syncDirectory(this.options.dir)
  }

  private abandon(error: unknown): void {
    const lost = this.pending.abandon(error)
    this.logger.error(`${this.options.name} journal: gave up writing ${lost} records to ${this.options.dir}: ${describeError(error)}`)
  }
}
