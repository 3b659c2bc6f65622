/**
 * The file steps a journal's durability rests on (DESIGN rule 9): a repaired torn tail is made
 * durable before the journal goes on after it, a directory sync really syncs the directory, an old
 * segment that cannot be deleted is warned about (and writing goes on), and a segment that cannot
 * be read for another reason than being gone is an error, not an empty segment.
 */
import { mkdir, open, readdir, readFile, readlink, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { removeFile, repairTornTail, segmentFileName, syncDirectory } from '../../../src/main/storage/journal-files'
import { readLinesFromFile, scanSegmentFile } from '../../../src/main/storage/journal-reader'
import { allItems, openItemsJournal, recordingLogger, tempDirs } from './helpers'

const dirs = tempDirs()
afterEach(async () => {
  vi.restoreAllMocks()
  await dirs.cleanup()
})

/** The prototype of node's FileHandle, to watch its sync calls. */
async function fileHandlePrototype(dir: string): Promise<{ sync(): Promise<void>; datasync(): Promise<void>; truncate(len?: number): Promise<void> }> {
  const handle = await open(join(dir, 'probe'), 'w')
  const prototype = Object.getPrototypeOf(handle) as { sync(): Promise<void>; datasync(): Promise<void>; truncate(len?: number): Promise<void> }
  await handle.close()
  return prototype
}

/** How many descriptors this process holds on `path` (Linux: /proc/self/fd). */
async function descriptorsOn(path: string): Promise<number> {
  let count = 0
  for (const fd of await readdir('/proc/self/fd')) if ((await readlink(`/proc/self/fd/${fd}`).catch(() => '')) === path) count += 1
  return count
}

describe('journal file durability', () => {
  it('a torn tail is cut and the cut made durable before the size is answered', async () => {
    const dir = await dirs.make()
    const prototype = await fileHandlePrototype(dir)
    const steps: string[] = []
    const truncate = prototype.truncate
    const datasync = prototype.datasync
    vi.spyOn(prototype, 'truncate').mockImplementation(function (this: unknown, ...args: [number?]) {
      steps.push('truncate')
      return truncate.apply(this, args)
    })
    vi.spyOn(prototype, 'datasync').mockImplementation(function (this: unknown) {
      steps.push('datasync')
      return datasync.apply(this)
    })
    const path = join(dir, 'seg.jsonl')
    await writeFile(path, 'one\ntw')
    expect(await repairTornTail(path, recordingLogger())).toBe(4)
    expect(steps).toEqual(['truncate', 'datasync'])
  })

  it('a directory sync opens the directory and syncs it', async () => {
    const dir = await dirs.make()
    const prototype = await fileHandlePrototype(dir)
    const sync = vi.spyOn(prototype, 'sync')
    await syncDirectory(dir)
    expect(sync).toHaveBeenCalledTimes(1)
  })

  it('an old segment that cannot be deleted is warned about, and the journal goes on writing', async () => {
    const dir = await dirs.make()
    const { journal, logger } = await openItemsJournal(dir, { maxSegments: 1, maxSegmentBytes: 10 })
    await journal.append({ n: 1 })
    // A folder with a file in it where segment 1 was: retention cannot delete it.
    const first = join(dir, segmentFileName('items', 1))
    await rm(first)
    await mkdir(first)
    await writeFile(join(first, 'keep'), 'x')
    await journal.append({ n: 2 })
    await journal.flush()
    expect(logger.warnings).toEqual([expect.stringMatching(new RegExp(`^could not delete old segment ${first.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `))])
    expect(await allItems(journal)).toEqual([2])
    await journal.close()
    expect((await readdir(dir)).sort()).toEqual([segmentFileName('items', 1), segmentFileName('items', 2)])
  })

  it('a segment that cannot be opened for another reason than being gone fails the read', async () => {
    const dir = await dirs.make()
    await writeFile(join(dir, 'file'), 'x')
    const path = join(dir, 'file', 'seg.jsonl') // ENOTDIR, not ENOENT
    await expect(scanSegmentFile(path, 1, 0, (line) => line, () => undefined, recordingLogger())).rejects.toMatchObject({ code: 'ENOTDIR' })
    await expect(readLinesFromFile(path, [{ segment: 1, offset: 0, length: 1 }], [0], [undefined])).rejects.toMatchObject({ code: 'ENOTDIR' })
  })
  it('a torn tail exactly one read long is cut, though the read before it ends in a newline', async () => {
    const dir = await dirs.make()
    const path = join(dir, 'seg.jsonl')
    await writeFile(path, `one\n${'t'.repeat(64 * 1024)}`)
    expect(await repairTornTail(path, recordingLogger())).toBe(4)
    expect(await readFile(path, 'utf8')).toBe('one\n')
  })

  it('removing a file that is already gone is not an error', async () => {
    const dir = await dirs.make()
    await expect(removeFile(join(dir, segmentFileName('items', 1)))).resolves.toBeUndefined()
  })
  it('a complete record whose newline is the first byte of the last read is kept', async () => {
    const dir = await dirs.make()
    const path = join(dir, 'seg.jsonl')
    await writeFile(path, `${'r'.repeat(10)}\n${'t'.repeat(64 * 1024 - 1)}`) // the last 64 KiB start at the newline
    expect(await repairTornTail(path, recordingLogger())).toBe(11)
    expect(await readFile(path, 'utf8')).toBe(`${'r'.repeat(10)}\n`)
  })

  it('a tail repair leaves the file closed, whether it cut something or not', async () => {
    const dir = await dirs.make()
    const path = join(dir, 'seg.jsonl')
    await writeFile(path, 'one\ntw')
    await repairTornTail(path, recordingLogger())
    await repairTornTail(path, recordingLogger())
    expect(await descriptorsOn(path)).toBe(0)
  })

  it('a directory that cannot be opened is not synced and not an error (Windows cannot open one)', async () => {
    const dir = await dirs.make()
    await expect(syncDirectory(join(dir, 'missing'))).resolves.toBeUndefined()
  })
})
