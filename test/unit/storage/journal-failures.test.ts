/**
 * The journal when the disk fails (DESIGN rule 9: nothing is acknowledged that is not durable, and
 * nothing durable is lost): retries with a growing delay, a partial write that cannot be undone stops
 * the journal, close says what it could not write; and retention at open.
 */
import { readdir, readlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { JsonLinesJournal, type JournalOptions } from '../../../src/main/storage/json-lines-journal'
import { segmentFileName } from '../../../src/main/storage/journal-files'
import { recordingLogger, tempDirs, turns } from './helpers'

const dirs = tempDirs()
afterEach(async () => {
  vi.useRealTimers()
  await dirs.cleanup()
})

async function openJournal(options: Partial<JournalOptions<{ n: number }>> = {}) {
  const dir = await dirs.make()
  const logger = recordingLogger()
  const journal = await JsonLinesJournal.open<{ n: number }>({ dir, name: 'items', logger, ...options })
  return { dir, logger, journal }
}

const failing = (times: number) => {
  let calls = 0
  return {
    get calls() {
      return calls
    },
    datasync: async (handle: { datasync(): Promise<void> }) => {
      calls += 1
      if (calls <= times) throw Object.assign(new Error('i/o error'), { code: 'EIO' })
      await handle.datasync()
    },
  }
}

describe('journal failures', () => {
  it('retries a failing write with a doubling delay, and once written the records are there', async () => {
    const disk = failing(3)
    const { journal, logger } = await openJournal({ retryDelayMs: 1, datasync: disk.datasync })
    await expect(journal.append({ n: 1 })).rejects.toThrow(/i\/o error/)
    await vi.waitUntil(() => disk.calls === 4)
    await journal.flush()
    expect(logger.errors.map((e) => /retrying in (\d+) ms/.exec(e)?.[1])).toEqual(['1', '2', '4'])
    expect(logger.errors[0]).toMatch(/^items journal: write failed, retrying in 1 ms: .*i\/o error/)
    expect(await journal.readLines([{ segment: 1, offset: 0, length: 7 }])).toEqual(['{"n":1}'])
    await journal.close()
  })

  it('the retry delay grows up to 30 s, no further', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const disk = failing(3)
    const { journal, logger } = await openJournal({ retryDelayMs: 20_000, datasync: disk.datasync })
    journal.appendNoWait({ n: 1 })
    await vi.waitUntil(() => logger.errors.length === 1)
    await vi.advanceTimersByTimeAsync(20_000)
    await vi.waitUntil(() => logger.errors.length === 2)
    await vi.advanceTimersByTimeAsync(30_000)
    await vi.waitUntil(() => logger.errors.length === 3)
    expect(logger.errors.map((e) => /retrying in (\d+) ms/.exec(e)?.[1])).toEqual(['20000', '30000', '30000'])
    await vi.advanceTimersByTimeAsync(30_000)
    await journal.flush()
    vi.useRealTimers()
    await journal.close()
  })

  it('flush does not cut a retry delay short: a failing disk is not hammered', async () => {
    const disk = failing(1)
    const { journal } = await openJournal({ retryDelayMs: 60_000, datasync: disk.datasync })
    await expect(journal.append({ n: 1 })).rejects.toThrow()
    const flushed = journal.flush()
    await turns(20)
    expect(disk.calls).toBe(1)
    await journal.close() // close does end the wait, and writes
    await flushed
    expect(disk.calls).toBe(2)
  })

  it('a partial write that cannot be undone stops the journal: appends are refused, saying to restart', async () => {
    const { journal, logger } = await openJournal({
      datasync: async (handle) => {
        await (handle as unknown as { close(): Promise<void> }).close() // the truncate that would undo it fails too
        throw Object.assign(new Error('i/o error'), { code: 'EIO' })
      },
    })
    await expect(journal.append({ n: 1 })).rejects.toThrow(/i\/o error/)
    await vi.waitUntil(() => logger.errors.some((e) => /gave up writing/.test(e)))
    expect(() => journal.appendNoWait({ n: 2 })).toThrow(expect.objectContaining({ code: 'JOURNAL_FAILED', message: expect.stringMatching(/cannot undo a partial write.*restart to repair it/) }))
    await journal.close()
  })

  it('close with a disk that keeps failing gives up, and says how many records it could not write', async () => {
    const disk = failing(Number.POSITIVE_INFINITY)
    const { journal, logger } = await openJournal({ retryDelayMs: 60_000, datasync: disk.datasync })
    await expect(journal.append({ n: 1 })).rejects.toThrow()
    journal.appendNoWait({ n: 2 })
    await journal.close()
    expect(logger.errors.join('\n')).toMatch(/items journal: closing without writing everything/)
    expect(logger.errors.join('\n')).toMatch(/items journal: gave up writing 2 records to /)
    expect(() => journal.appendNoWait({ n: 3 })).toThrow(expect.objectContaining({ code: 'JOURNAL_CLOSED' }))
  })

  it('a full backlog is refused with the bytes waiting and a hint to check free space', async () => {
    const disk = failing(Number.POSITIVE_INFINITY)
    const { journal } = await openJournal({ retryDelayMs: 60_000, maxPendingBytes: 16, datasync: disk.datasync })
    journal.appendNoWait({ n: 1 }) // 8 bytes with its newline
    // 8 + 8 + its newline is one byte too many.
    expect(() => journal.appendNoWait({ n: 10 })).toThrow(expect.objectContaining({ code: 'JOURNAL_BACKLOG', message: expect.stringMatching(/8 bytes waiting.*check free space/) }))
    journal.appendNoWait({ n: 2 }) // 16 bytes: exactly the limit
    expect(() => journal.appendNoWait({ n: 3 })).toThrow(expect.objectContaining({ code: 'JOURNAL_BACKLOG', message: expect.stringMatching(/16 bytes waiting.*check free space/) }))
    await journal.close()
  })
})

