/**
 * Opening the state file: an unusable one is moved aside under a name that sorts after it, privately;
 * one that cannot even be read stops the start (nothing is reset behind the operator's back).
 */
import { chmod, mkdir, readdir, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { corruptFileName, quarantineDir, StateStore } from '../../../src/main/storage/state-store'
import { recordingLogger, tempDirs } from './helpers'

const dirs = tempDirs()
afterEach(() => dirs.cleanup())

describe('opening the state file', () => {
  it('the name of a file moved aside carries the time, with no character a file system refuses', () => {
    expect(corruptFileName('/data/state.json', new Date('2026-01-02T03:04:05.678Z'))).toBe('/data/state.json.corrupt-2026-01-02T03-04-05-678Z')
    expect(quarantineDir('/data/state.json')).toBe(join('/data', 'quarantine'))
    expect(quarantineDir(undefined)).toBeUndefined()
  })

  it('a state file that is not an object is moved aside privately and the log says why', async () => {
    const dir = await dirs.make()
    const file = join(dir, 'state.json')
    await writeFile(file, '[1,2]', { mode: 0o644 })
    await chmod(file, 0o644)
    const logger = recordingLogger()
    const store = await StateStore.open({ file, logger })
    const [aside] = (await readdir(dir)).filter((name) => name.includes('.corrupt-'))
    expect((await stat(join(dir, aside!))).mode & 0o777).toBe(0o600)
    expect(logger.errors).toEqual([`STATE FILE UNUSABLE: ${file} could not be read because it is not a JSON object. It was moved to ${join(dir, aside!)}; starting from defaults (stations, settings and counters are reset).`])
    await store.close()
  })

  it('a state file that cannot be read at all stops the start', async () => {
    const dir = await dirs.make()
    const file = join(dir, 'state.json')
    await mkdir(file)
    await expect(StateStore.open({ file, logger: recordingLogger() })).rejects.toMatchObject({ code: 'EISDIR' })
  })

  it('records moved aside at open leave the state file at the next write, without being asked', async () => {
    const dir = await dirs.make()
    const file = join(dir, 'state.json')
    await writeFile(file, JSON.stringify({ version: 1, counters: { good: 1, bad: -1 } }))
    const store = await StateStore.open({ file, logger: recordingLogger(), flushDelayMs: 5 })
    await vi.waitUntil(() => store.writes > 0, { timeout: 5000 })
    expect(store.writes).toBe(1)
    await store.close()
  })

  it('a state file that cannot be moved aside is reported as such, and the start goes on from defaults', async () => {
    const dir = await dirs.make()
    const file = join(dir, 'state.json')
    await writeFile(file, '{"version": 99}')
    // A folder already holds the name the file would be moved to: the move fails.
    const now = new Date('2026-01-02T03:04:05.678Z')
    await mkdir(join(corruptFileName(file, now), 'taken'), { recursive: true })
    vi.useFakeTimers({ toFake: ['Date'], now })
    const logger = recordingLogger()
    try {
      const store = await StateStore.open({ file, logger })
      expect(store.read((data) => data.stations)).toEqual({})
      await store.close()
    } finally {
      vi.useRealTimers()
    }
    expect(logger.errors).toHaveLength(1)
    expect(logger.errors[0]).toMatch(new RegExp(`^STATE FILE UNUSABLE: ${file} could not be read because its version is 99, this build reads version 1, and moving it aside failed \\(.+\\); starting from defaults\\.$`))
  })
})
