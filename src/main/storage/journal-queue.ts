/**
 * Lines of a journal that are not durable yet: the batch being written (in flight) and the lines
 * queued behind it, with one shared promise per batch for the callers waiting on durability.
 */
import type { RecordPosition } from './journal-reader'

export interface PendingLine extends RecordPosition {
  readonly line: string
}

class Deferred {
  readonly promise: Promise<void>
  resolve!: () => void
  reject!: (error: unknown) => void
  constructor() {
    this.promise = new Promise<void>((resolve, reject) => Object.assign(this, { resolve, reject }))
    this.promise.catch(() => undefined) // nobody waiting is not an unhandled rejection
  }
}

function findLine(lines: readonly PendingLine[], position: RecordPosition): PendingLine | undefined {
  let low = 0
  let high = lines.length - 1
  while (low <= high) {
    const middle = (low + high) >>> 1
    const line = lines[middle]!
    const order = line.segment - position.segment || line.offset - position.offset
    if (order === 0) return line
    if (order < 0) low = middle + 1
    else high = middle - 1
  }
  return undefined
}

export class PendingLines {
  private queued: PendingLine[] = []
  private queuedDone: Deferred | undefined
  /** Lines of the batch being written that are not on disk yet, in position order. */
  inflight: PendingLine[] = []
  private inflightDone: Deferred | undefined
  /** Bytes (newlines included) not on disk yet. */
  bytes = 0

  get count(): number {
    return this.inflight.length + this.queued.length
  }

  get hasQueued(): boolean {
    return this.queued.length > 0
  }

  push(line: PendingLine): void {
    this.queued.push(line)
    this.bytes += line.length + 1
  }

  /** Resolves when the lines queued so far are durable (rejects if their batch fails). */
  queuedDurable(): Promise<void> {
    return (this.queuedDone ??= new Deferred()).promise
  }

  /** Resolves when everything queued or in flight now is durable. */
  allDurable(): Promise<void> {
    if (this.queued.length > 0) return this.queuedDurable()
    if (this.inflight.length > 0) return (this.inflightDone ??= new Deferred()).promise
    return Promise.resolve()
  }

  find(position: RecordPosition): PendingLine | undefined {
    return findLine(this.inflight, position) ?? findLine(this.queued, position)
  }

  /** The queued lines become the batch in flight. */
  startBatch(): void {
    this.inflight = this.queued
    this.inflightDone = this.queuedDone
    this.queued = []
    this.queuedDone = undefined
  }

  /** The first `count` lines in flight are on disk (or dropped with their segment). */
  written(count: number, bytes: number): void {
    this.inflight = count === this.inflight.length ? [] : this.inflight.slice(count)
    this.bytes -= bytes
  }

  batchDone(): void {
    this.inflightDone?.resolve()
    this.inflightDone = undefined
  }

  /** The unwritten lines go back to the front of the queue, so their positions stay valid. */
  batchFailed(error: unknown): void {
    this.queued = this.inflight.concat(this.queued)
    this.inflight = []
    this.inflightDone?.reject(error)
    this.inflightDone = undefined
  }

  /** Drops every queued line; returns how many. */
  abandon(error: unknown): number {
    const lost = this.queued.length
    this.queued = []
    this.bytes = this.inflight.reduce((sum, line) => sum + line.length + 1, 0)
    this.queuedDone?.reject(error)
    this.queuedDone = undefined
    return lost
  }
}
