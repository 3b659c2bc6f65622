/**
 * The message log's index on its own (issue 19 §4): what keeps a query to one station's frames, to
 * the asked action, direction, kind and time range, in seq order, and what survives retention. The
 * index keeps entries in chunks of 32-bit deltas: entries far apart in seq or time, in another
 * segment, or beyond a chunk's capacity must still come back exactly as they were added.
 */
import { describe, expect, it } from 'vitest'
import type { Direction, FrameKind } from '@shared/contract/dto'
import { LogIndex, type CompiledFilter, type IndexedEntry } from '../../../src/main/storage/log-index'

const T0 = Date.UTC(2025, 0, 1)
const DAY = 86_400_000
const KINDS: FrameKind[] = ['CALL', 'CALLRESULT', 'CALLERROR', 'INVALID']

/** Adds entry `seq` (offset seq * 10, length seq % 7 + 1) and returns it. */
function add(index: LogIndex, seq: number, entry: Partial<IndexedEntry> = {}, segment = 1): IndexedEntry {
  const full: IndexedEntry = { seq, timeMs: T0 + seq * 1000, stationId: 'CP-A', direction: 'in', kind: 'CALL', ...entry }
  index.add(full, { segment, offset: seq * 10, length: (seq % 7) + 1 })
  return full
}

const filterOf = (index: LogIndex, query: Parameters<LogIndex['compile']>[0] = {}): CompiledFilter => {
  const filter = index.compile(query)
  if (!filter) throw new Error('nothing can match')
  return filter
}

/** Seqs of every match, newest first and oldest first (both must agree). */
function seqs(index: LogIndex, query: Parameters<LogIndex['compile']>[0] = {}): number[] {
  const filter = filterOf(index, query)
  const newest = index.newest(filter, Infinity, 1_000_000).map((hit) => hit.seq)
  const oldest = index.oldest(filter, 0, Infinity, 1_000_000).map((hit) => hit.seq)
  expect(oldest).toEqual([...newest].reverse())
  return oldest
}

