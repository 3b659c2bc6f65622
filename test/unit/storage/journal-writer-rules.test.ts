/**
 * The journal's writer, the rules behind "durable before answered": a record appended the moment
 * the one before it is durable is written too (the writer starts again for it), a flush cuts only
 * the pace it finds (later batches are paced again), and the segment limits hold at their edges.
 */
import { readdir } from 'node:fs/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { allItems as allRecords, openItemsJournal as openJournal, syncGate, tempDirs, turns } from './helpers'

const dirs = tempDirs()
afterEach(() => dirs.cleanup())

/**
 * A datasync that holds the second call (`second` resolves when it is reached) until `release`, then
 * fails it with `error` when given, or syncs.
 */
function secondSyncHeld(error?: Error) {
  let calls = 0
  let release!: () => void
  const held = new Promise<void>((resolve) => (release = resolve))
  let reached!: () => void
  const second = new Promise<void>((resolve) => (reached = resolve))
  const datasync = async (handle: { datasync(): Promise<void> }) => {
    calls += 1
    if (calls === 2) {
      reached()
      await held
      if (error) throw error
    }
    await handle.datasync()
  }
  return { datasync, second, release }
}

describe('journal writer', () => {
  it('writes records appended one after the other as each becomes durable, in order', async () => {
    const { journal } = await openJournal(await dirs.make())
    const positions = []
    for (let n = 0; n < 20; n += 1) positions.push(await journal.append({ n }))
    journal.appendNoWait({ n: 20 })
    await journal.flush()
    expect(journal.stats()).toMatchObject({ pendingRecords: 0 })
    expect(await allRecords(journal)).toEqual(Array.from({ length: 21 }, (_, i) => i))
    expect(positions.map((p) => p.offset)).toEqual([...positions.map((p) => p.offset)].sort((a, b) => a - b))
    await journal.close()
  })

  it('a flush cuts short the pace it finds, not the ones after it', async () => {
    const { journal } = await openJournal(await dirs.make(), { minBatchIntervalMs: 60_000 })
    await journal.append({ n: 0 })
    journal.appendNoWait({ n: 1 })
    await journal.flush()
    expect(journal.stats().batches).toBe(2)
    journal.appendNoWait({ n: 2 })
    await turns(20) // a writer not held by the pace takes the line into a batch of its own by now
    journal.appendNoWait({ n: 3 })
    await journal.close() // cuts the pace short: the two lines that waited out the pace go together
    expect(journal.stats().batches, 'a batch after a flush was not paced').toBe(3)
    expect(await allRecords(journal)).toEqual([0, 1, 2, 3])
  })

  it('a flush with nothing queued or in flight resolves at once', async () => {
    const { journal } = await openJournal(await dirs.make(), { minBatchIntervalMs: 60_000 })
    await journal.flush()
    await journal.append({ n: 0 })
    await journal.flush()
    expect(journal.stats()).toMatchObject({ batches: 1, pendingRecords: 0 })
    await journal.close()
  })

  it('keeps at least one segment whatever maxSegments says, when it opens and when it rotates', async () => {
    const dir = await dirs.make()
    const deleted: number[] = []
    const { journal } = await openJournal(dir, { maxSegments: 0, maxSegmentBytes: 10, onSegmentsDeleted: (segments) => void deleted.push(...segments) })
    for (let n = 0; n < 5; n += 1) await journal.append({ n }) // "{"n":0}\n" is 8 bytes: one a segment
    expect(journal.segments()).toEqual([5])
    expect(deleted, 'retention dropped the segment being written').toEqual([1, 2, 3, 4])
    expect(await allRecords(journal)).toEqual([4])
    await journal.close()
    const { journal: reopened } = await openJournal(dir, { maxSegments: 0 })
    expect(reopened.segments()).toEqual([5])
    expect(await allRecords(reopened)).toEqual([4])
    await reopened.append({ n: 5 })
    expect(await allRecords(reopened)).toEqual([4, 5])
    await reopened.close()
    expect(await readdir(dir)).toEqual(['items-000005.jsonl'])
  })

  it('a flush waits for the batch in flight', async () => {
    const gate = syncGate(1)
    const { journal } = await openJournal(await dirs.make(), { datasync: gate.datasync })
    journal.appendNoWait({ n: 1 })
    await gate.firstStarted
    let flushed = false
    const flushing = journal.flush().then(() => (flushed = true))
    await turns(10)
    expect(flushed, 'flush resolved while its line was not durable').toBe(false)
    gate.release()
    await flushing
    await journal.close()
  })

  it('reads each of many lines waiting for the disk (in flight or queued) by its own position; a position between lines finds nothing', async () => {
    const gate = syncGate(1)
    const { journal } = await openJournal(await dirs.make(), { datasync: gate.datasync })
    const inFlight = Array.from({ length: 25 }, (_, n) => journal.appendNoWait({ n }))
    await gate.firstStarted
    const queued = Array.from({ length: 25 }, (_, i) => journal.appendNoWait({ n: 25 + i }))
    const positions = [...inFlight, ...queued]
    expect(await journal.readLines([...positions].reverse())).toEqual(positions.map((_, n) => JSON.stringify({ n })).reverse())
    const between = positions.map((p) => ({ ...p, offset: p.offset + 1 }))
    expect(await journal.readLines(between)).toEqual(between.map(() => undefined))
    expect(await journal.readLines([{ ...positions[0]!, segment: 2 }])).toEqual([undefined])
    gate.release()
    await journal.close()
  })

  it('drops segments that retention took before they were written without a word', async () => {
    const dir = await dirs.make()
    const { journal, logger } = await openJournal(dir, { maxSegments: 1, maxSegmentBytes: 10 })
    for (let n = 0; n < 10; n += 1) journal.appendNoWait({ n })
    await journal.close()
    expect(await readdir(dir)).toEqual(['items-000010.jsonl'])
    expect(logger.warnings).toEqual([])
    expect(logger.errors).toEqual([])
  })

  it('counts in the backlog only the part of a batch not yet on disk: a batch written to one segment and waiting on the next', async () => {
    const { datasync, second, release } = secondSyncHeld()
    const { journal } = await openJournal(await dirs.make(), {
      maxSegmentBytes: 8, // "{"n":1}\n" is 8 bytes: one line a segment
      maxPendingBytes: 16,
      datasync,
    })
    journal.appendNoWait({ n: 1 })
    journal.appendNoWait({ n: 2 })
    await second // segment 1 is written; the line in segment 2 waits for its datasync
    expect(journal.stats().pendingRecords).toBe(1)
    journal.appendNoWait({ n: 3 }) // 8 waiting + 8 = 16: exactly the limit
    expect(journal.stats().pendingRecords).toBe(2)
    expect(() => journal.appendNoWait({ n: 4 })).toThrow(expect.objectContaining({ code: 'JOURNAL_BACKLOG', message: expect.stringMatching(/ 16 bytes waiting/) }))
    release()
    await journal.close()
    expect(await allRecords(journal)).toEqual([1, 2, 3])
  })
  it('a failed batch larger than the first buffer goes back to the queue whole, and is written byte for byte on the retry', async () => {
    let calls = 0
    const dir = await dirs.make()
    const { journal } = await openJournal(dir, {
      retryDelayMs: 1,
      datasync: async (handle) => {
        calls += 1
        if (calls === 1) throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' })
        await handle.datasync()
      },
    })
    const text = (n: number) => `${n}`.repeat(6000) // five lines of 6 kB, 30 kB in all: more than the first 16 KiB buffer
    const positions = [1, 2, 3, 4, 5].map((n) => journal.appendNoWait({ n, text: text(n) }))
    await expect(journal.flush()).rejects.toThrow(/no space/)
    await journal.flush()
    const lines = await journal.readLines(positions)
    expect(lines.map((line) => JSON.parse(line!) as unknown)).toEqual([1, 2, 3, 4, 5].map((n) => ({ n, text: text(n) })))
    expect(await allRecords(journal)).toEqual([1, 2, 3, 4, 5])
    await journal.close()
  })

  it('lines queued behind a batch that fails halfway (one segment written, the next not) are written after its unwritten lines, byte for byte, and so are lines appended during the retry delay', async () => {
    const { datasync, second, release: failSecond } = secondSyncHeld(Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }))
    const dir = await dirs.make()
    const { journal } = await openJournal(dir, {
      maxSegmentBytes: 25_000, // two lines of 10 kB a segment
      retryDelayMs: 50,
      datasync,
    })
    const text = (n: number) => String(n).repeat(10_000)
    const positions = [1, 2, 3].map((n) => journal.appendNoWait({ n, text: text(n) }))
    await second // segment 1 is written; the line in segment 2 fails
    const inFlight = journal.flush()
    positions.push(...[4, 5, 6].map((n) => journal.appendNoWait({ n, text: text(n) }))) // queued behind it: 30 kB
    expect(positions.map((p) => p.segment)).toEqual([1, 1, 2, 2, 3, 3])
    failSecond()
    await expect(inFlight).rejects.toThrow(/no space/)
    positions.push(journal.appendNoWait({ n: 7, text: text(7) })) // during the retry delay: behind them all
    await journal.flush()
    const lines = await journal.readLines(positions)
    expect(lines.map((line) => JSON.parse(line!) as unknown)).toEqual([1, 2, 3, 4, 5, 6, 7].map((n) => ({ n, text: text(n) })))
    expect(await allRecords(journal)).toEqual([1, 2, 3, 4, 5, 6, 7])
    await journal.close()
  })

  it('the queue holds one buffer when idle, two while a batch is written, and keeps the written one for the next batch', async () => {
    const gate = syncGate(1)
    const { journal } = await openJournal(await dirs.make(), { datasync: gate.datasync })
    expect(journal.stats().queueBufferBytes).toBe(16 * 1024)
    journal.appendNoWait({ n: 1 })
    await gate.firstStarted
    expect(journal.stats().queueBufferBytes).toBe(2 * 16 * 1024) // the batch in flight and the queue behind it
    gate.release()
    await journal.flush()
    expect(journal.stats().queueBufferBytes).toBe(2 * 16 * 1024) // the queue and the spare
    await journal.close()
  })
})