describe('journal segments at open', () => {
  it('a fresh journal has no segment with data', async () => {
    const { journal } = await openJournal()
    expect(journal.segments()).toEqual([])
    expect(journal.stats()).toMatchObject({ segments: 0, bytes: 0, batches: 0, syncs: 0, pendingRecords: 0 })
    await journal.close()
  })

  it('deletes the oldest segments beyond maxSegments when it opens, and goes on with the newest', async () => {
    const dir = await dirs.make()
    for (let segment = 1; segment <= 5; segment += 1) await writeFile(join(dir, segmentFileName('items', segment)), `{"n":${segment}}\n`)
    const journal = await JsonLinesJournal.open<{ n: number }>({ dir, name: 'items', logger: recordingLogger(), maxSegments: 2 })
    expect((await readdir(dir)).sort()).toEqual([4, 5].map((s) => segmentFileName('items', s)))
    expect(journal.segments()).toEqual([4, 5])
    expect(await journal.append({ n: 6 })).toMatchObject({ segment: 5, offset: 8 })
    await journal.close()
  })

  it('a line set aside without a quarantine goes nowhere; with one, its bytes and station are handed over', async () => {
    const { journal } = await openJournal()
    expect(journal.setAside('text', { segment: 1, offset: 0, length: 4 }, 'bad')).toBeUndefined()
    await journal.close()
    const seen: unknown[] = []
    const { journal: withQuarantine } = await openJournal({ quarantine: (item) => (seen.push(item), 'moved') })
    expect(withQuarantine.setAside('ü', { segment: 2, offset: 8, length: 2 }, 'bad', 'CP')).toBe('moved')
    expect(withQuarantine.setAside(Buffer.from('x'), { segment: 2, offset: 8, length: 1 }, 'bad')).toBe('moved')
    expect(seen).toEqual([
      { journal: 'items', position: { segment: 2, offset: 8, length: 2 }, line: Buffer.from('ü'), reason: 'bad', stationId: 'CP' },
      { journal: 'items', position: { segment: 2, offset: 8, length: 1 }, line: Buffer.from('x'), reason: 'bad' },
    ])
    await withQuarantine.close()
  })
})

describe('journal segments at their size limit', () => {
  const segmentsOf = async (maxSegmentBytes: number) => {
    const { journal } = await openJournal({ maxSegmentBytes })
    const positions = [1, 2, 3, 4].map((n) => journal.appendNoWait({ n })) // 8 bytes each with the newline
    await journal.close()
    return positions.map((p) => [p.segment, p.offset])
  }

  it('lines that exactly fill a segment share it; one byte less and each line gets its own', async () => {
    expect(await segmentsOf(16)).toEqual([[1, 0], [1, 8], [2, 0], [2, 8]])
    expect(await segmentsOf(15)).toEqual([[1, 0], [2, 0], [3, 0], [4, 0]])
  })

  it('a line larger than a segment still goes to the segment it starts, alone', async () => {
    expect(await segmentsOf(5)).toEqual([[1, 0], [2, 0], [3, 0], [4, 0]])
  })
})

describe('journal lines a decoder refuses', () => {
  it('are set aside with the decoder\'s message as the reason when it is not a stored-record error', async () => {
    const seen: { reason: string; stationId?: string }[] = []
    const { journal } = await openJournal({ quarantine: (item) => (seen.push({ reason: item.reason, ...(item.stationId ? { stationId: item.stationId } : {}) }), 'aside') })
    await journal.append({ n: 1 })
    await journal.scan(1, 0, () => {
      throw new TypeError('not a number')
    }, () => undefined)
    expect(seen).toEqual([{ reason: 'not a number' }])
    await journal.close()
  })
})

describe.runIf(process.platform === 'linux')('journal files after close', () => {
  it('close leaves no segment open', async () => {
    const { dir, journal } = await openJournal()
    await journal.append({ n: 1 })
    await journal.close()
    const open: string[] = []
    for (const fd of await readdir('/proc/self/fd')) {
      const target = await readlink(`/proc/self/fd/${fd}`).catch(() => '')
      if (target.startsWith(dir)) open.push(target)
    }
    expect(open).toEqual([])
  })
})
