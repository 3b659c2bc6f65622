/**
 * Lines of a journal that are not durable yet: the batch being written (in flight) and the lines
 * queued behind it, with one shared promise per batch for the callers waiting on durability.
 *
 * A line's text is copied into its batch's byte buffer (outside the JS heap, newline included) the
 * moment it is queued, and that buffer is what the writer writes. So a backlog (up to
 * maxPendingBytes while a disk refuses writes) does not sit in the garbage-collected heap as
 * strings, and a batch is not first joined into one big string and then encoded. Two buffers per
 * journal are reused, one filling while the other is written (unless a backlog made one huge).
 */
import type { RecordPosition } from './journal-reader'

const NEWLINE = 0x0a
const INITIAL_BATCH_BYTES = 16 * 1024
/** A buffer grown beyond this (by a backlog) is not kept for the next batch. */
export const MAX_SPARE_BYTES = 4 * 1024 * 1024

class Deferred {
  readonly promise: Promise<void>
  resolve!: () => void
  reject!: (error: unknown) => void
  constructor() {
    this.promise = new Promise<void>((resolve, reject) => Object.assign(this, { resolve, reject }))
    this.promise.catch(() => undefined) // nobody waiting is not an unhandled rejection
  }
}

/** Where a line is in the journal, and where its bytes are in its batch's buffer. */
interface PendingLine extends RecordPosition {
  /** Offset of the line's first byte in the batch's buffer. */
  readonly start: number
}

/** Lines in position order with their bytes, each followed by a newline, back to back. */
class Batch {
  lines: PendingLine[] = []
  bytes: Buffer
  /** Bytes of `bytes` in use. */
  used = 0
  /** Bytes before this were written (a batch touching two segments is written in two parts). */
  writtenUpTo = 0
  /** Lines before this index were written. */
  firstUnwritten = 0

  constructor(capacity = INITIAL_BATCH_BYTES) {
    this.bytes = Buffer.allocUnsafe(capacity)
  }

  /** Empty again, keeping its buffer. */
  reset(): this {
    this.lines = []
    this.used = 0
    this.writtenUpTo = 0
    this.firstUnwritten = 0
    return this
  }

  get pendingLines(): number {
    return this.lines.length - this.firstUnwritten
  }

  add(position: RecordPosition, text: string): void {
    const needed = this.used + position.length + 1
    if (needed > this.bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(needed, this.bytes.length * 2))
      this.bytes.copy(grown, 0, 0, this.used)
      this.bytes = grown
    }
    const start = this.used
    this.bytes.write(text, start, position.length, 'utf8')
    this.bytes[start + position.length] = NEWLINE
    this.used = needed
    this.lines.push({ segment: position.segment, offset: position.offset, length: position.length, start })
  }

  /** The text of the line at `position`, if this batch holds it unwritten. */
  find(position: RecordPosition): string | undefined {
    let low = this.firstUnwritten
    let high = this.lines.length - 1
    while (low <= high) {
      const middle = (low + high) >>> 1
      const line = this.lines[middle]!
      const order = line.segment - position.segment || line.offset - position.offset
      if (order === 0) return this.bytes.toString('utf8', line.start, line.start + line.length)
      if (order < 0) low = middle + 1
      else high = middle - 1
    }
    return undefined
  }

  /** A batch of this one's unwritten lines followed by `next`'s, their bytes copied once. */
  static join(first: Batch, next: Batch): Batch {
    const unwritten = first.used - first.writtenUpTo
    const joined = new Batch(Math.max(INITIAL_BATCH_BYTES, unwritten + next.used))
    first.bytes.copy(joined.bytes, 0, first.writtenUpTo, first.used)
    next.bytes.copy(joined.bytes, unwritten, 0, next.used)
    joined.used = unwritten + next.used
    for (let i = first.firstUnwritten; i < first.lines.length; i += 1) {
      const line = first.lines[i]!
      joined.lines.push({ ...line, start: line.start - first.writtenUpTo })
    }
    for (const line of next.lines) joined.lines.push({ ...line, start: line.start + unwritten })
    return joined
  }
}