describe('message log index', () => {
  it('a query for one station never returns another station’s entries, whichever station came first', () => {
    const index = new LogIndex()
    const stations = ['CP-first', 'CP-second', 'CP-third']
    for (let seq = 1; seq <= 30; seq += 1) add(index, seq, { stationId: stations[seq % 3]! })
    stations.forEach((stationId, s) => {
      expect(seqs(index, { stationId })).toEqual(Array.from({ length: 10 }, (_, k) => 3 * k + (s === 0 ? 3 : s)))
      expect(seqs(index, { stationId, direction: 'in', kind: 'CALL' })).toHaveLength(10)
    })
    expect(index.compile({ stationId: 'CP-unknown' })).toBeUndefined()
    expect(seqs(index)).toHaveLength(30)
  })

  it('an action query returns that action only, never entries without an action or with another one', () => {
    const index = new LogIndex()
    const actions = [undefined, 'Heartbeat', 'BootNotification', 'StatusNotification']
    for (let seq = 1; seq <= 20; seq += 1) add(index, seq, { action: actions[seq % 4] })
    expect(seqs(index, { action: 'Heartbeat' })).toEqual([1, 5, 9, 13, 17])
    expect(seqs(index, { action: 'BootNotification' })).toEqual([2, 6, 10, 14, 18])
    expect(seqs(index, { action: 'StatusNotification' })).toEqual([3, 7, 11, 15, 19])
    expect(index.compile({ action: 'Authorize' })).toBeUndefined()
    expect(seqs(index, { action: 'BootNotification', stationId: 'CP-A', direction: 'in', kind: 'CALL' })).toEqual([2, 6, 10, 14, 18])
  })

  it('direction and kind queries return exactly the entries of that direction and kind, alone or combined', () => {
    const index = new LogIndex()
    const all: IndexedEntry[] = []
    let seq = 0
    for (let round = 0; round < 3; round += 1) {
      for (const kind of KINDS) {
        for (const direction of ['in', 'out'] as Direction[]) all.push(add(index, ++seq, { kind, direction, action: round === 1 ? 'Heartbeat' : undefined }))
      }
    }
    const expected = (match: (entry: IndexedEntry) => boolean) => all.filter(match).map((entry) => entry.seq)
    for (const direction of ['in', 'out'] as Direction[]) expect(seqs(index, { direction })).toEqual(expected((e) => e.direction === direction))
    for (const kind of KINDS) {
      expect(seqs(index, { kind })).toEqual(expected((e) => e.kind === kind))
      for (const direction of ['in', 'out'] as Direction[]) {
        expect(seqs(index, { kind, direction })).toEqual(expected((e) => e.kind === kind && e.direction === direction))
        expect(seqs(index, { kind, direction, action: 'Heartbeat' })).toEqual(expected((e) => e.kind === kind && e.direction === direction && e.action === 'Heartbeat'))
      }
    }
  })

  it('a time range includes its start and excludes its end, also at the edges of a chunk', () => {
    const index = new LogIndex()
    for (let seq = 1; seq <= 10; seq += 1) add(index, seq, {}, 1) // T0 + 1 s ... T0 + 10 s
    for (let seq = 11; seq <= 20; seq += 1) add(index, seq, {}, 2) // a second chunk: T0 + 11 s ... T0 + 20 s
    const at = (second: number) => T0 + second * 1000
    expect(seqs(index, { fromMs: at(3), toMs: at(6) })).toEqual([3, 4, 5])
    expect(seqs(index, { fromMs: at(10), toMs: at(12) })).toEqual([10, 11]) // the first chunk's last time, the second's first
    expect(seqs(index, { fromMs: at(10) })).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20])
    expect(seqs(index, { toMs: at(11) })).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    expect(seqs(index, { fromMs: at(11), toMs: at(11) })).toEqual([])
    expect(seqs(index, { fromMs: at(21) })).toEqual([])
  })

  it('entries weeks apart or with a clock that went back keep their own times (past the 32-bit delta of a chunk)', () => {
    const index = new LogIndex()
    const times = [T0, T0 + 0x7fffffff, T0 + 0x80000000, T0 + 40 * DAY, T0 - 0x80000000, T0 - 0x80000001, T0 - 40 * DAY, T0 + 1]
    times.forEach((timeMs, i) => add(index, i + 1, { timeMs }))
    times.forEach((timeMs, i) => {
      expect(seqs(index, { fromMs: timeMs, toMs: timeMs + 1 }), `entry ${i + 1}`).toEqual([i + 1])
    })
    expect(seqs(index, { fromMs: T0 + 2 * DAY })).toEqual([2, 3, 4])
    expect(seqs(index, { toMs: T0 - 2 * DAY })).toEqual([5, 6, 7])
  })

  it('seq numbers more than 2^32 apart come back exactly', () => {
    const index = new LogIndex()
    const numbers = [1, 2, 2 + 0xffffffff, 3 + 0xffffffff, 2 ** 40, Number.MAX_SAFE_INTEGER]
    for (const seq of numbers) add(index, seq, { timeMs: T0 })
    expect(seqs(index)).toEqual(numbers)
    expect(index.newest(filterOf(index), 2 ** 40, 10).map((hit) => hit.seq)).toEqual([3 + 0xffffffff, 2 + 0xffffffff, 2, 1])
  })

  it('every hit names the segment, offset and length its entry was added with', () => {
    const index = new LogIndex()
    for (let seq = 1; seq <= 9; seq += 1) add(index, seq, {}, Math.ceil(seq / 3))
    expect(index.oldest(filterOf(index), 0, Infinity, 100)).toEqual(
      Array.from({ length: 9 }, (_, k) => ({ seq: k + 1, segment: Math.ceil((k + 1) / 3), offset: (k + 1) * 10, length: ((k + 1) % 7) + 1 })),
    )
  })

  it('a chunk grows past its first capacity and a full one (65,536 entries) is followed by a new one, losing nothing', () => {
    const index = new LogIndex()
    const total = 65_536 + 1500
    for (let seq = 1; seq <= total; seq += 1) add(index, seq, { stationId: seq % 2 === 0 ? 'CP-even' : 'CP-odd', timeMs: T0 + seq })
    expect(index.count).toBe(total)
    expect(index.memoryBytes()).toBe((65_536 + 2048) * 24) // a full chunk, and one grown once from 1024 entries
    const all = index.oldest(filterOf(index), 0, Infinity, total)
    expect(all).toHaveLength(total)
    expect(all.every((hit, k) => hit.seq === k + 1 && hit.offset === (k + 1) * 10)).toBe(true)
    const even = index.newest(filterOf(index, { stationId: 'CP-even' }), Infinity, total)
    expect(even).toHaveLength(total / 2)
    expect(even.every((hit, k) => hit.seq === total - 2 * k)).toBe(true)
    expect(seqs(index, { fromMs: T0 + 65_535, toMs: T0 + 65_539 })).toEqual([65_535, 65_536, 65_537, 65_538])
  })

  it('a fresh index holds no memory; one entry takes a first chunk of 1024', () => {
    const index = new LogIndex()
    expect(index.memoryBytes()).toBe(0)
    expect(index.newest(filterOf(index), Infinity, 10)).toEqual([])
    add(index, 1)
    expect(index.memoryBytes()).toBe(1024 * 24)
  })

  it('newest pages below a seq, newest first, up to a limit, across chunks', () => {
    const index = new LogIndex()
    for (let seq = 1; seq <= 30; seq += 1) add(index, seq, { stationId: seq % 2 === 0 ? 'CP-A' : 'CP-B' }, Math.ceil(seq / 10))
    const filter = filterOf(index, { stationId: 'CP-A' })
    const page = (before: number, limit: number) => index.newest(filter, before, limit).map((hit) => hit.seq)
    expect(page(Infinity, 4)).toEqual([30, 28, 26, 24])
    expect(page(24, 4)).toEqual([22, 20, 18, 16])
    expect(page(21, 3)).toEqual([20, 18, 16])
    expect(page(11, 100)).toEqual([10, 8, 6, 4, 2])
    expect(page(3, 100)).toEqual([2])
    expect(page(2, 100)).toEqual([])
    expect(page(Infinity, 0)).toEqual([])
  })

  it('oldest pages strictly between two seqs, oldest first, up to a limit, across chunks', () => {
    const index = new LogIndex()
    for (let seq = 1; seq <= 30; seq += 1) add(index, seq, { stationId: seq % 2 === 0 ? 'CP-A' : 'CP-B' }, Math.ceil(seq / 10))
    const filter = filterOf(index, { stationId: 'CP-A' })
    const page = (after: number, before: number, limit: number) => index.oldest(filter, after, before, limit).map((hit) => hit.seq)
    expect(page(0, Infinity, 4)).toEqual([2, 4, 6, 8])
    expect(page(8, Infinity, 4)).toEqual([10, 12, 14, 16])
    expect(page(9, 20, 100)).toEqual([10, 12, 14, 16, 18])
    expect(page(10, 21, 100)).toEqual([12, 14, 16, 18, 20])
    expect(page(0, 11, 100)).toEqual([2, 4, 6, 8, 10])
    expect(page(20, 23, 100)).toEqual([22])
    expect(page(28, Infinity, 100)).toEqual([30])
    expect(page(30, Infinity, 100)).toEqual([])
    expect(page(0, 2, 100)).toEqual([])
    expect(page(0, Infinity, 0)).toEqual([])
  })

  it('retention forgets the entries of the deleted segments, and only those', () => {
    const index = new LogIndex()
    for (let seq = 1; seq <= 30; seq += 1) add(index, seq, {}, Math.ceil(seq / 10))
    index.dropSegments([])
    expect(index.count).toBe(30)
    index.dropSegments([1])
    expect(index.count).toBe(20)
    expect(seqs(index)).toEqual(Array.from({ length: 20 }, (_, k) => k + 11))
    index.dropSegments([2])
    expect(index.count).toBe(10)
    expect(seqs(index)).toEqual(Array.from({ length: 10 }, (_, k) => k + 21))
    expect(index.memoryBytes()).toBe(1024 * 24)
    add(index, 31, {}, 4)
    add(index, 32, {}, 5)
    index.dropSegments([3, 4])
    expect(seqs(index)).toEqual([32])
    expect(index.count).toBe(1)
  })
})
