/**
 * The message log's in-memory index: compact metadata per entry, no payloads. Entries live in
 * chunks of columnar typed arrays (24 bytes per entry). A chunk belongs to one journal segment and
 * stores seq and time as 32-bit deltas from its first entry, so retention drops whole chunks and a
 * query skips a chunk whose time span misses the requested range.
 */
import type { Direction, FrameKind } from '@shared/contract/dto'
import type { RecordPosition } from './journal-reader'

export interface IndexedEntry {
  seq: number
  timeMs: number
  stationId: string
  action?: string
  direction: Direction
  kind: FrameKind
}

export interface IndexHit extends RecordPosition {
  seq: number
}

/** A query translated to interned ids and bit masks; `undefined` from `compile` = nothing can match. */
export interface CompiledFilter {
  station: number // -1 = any
  tagMask: number
  tagValue: number
  fromMs: number
  toMs: number
}

const KINDS: readonly FrameKind[] = ['CALL', 'CALLRESULT', 'CALLERROR', 'INVALID']
const FIRST_CAPACITY = 1024
const CHUNK_CAPACITY = 65536
const ACTION_SHIFT = 8
const MAX_ACTION_ID = 2 ** 24 - 1
const DIRECTION_MASK = 0b1
const KIND_MASK = 0b110

class Interner {
  private readonly ids = new Map<string, number>()
  private readonly values: string[] = []
  constructor(private readonly firstId: number) {}
  intern(value: string): number {
    let id = this.ids.get(value)
    if (id === undefined) {
      id = this.firstId + this.values.length
      this.ids.set(value, id)
      this.values.push(value)
    }
    return id
  }
  idOf(value: string): number | undefined {
    return this.ids.get(value)
  }
}

class Chunk {
  count = 0
  minTime = Infinity
  maxTime = -Infinity
  seqDelta: Uint32Array
  timeDelta: Int32Array
  station: Uint32Array
  /** action id << 8 | kind << 1 | direction */
  tag: Uint32Array
  offset: Uint32Array
  length: Uint32Array

  constructor(
    readonly segment: number,
    readonly baseSeq: number,
    readonly baseTime: number,
  ) {
    this.seqDelta = new Uint32Array(FIRST_CAPACITY)
    this.timeDelta = new Int32Array(FIRST_CAPACITY)
    this.station = new Uint32Array(FIRST_CAPACITY)
    this.tag = new Uint32Array(FIRST_CAPACITY)
    this.offset = new Uint32Array(FIRST_CAPACITY)
    this.length = new Uint32Array(FIRST_CAPACITY)
  }

  get lastSeq(): number {
    return this.baseSeq + this.seqDelta[this.count - 1]!
  }

  seqAt(i: number): number {
    return this.baseSeq + this.seqDelta[i]!
  }

  /** Whether the entry fits this chunk (same segment, deltas in range, room to grow). */
  accepts(segment: number, seq: number, timeMs: number): boolean {
    const timeOffset = timeMs - this.baseTime
    return segment === this.segment && this.count < CHUNK_CAPACITY && seq - this.baseSeq <= 0xffffffff && timeOffset >= -0x80000000 && timeOffset <= 0x7fffffff
  }

  push(seq: number, timeMs: number, station: number, tag: number, position: RecordPosition): void {
    if (this.count === this.seqDelta.length) this.grow()
    const i = this.count++
    this.seqDelta[i] = seq - this.baseSeq
    this.timeDelta[i] = timeMs - this.baseTime
    this.station[i] = station
    this.tag[i] = tag
    this.offset[i] = position.offset
    this.length[i] = position.length
    if (timeMs < this.minTime) this.minTime = timeMs
    if (timeMs > this.maxTime) this.maxTime = timeMs
  }

  /** First index whose seq is >= `seq` (count when none). */
  lowerBound(seq: number): number {
    let low = 0
    let high = this.count
    while (low < high) {
      const middle = (low + high) >>> 1
      if (this.baseSeq + this.seqDelta[middle]! < seq) low = middle + 1
      else high = middle
    }
    return low
  }

  matches(i: number, filter: CompiledFilter): boolean {
    if (filter.station >= 0 && this.station[i] !== filter.station) return false
    if (((this.tag[i]! & filter.tagMask) >>> 0) !== filter.tagValue) return false
    const time = this.baseTime + this.timeDelta[i]!
    return time >= filter.fromMs && time < filter.toMs
  }

  hit(i: number): IndexHit {
    return { seq: this.seqAt(i), segment: this.segment, offset: this.offset[i]!, length: this.length[i]! }
  }

  bytes(): number {
    return this.seqDelta.byteLength * 6
  }

  private grow(): void {
    const capacity = Math.min(this.seqDelta.length * 2, CHUNK_CAPACITY)
    const grown = <A extends Uint32Array | Int32Array>(array: A, next: A): A => (next.set(array), next)
    this.seqDelta = grown(this.seqDelta, new Uint32Array(capacity))
    this.timeDelta = grown(this.timeDelta, new Int32Array(capacity))
    this.station = grown(this.station, new Uint32Array(capacity))
    this.tag = grown(this.tag, new Uint32Array(capacity))
    this.offset = grown(this.offset, new Uint32Array(capacity))
    this.length = grown(this.length, new Uint32Array(capacity))
  }
}

