import { appendFile, readFile, readdir, readlink, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { segmentFileName } from '../../../src/main/storage/journal-files'
import { MAX_SPARE_BYTES } from '../../../src/main/storage/journal-queue'
import { allItems as allRecords, openItemsJournal as openJournal, syncGate, tempDirs, turns, type Item } from './helpers'

const dirs = tempDirs()
afterEach(() => dirs.cleanup())

/** The open-file flags of every descriptor this process holds on `path` (Linux: /proc/self/fdinfo). */
async function openFlags(path: string): Promise<number[]> {
  const flags: number[] = []
  for (const fd of await readdir('/proc/self/fd')) {
    const target = await readlink(`/proc/self/fd/${fd}`).catch(() => '')
    if (target !== path) continue
    const info = await readFile(`/proc/self/fdinfo/${fd}`, 'utf8')
    flags.push(parseInt(/^flags:\s+([0-7]+)/m.exec(info)![1]!, 8))
  }
  return flags
}

describe('JSON-lines journal', () => {
  it('group commit: appends arriving during a write+sync go to disk together in the next batch', async () => {
    const dir = await dirs.make()
    const gate = syncGate(1)
    const { journal } = await openJournal(dir, { datasync: gate.datasync })
    const first = journal.append({ n: 0 })
    await gate.firstStarted
    const rest = Array.from({ length: 100 }, (_, i) => journal.append({ n: i + 1 }))
    gate.release()
    await Promise.all([first, ...rest])
    expect(gate.calls).toBe(2)
    expect(journal.stats()).toMatchObject({ batches: 2, syncs: 2, pendingRecords: 0 })
    expect(await allRecords(journal)).toEqual(Array.from({ length: 101 }, (_, i) => i))
    await journal.close()
  })

  it.runIf(process.platform === 'linux')('segments are written with O_DSYNC, so one write per batch is durable without an fdatasync', async () => {
    const O_DSYNC = 0o10000 // Linux
    const dir = await dirs.make()
    const { journal } = await openJournal(dir)
    await journal.append({ n: 1 })
    const segment = join(dir, segmentFileName('items', 1))
    expect(await openFlags(segment)).toEqual([expect.any(Number)])
    expect((await openFlags(segment))[0]! & O_DSYNC).toBe(O_DSYNC)
    expect(journal.stats()).toMatchObject({ batches: 1, syncs: 1 })
    await journal.close()

    // An injected datasync (the tests' gates) is called after a plain write instead.
    const gate = syncGate(0)
    const { journal: gated } = await openJournal(await dirs.make(), { datasync: gate.datasync })
    await gated.append({ n: 1 })
    expect(gate.calls).toBe(1)
    await gated.close()
  })

  it('minBatchIntervalMs paces the batches of a journal nobody waits on; flush() and close() do not wait it out', async () => {
    const dir = await dirs.make()
    const { journal } = await openJournal(dir, { minBatchIntervalMs: 60_000 })
    await journal.append({ n: 0 }) // the first batch starts at once
    for (let n = 1; n <= 20; n += 1) {
      journal.appendNoWait({ n })
      await turns(2)
    }
    expect(journal.stats().batches).toBe(1) // the other twenty wait for the pace
    await journal.flush() // would hang for a minute if flush waited out the pace
    expect(journal.stats()).toMatchObject({ batches: 2, pendingRecords: 0 })
    journal.appendNoWait({ n: 21 })
    await journal.close()
    expect(await allRecords(journal)).toEqual(Array.from({ length: 22 }, (_, i) => i))
  })

  it('a position handed out is a plain copy: an index keeping it does not keep the line', async () => {
    const dir = await dirs.make()
    const { journal } = await openJournal(dir)
    const position = await journal.append({ n: 1, text: 'x'.repeat(100) })
    expect(Object.keys(position).sort()).toEqual(['length', 'offset', 'segment'])
    expect(await journal.read(position)).toEqual({ n: 1, text: 'x'.repeat(100) })
    await journal.close()
  })

  it('append resolves only after the fdatasync of its batch', async () => {
    const dir = await dirs.make()
    const gate = syncGate(1)
    const { journal } = await openJournal(dir, { datasync: gate.datasync })
    let durable = false
    const appended = journal.append({ n: 1 }).then(() => (durable = true))
    await gate.firstStarted
    await turns()
    expect(durable).toBe(false)
    gate.release()
    await appended
    expect(durable).toBe(true)
    await journal.close()
  })

  it('serves records from memory before they are written, and from disk after', async () => {
    const dir = await dirs.make()
    const gate = syncGate(1)
    const { journal } = await openJournal(dir, { datasync: gate.datasync })
    const inFlight = journal.appendNoWait({ n: 1 })
    await gate.firstStarted
    const queued = journal.appendNoWait({ n: 2, text: 'ünïcode ✓' })
    expect(await journal.read(inFlight)).toEqual({ n: 1 })
    expect(await journal.read(queued)).toEqual({ n: 2, text: 'ünïcode ✓' })
    gate.release()
    await journal.flush()
    expect(journal.stats().pendingRecords).toBe(0)
    expect(await journal.readLines([queued, inFlight])).toEqual(['{"n":2,"text":"ünïcode ✓"}', '{"n":1}'])
    await journal.close()
  })

  it('close writes everything queued with appendNoWait; appending afterwards throws', async () => {
    const dir = await dirs.make()
    const { journal } = await openJournal(dir)
    for (let n = 0; n < 50; n += 1) journal.appendNoWait({ n })
    await journal.close()
    const text = await readFile(join(dir, segmentFileName('items', 1)), 'utf8')
    expect(text.trim().split('\n')).toHaveLength(50)
    expect(() => journal.appendNoWait({ n: 51 })).toThrow(/closed/)
  })

  it('rotates to a new segment when the next line would exceed maxSegmentBytes', async () => {
    const dir = await dirs.make()
    const { journal } = await openJournal(dir, { maxSegmentBytes: 100 })
    const positions = []
    // 38 bytes a line (39 from n = 10): two lines fit in 100 bytes, a third does not
    for (let n = 0; n < 20; n += 1) positions.push(journal.appendNoWait({ n, text: 'x'.repeat(20) }))
    await journal.flush()
    expect(journal.segments()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    for (const segment of journal.segments()) expect((await stat(join(dir, segmentFileName('items', segment)))).size).toBeLessThanOrEqual(100)
    expect(positions.slice(0, 4).map((p) => [p.segment, p.offset])).toEqual([[1, 0], [1, 38], [2, 0], [2, 38]])
    expect(await allRecords(journal)).toEqual(Array.from({ length: 20 }, (_, i) => i))
    await journal.close()
  })

  it('retention deletes the oldest segments beyond maxSegments and reports them', async () => {
    const dir = await dirs.make()
    const deleted: number[] = []
    const { journal } = await openJournal(dir, { maxSegmentBytes: 100, maxSegments: 3, onSegmentsDeleted: (s) => deleted.push(...s) })
    const positions = []
    for (let n = 0; n < 20; n += 1) positions.push(journal.appendNoWait({ n, text: 'x'.repeat(20) }))
    await journal.flush()
    await journal.close()
    expect(deleted).toEqual([1, 2, 3, 4, 5, 6, 7])
    expect((await readdir(dir)).sort()).toEqual([8, 9, 10].map((s) => segmentFileName('items', s)))
    expect(await journal.read(positions[0]!)).toBeUndefined()
    const reopened = await openJournal(dir, { maxSegmentBytes: 100, maxSegments: 3 })
    expect(await allRecords(reopened.journal)).toEqual([14, 15, 16, 17, 18, 19])
    await reopened.journal.close()
  })

  it('repairs a torn last line on open and keeps appending after the complete records', async () => {
    const dir = await dirs.make()
    const file = join(dir, segmentFileName('items', 1))
    await writeFile(file, '{"n":1}\n{"n":2}\n{"n":3,"te')
    const { journal, logger } = await openJournal(dir)
    expect(logger.warnings.join()).toMatch(/incomplete last record/)
    expect(await readFile(file, 'utf8')).toBe('{"n":1}\n{"n":2}\n')
    const position = await journal.append({ n: 4 })
    expect(position).toMatchObject({ segment: 1, offset: 16 })
    expect(await allRecords(journal)).toEqual([1, 2, 4])
    await journal.close()
  })

  it('repairs a segment that holds only a torn line', async () => {
    const dir = await dirs.make()
    await writeFile(join(dir, segmentFileName('items', 1)), '{"n":1}\n')
    await writeFile(join(dir, segmentFileName('items', 2)), '\0\0\0\0\0')
    const { journal } = await openJournal(dir)
    await journal.append({ n: 2 })
    expect(await allRecords(journal)).toEqual([1, 2])
    await journal.close()
  })

  it('skips a corrupt line in the middle with a warning', async () => {
    const dir = await dirs.make()
    await writeFile(join(dir, segmentFileName('items', 1)), '{"n":1}\n{"n":2,"te\n{"n":3}\n')
    const { journal, logger } = await openJournal(dir)
    expect(await allRecords(journal)).toEqual([1, 3])
    expect(logger.warnings.join()).toMatch(/corrupt record at byte 8/)
    await journal.close()
  })

  it('a failed write is undone, reported to the waiters, and retried with the same positions', async () => {
    const dir = await dirs.make()
    let calls = 0
    const { journal, logger } = await openJournal(dir, {
      retryDelayMs: 1,
      datasync: async (handle) => {
        calls += 1
        if (calls === 1) throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' })
        await handle.datasync()
      },
    })
    const first = journal.append({ n: 1 })
    await expect(first).rejects.toThrow(/no space/)
    const second = await journal.append({ n: 2 })
    expect(second).toMatchObject({ segment: 1, offset: 8 })
    expect(await readFile(join(dir, segmentFileName('items', 1)), 'utf8')).toBe('{"n":1}\n{"n":2}\n')
    expect(logger.errors.join()).toMatch(/write failed, retrying/)
    await journal.close()
  })

  it('a batch spanning two segments that fails on the second is retried from there: the first part is written once', async () => {
    const dir = await dirs.make()
    let calls = 0
    const { journal } = await openJournal(dir, {
      maxSegmentBytes: 20,
      retryDelayMs: 1,
      datasync: async (handle) => {
        calls += 1
        if (calls === 2) throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' })
        await handle.datasync()
      },
    })
    const positions = [1, 2, 3, 4].map((n) => journal.appendNoWait({ n })) // "{"n":1}\n" is 8 bytes: two per segment
    expect(positions.map((p) => p.segment)).toEqual([1, 1, 2, 2])
    const failed = journal.flush()
    await expect(failed).rejects.toThrow(/no space/)
    expect(await journal.read(positions[3]!)).toEqual({ n: 4 }) // still served from memory
    await journal.flush()
    expect(await readFile(join(dir, segmentFileName('items', 1)), 'utf8')).toBe('{"n":1}\n{"n":2}\n')
    expect(await readFile(join(dir, segmentFileName('items', 2)), 'utf8')).toBe('{"n":3}\n{"n":4}\n')
    expect(await journal.readLines(positions)).toEqual(['{"n":1}', '{"n":2}', '{"n":3}', '{"n":4}'])
    await journal.close()
  })

  it('lines of any size and script are queued, written and read back byte for byte, batch after batch', async () => {
    const dir = await dirs.make()
    const gate = syncGate(1)
    const { journal } = await openJournal(dir, { datasync: gate.datasync })
    const text = (n: number) => `${'ü✓€𝄞'.repeat(n % 7)}${'x'.repeat(n * 997)}`
    const first = journal.appendNoWait({ n: 0, text: text(0) })
    await gate.firstStarted
    // Queued behind the batch in flight: more than the queue's first buffer, in one batch.
    const positions = Array.from({ length: 60 }, (_, i) => journal.appendNoWait({ n: i + 1, text: text(i + 1) }))
    for (const i of [0, 29, 59]) expect(await journal.read(positions[i]!)).toEqual({ n: i + 1, text: text(i + 1) })
    gate.release()
    await journal.flush()
    // A third batch reuses the first one's buffer: what was written must not change.
    const last = await journal.append({ n: 61, text: text(61) })
    const read = await journal.readLines([first, ...positions, last])
    expect(read.map((line) => JSON.parse(line!) as Item)).toEqual(Array.from({ length: 62 }, (_, n) => ({ n, text: text(n) })))
    expect(await allRecords(journal)).toEqual(Array.from({ length: 62 }, (_, n) => n))
    expect(journal.stats()).toMatchObject({ batches: 3, pendingRecords: 0 })
    // Two buffers, each grown to the largest batch (60 lines of up to 60 kB), not one per batch.
    const largestBatch = positions.reduce((sum, p) => sum + p.length + 1, 0)
    for (let n = 0; n < 100; n += 1) await journal.append({ n, text: 'y'.repeat(Math.ceil(largestBatch / 20)) }) // 5 × largestBatch in all
    expect(journal.stats().queueBufferBytes).toBeLessThanOrEqual(2 * 2 * largestBatch)
    await journal.close()
  })

  it('a buffer grown by a big batch is not kept once the batch is written', async () => {
    const dir = await dirs.make()
    const { journal } = await openJournal(dir)
    await journal.append({ n: 1, text: 'z'.repeat(MAX_SPARE_BYTES + 1) })
    await journal.append({ n: 2 })
    await journal.append({ n: 3 })
    expect(journal.stats().queueBufferBytes).toBeLessThan(1024 * 1024)
    expect(await allRecords(journal)).toEqual([1, 2, 3])
    await journal.close()
  })

  it('refuses appends once maxPendingBytes wait for the disk, and takes them again once written', async () => {
    const dir = await dirs.make()
    const gate = syncGate(1)
    const { journal } = await openJournal(dir, { maxPendingBytes: 40, datasync: gate.datasync })
    journal.appendNoWait({ n: 1 }) // 8 bytes with its newline, in flight and held
    await gate.firstStarted
    for (let n = 2; n <= 5; n += 1) journal.appendNoWait({ n }) // 40 bytes waiting in all
    expect(() => journal.appendNoWait({ n: 6 })).toThrow(expect.objectContaining({ code: 'JOURNAL_BACKLOG' }))
    gate.release()
    await journal.flush()
    journal.appendNoWait({ n: 6 })
    await journal.close()
    expect(await allRecords(journal)).toEqual([1, 2, 3, 4, 5, 6])
  })

  it('scans from an offset', async () => {
    const dir = await dirs.make()
    const { journal } = await openJournal(dir)
    for (let n = 0; n < 5; n += 1) journal.appendNoWait({ n })
    await journal.flush()
    const seen: number[] = []
    const result = await journal.scan(1, 16, (line) => JSON.parse(line.toString()) as Item, (item) => seen.push(item.n))
    expect(seen).toEqual([2, 3, 4])
    expect(result).toMatchObject({ records: 3, skipped: 0, endOffset: 40 })
    await journal.close()
  })

  it('reopening continues the newest segment and counts its bytes', async () => {
    const dir = await dirs.make()
    const first = await openJournal(dir)
    await first.journal.append({ n: 1 })
    await first.journal.close()
    await appendFile(join(dir, 'unrelated.txt'), 'not a segment')
    const second = await openJournal(dir)
    expect(second.journal.stats()).toMatchObject({ segments: 1, bytes: 8 })
    expect(await second.journal.append({ n: 2 })).toMatchObject({ segment: 1, offset: 8 })
    await second.journal.close()
  })
})
