/**
 * A journal record is durable only if its segment's directory entry is (DESIGN rule 9): a new
 * segment file is followed by a sync of its directory before its first batch is acknowledged, and
 * segments deleted by retention are followed by one too.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { recordingLogger, tempDirs } from './helpers'

const synced = vi.hoisted(() => [] as string[])

vi.mock('../../../src/main/storage/journal-files', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../src/main/storage/journal-files')>()
  return { ...actual, syncDirectory: async (dir: string) => void synced.push(dir) }
})

const { JsonLinesJournal } = await import('../../../src/main/storage/json-lines-journal')

const dirs = tempDirs()
afterEach(async () => {
  synced.length = 0
  await dirs.cleanup()
})

describe('journal directory syncs', () => {
  it('syncs the directory once a new segment file is created, not for every batch', async () => {
    const dir = await dirs.make()
    const journal = await JsonLinesJournal.open<{ n: number }>({ dir, name: 'items', logger: recordingLogger() })
    await journal.append({ n: 1 })
    expect(synced).toEqual([dir])
    await journal.append({ n: 2 })
    expect(synced).toEqual([dir])
    await journal.close()
    // Reopened: the segment exists and has data; appending to it needs no directory sync.
    const reopened = await JsonLinesJournal.open<{ n: number }>({ dir, name: 'items', logger: recordingLogger() })
    await reopened.append({ n: 3 })
    expect(synced).toEqual([dir])
    await reopened.close()
  })

  it('syncs the directory after retention deletes segments', async () => {
    const dir = await dirs.make()
    const journal = await JsonLinesJournal.open<{ n: number }>({ dir, name: 'items', logger: recordingLogger(), maxSegmentBytes: 8, maxSegments: 1 })
    await journal.append({ n: 1 })
    const before = synced.length
    await journal.append({ n: 2 }) // a new segment, and segment 1 dropped
    await journal.append({ n: 3 })
    await journal.flush()
    // Two new segments and two deletions: a sync for each.
    expect(synced.length - before).toBe(4)
    expect(journal.segments()).toEqual([3])
    await journal.close()
  })
})