export class LogIndex {
  private chunks: Chunk[] = []
  private readonly stations = new Interner(0)
  private readonly actions = new Interner(1) // 0 = no action
  private entryCount = 0

  get count(): number {
    return this.entryCount
  }

  /** Entries must arrive in increasing seq order. */
  add(entry: IndexedEntry, position: RecordPosition): void {
    let chunk = this.chunks[this.chunks.length - 1]
    if (!chunk || !chunk.accepts(position.segment, entry.seq, entry.timeMs)) {
      chunk = new Chunk(position.segment, entry.seq, entry.timeMs)
      this.chunks.push(chunk)
    }
    const action = entry.action === undefined ? 0 : Math.min(this.actions.intern(entry.action), MAX_ACTION_ID)
    const tag = (action << ACTION_SHIFT) | (KINDS.indexOf(entry.kind) << 1) | (entry.direction === 'out' ? 1 : 0)
    chunk.push(entry.seq, entry.timeMs, this.stations.intern(entry.stationId), tag >>> 0, position)
    this.entryCount += 1
  }

  /** Forgets the entries stored in `segments` (retention deleted them; they are always the oldest). */
  dropSegments(segments: readonly number[]): void {
    const newestDropped = Math.max(...segments)
    let keepFrom = 0
    while (keepFrom < this.chunks.length && this.chunks[keepFrom]!.segment <= newestDropped) {
      this.entryCount -= this.chunks[keepFrom]!.count
      keepFrom += 1
    }
    if (keepFrom > 0) this.chunks = this.chunks.slice(keepFrom)
  }

  compile(query: { stationId?: string; action?: string; direction?: Direction; kind?: FrameKind; fromMs?: number; toMs?: number }): CompiledFilter | undefined {
    const filter: CompiledFilter = { station: -1, tagMask: 0, tagValue: 0, fromMs: query.fromMs ?? -Infinity, toMs: query.toMs ?? Infinity }
    if (query.stationId !== undefined) {
      const id = this.stations.idOf(query.stationId)
      if (id === undefined) return undefined
      filter.station = id
    }
    if (query.action !== undefined) {
      const id = this.actions.idOf(query.action)
      if (id === undefined) return undefined
      filter.tagMask |= MAX_ACTION_ID << ACTION_SHIFT
      filter.tagValue |= Math.min(id, MAX_ACTION_ID) << ACTION_SHIFT
    }
    if (query.direction !== undefined) {
      filter.tagMask |= DIRECTION_MASK
      filter.tagValue |= query.direction === 'out' ? 1 : 0
    }
    if (query.kind !== undefined) {
      filter.tagMask |= KIND_MASK
      filter.tagValue |= KINDS.indexOf(query.kind) << 1
    }
    filter.tagMask >>>= 0
    filter.tagValue >>>= 0
    return filter
  }

  /** Up to `limit` matches with seq < `beforeSeq`, newest first. */
  newest(filter: CompiledFilter, beforeSeq: number, limit: number): IndexHit[] {
    const hits: IndexHit[] = []
    for (let c = this.chunks.length - 1; c >= 0 && hits.length < limit; c -= 1) {
      const chunk = this.chunks[c]!
      if (chunk.count === 0 || chunk.baseSeq >= beforeSeq || chunk.maxTime < filter.fromMs || chunk.minTime >= filter.toMs) continue
      for (let i = chunk.lowerBound(beforeSeq) - 1; i >= 0 && hits.length < limit; i -= 1) {
        if (chunk.matches(i, filter)) hits.push(chunk.hit(i))
      }
    }
    return hits
  }

  /** Up to `limit` matches with afterSeq < seq < beforeSeq, oldest first. */
  oldest(filter: CompiledFilter, afterSeq: number, beforeSeq: number, limit: number): IndexHit[] {
    const hits: IndexHit[] = []
    for (let c = this.firstChunkAfter(afterSeq); c < this.chunks.length && hits.length < limit; c += 1) {
      const chunk = this.chunks[c]!
      if (chunk.baseSeq >= beforeSeq) break
      if (chunk.count === 0 || chunk.maxTime < filter.fromMs || chunk.minTime >= filter.toMs) continue
      for (let i = chunk.lowerBound(afterSeq + 1); i < chunk.count && hits.length < limit; i += 1) {
        if (chunk.seqAt(i) >= beforeSeq) return hits
        if (chunk.matches(i, filter)) hits.push(chunk.hit(i))
      }
    }
    return hits
  }

  /** Bytes held by the typed arrays (allocated capacity, not only the used part). */
  memoryBytes(): number {
    return this.chunks.reduce((sum, chunk) => sum + chunk.bytes(), 0)
  }

  private firstChunkAfter(seq: number): number {
    let low = 0
    let high = this.chunks.length
    while (low < high) {
      const middle = (low + high) >>> 1
      if (this.chunks[middle]!.lastSeq <= seq) low = middle + 1
      else high = middle
    }
    return low
  }
}
