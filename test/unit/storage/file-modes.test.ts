/**
 * §7 of issue 17: what the app writes in its data folder is its owner's alone, whatever the umask;
 * what an older version left wider is tightened. POSIX only (Windows has no such modes).
 */
import { chmod, mkdir, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ensureDataDir } from '../../../src/main/storage/data-dir'
import { DurableJsonFile } from '../../../src/main/storage/durable-json-file'
import { makePrivateDir } from '../../../src/main/storage/file-modes'
import { JsonLinesJournal } from '../../../src/main/storage/json-lines-journal'
import { segmentFileName } from '../../../src/main/storage/journal-files'
import { apiTokenFor } from '../../../src/main/web/api-token'
import { recordingLogger, tempDirs, underCommonUmask } from './helpers'

const dirs = tempDirs()
afterEach(() => dirs.cleanup())
const modeOf = async (path: string) => (await stat(path)).mode & 0o777

describe.skipIf(process.platform === 'win32')('file modes in the data folder', () => {
  underCommonUmask()

  it('ensureDataDir creates the data folder (and missing parents) for its owner only', async () => {
    const dataDir = join(await dirs.make(), 'parent', 'data')
    await ensureDataDir(dataDir, recordingLogger())
    expect(await modeOf(dataDir)).toBe(0o700)
    expect(await modeOf(join(dataDir, '..'))).toBe(0o700)
  })

  it('ensureDataDir tightens an existing folder open to others, and says so once', async () => {
    const dataDir = await dirs.make()
    await chmod(dataDir, 0o755)
    const logger = recordingLogger()
    await ensureDataDir(dataDir, logger)
    expect(await modeOf(dataDir)).toBe(0o700)
    expect(logger.warnings).toEqual([expect.stringMatching(/open to other users \(mode 0755\); it is now 0700/)])
    await ensureDataDir(dataDir, logger)
    expect(logger.warnings).toHaveLength(1)
  })

  it('the state file is written 0600, even over a stale temporary file left 0644', async () => {
    const dir = await dirs.make()
    const file = join(dir, 'state.json')
    await writeFile(join(dir, '.state.json.tmp'), 'stale', { mode: 0o644 })
    await new DurableJsonFile<{ a: number }>(file).write({ a: 1 })
    expect(await modeOf(file)).toBe(0o600)
  })

  it('journals: the folder 0700, new segments 0600, and segments left 0644 by an older version tightened at open', async () => {
    const dir = join(await dirs.make(), 'journal')
    await mkdir(dir, { mode: 0o755 })
    await writeFile(join(dir, segmentFileName('items', 1)), '{"n":1}\n', { mode: 0o644 })
    const journal = await JsonLinesJournal.open<{ n: number }>({ dir, name: 'items', maxSegmentBytes: 16, logger: recordingLogger() })
    await journal.append({ n: 2 })
    await journal.append({ n: 3 })
    await journal.close()
    expect(await modeOf(dir)).toBe(0o700)
    for (const segment of [1, 2]) expect(await modeOf(join(dir, segmentFileName('items', segment)))).toBe(0o600)
  })

  it('the API token file is 0600, also one kept from before with wider rights', async () => {
    const dir = await dirs.make()
    await apiTokenFor(dir)
    expect(await modeOf(join(dir, 'api-token'))).toBe(0o600)
    await chmod(join(dir, 'api-token'), 0o644)
    await apiTokenFor(dir)
    expect(await modeOf(join(dir, 'api-token'))).toBe(0o600)
  })

  it('makePrivateDir tightens the directories from its base down, and nothing above the base', async () => {
    const outside = await dirs.make()
    await chmod(outside, 0o755)
    const base = join(outside, 'firmware')
    await mkdir(base, { mode: 0o755 })
    await makePrivateDir(join(base, 'a', 'b'), base)
    expect(await modeOf(base)).toBe(0o700)
    expect(await modeOf(join(base, 'a'))).toBe(0o700)
    expect(await modeOf(join(base, 'a', 'b'))).toBe(0o700)
    expect(await modeOf(outside)).toBe(0o755)
  })
})