/** The next run of lines of one segment to write, and its bytes. */
export interface SegmentRun {
  segment: number
  /** Where the run starts in the segment file. */
  offset: number
  count: number
  /** A view of the batch's buffer, valid until the run is reported written. */
  data: Buffer
}

export class PendingLines {
  private queued = new Batch()
  private queuedDone: Deferred | undefined
  private inflight: Batch | undefined
  private inflightDone: Deferred | undefined
  /** The last batch written, whose buffer the next queue reuses (two buffers, not one per batch). */
  private spare: Batch | undefined
  /** Bytes (newlines included) not on disk yet. */
  get bytes(): number {
    return this.queued.used + (this.inflight ? this.inflight.used - this.inflight.writtenUpTo : 0)
  }

  get count(): number {
    return (this.inflight?.pendingLines ?? 0) + this.queued.pendingLines
  }

  /** Capacity of the buffers held (queued, in flight, spare): about twice the largest batch. */
  get bufferBytes(): number {
    return this.queued.bytes.length + (this.inflight?.bytes.length ?? 0) + (this.spare?.bytes.length ?? 0)
  }

  get hasQueued(): boolean {
    return this.queued.lines.length > 0
  }

  /** Copies the line's text (`position.length` bytes of UTF-8) into the queue. */
  push(position: RecordPosition, text: string): void {
    this.queued.add(position, text)
  }

  /** Resolves when the lines queued so far are durable (rejects if their batch fails). */
  queuedDurable(): Promise<void> {
    return (this.queuedDone ??= new Deferred()).promise
  }

  /** Resolves when everything queued or in flight now is durable. */
  allDurable(): Promise<void> {
    if (this.hasQueued) return this.queuedDurable()
    if (this.inflight && this.inflight.pendingLines > 0) return (this.inflightDone ??= new Deferred()).promise
    return Promise.resolve()
  }

  /** The text of a line not on disk yet. */
  find(position: RecordPosition): string | undefined {
    return this.inflight?.find(position) ?? this.queued.find(position)
  }

  /** The queued lines become the batch in flight. */
  startBatch(): void {
    this.inflight = this.queued
    this.inflightDone = this.queuedDone
    this.queued = this.spare?.reset() ?? new Batch()
    this.spare = undefined
    this.queuedDone = undefined
  }

  /** The in-flight lines of the next segment, undefined once all are written. */
  nextRun(): SegmentRun | undefined {
    const batch = this.inflight
    if (!batch || batch.pendingLines === 0) return undefined
    const first = batch.lines[batch.firstUnwritten]!
    let end = batch.firstUnwritten + 1
    while (end < batch.lines.length && batch.lines[end]!.segment === first.segment) end += 1
    const last = batch.lines[end - 1]!
    return { segment: first.segment, offset: first.offset, count: end - batch.firstUnwritten, data: batch.bytes.subarray(first.start, last.start + last.length + 1) }
  }

  /** The run from `nextRun` is on disk (or dropped with its segment). */
  written(run: SegmentRun): void {
    const batch = this.inflight!
    batch.firstUnwritten += run.count
    batch.writtenUpTo += run.data.length
  }

  batchDone(): void {
    this.spare = this.inflight && this.inflight.bytes.length <= MAX_SPARE_BYTES ? this.inflight : undefined
    this.inflight = undefined
    this.inflightDone?.resolve()
    this.inflightDone = undefined
  }

  /** The unwritten lines go back to the front of the queue, so their positions stay valid. */
  batchFailed(error: unknown): void {
    if (this.inflight) this.queued = Batch.join(this.inflight, this.queued)
    this.inflight = undefined
    this.inflightDone?.reject(error)
    this.inflightDone = undefined
  }

  /** Drops every queued line; returns how many. */
  abandon(error: unknown): number {
    const lost = this.queued.pendingLines
    this.queued = new Batch()
    this.queuedDone?.reject(error)
    this.queuedDone = undefined
    return lost
  }
}
