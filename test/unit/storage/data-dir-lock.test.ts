import { access, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openStorage } from '../../../src/main/storage'
import { LOCK_FILE, lockDataDir, processIsRunning } from '../../../src/main/storage/data-dir-lock'
import { StorageError } from '../../../src/main/storage/storage-logger'
import { recordingLogger, tempDirs } from './helpers'

const dirs = tempDirs()
afterEach(() => dirs.cleanup())

const exists = (file: string): Promise<boolean> => access(file).then(() => true, () => false)
const holderFile = (pid: number, host: string, startedAt = '2026-12-07T10:00:00.000Z'): string => JSON.stringify({ pid, host, startedAt })

async function refusal(promise: Promise<unknown>): Promise<StorageError> {
  const error = await promise.then(() => undefined, (e: unknown) => e)
  expect(error).toBeInstanceOf(StorageError)
  return error as StorageError
}

describe('one app per data folder', () => {
  it('a second opener of the same folder is refused with a message naming the running one', async () => {
    const dir = await dirs.make()
    const first = await lockDataDir(dir, { logger: recordingLogger(), pid: 4242, host: 'bench-pc', isRunning: () => true, now: () => new Date('2026-12-07T10:00:00.000Z') })
    const error = await refusal(lockDataDir(dir, { logger: recordingLogger(), pid: 5151, host: 'bench-pc', isRunning: () => true }))
    expect(error.code).toBe('DATA_DIR_LOCKED')
    expect(error.message).toContain('process 4242')
    expect(error.message).toContain('2026-12-07T10:00:00.000Z')
    expect(error.message).toContain(dir)
    expect(error.message).toMatch(/Stop that one first|--data-dir/)
    await first.release()
  })

  it('the lock file names this process and is its owner’s alone', async () => {
    const dir = await dirs.make()
    const lock = await lockDataDir(dir, { logger: recordingLogger() })
    const holder = JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8')) as { pid: number }
    expect(holder.pid).toBe(process.pid)
    expect(lock.file).toBe(join(dir, LOCK_FILE))
    await lock.release()
    expect(await exists(join(dir, LOCK_FILE))).toBe(false)
  })

  it('a lock left by a process that no longer runs is taken over, with a warning', async () => {
    const dir = await dirs.make()
    await writeFile(join(dir, LOCK_FILE), holderFile(999_999, 'bench-pc'))
    const logger = recordingLogger()
    const lock = await lockDataDir(dir, { logger, pid: 77, host: 'bench-pc', isRunning: (pid) => pid !== 999_999 })
    expect(logger.warnings.join('\n')).toMatch(/999999.*no longer runs/)
    expect(JSON.parse(await readFile(lock.file, 'utf8'))).toMatchObject({ pid: 77 })
    await lock.release()
  })

  it('a lock file that cannot be read (an interrupted write) is taken over, with a warning', async () => {
    const dir = await dirs.make()
    await writeFile(join(dir, LOCK_FILE), '{"pid": 12')
    const logger = recordingLogger()
    const lock = await lockDataDir(dir, { logger, pid: 77, host: 'bench-pc', isRunning: () => true })
    expect(logger.warnings.join('\n')).toContain('could not be read')
    await lock.release()
  })

  it('a lock held from another host is never taken over: its processes cannot be checked from here', async () => {
    const dir = await dirs.make()
    await writeFile(join(dir, LOCK_FILE), holderFile(31, 'depot-server'))
    const error = await refusal(lockDataDir(dir, { logger: recordingLogger(), pid: 77, host: 'bench-pc', isRunning: () => false }))
    expect(error.message).toContain('on host depot-server')
    expect(error.message).toContain(`delete ${join(dir, LOCK_FILE)}`)
    expect(await readFile(join(dir, LOCK_FILE), 'utf8')).toBe(holderFile(31, 'depot-server'))
  })

  it('release removes only its own lock: one taken over in between stays', async () => {
    const dir = await dirs.make()
    const lock = await lockDataDir(dir, { logger: recordingLogger(), pid: 77, host: 'bench-pc' })
    await writeFile(join(dir, LOCK_FILE), holderFile(88, 'bench-pc'))
    await lock.release()
    expect(await readFile(join(dir, LOCK_FILE), 'utf8')).toBe(holderFile(88, 'bench-pc'))
  })

  it('a folder where no lock can be created says it is unusable', async () => {
    const dir = join(await dirs.make(), 'missing')
    const error = await refusal(lockDataDir(dir, { logger: recordingLogger() }))
    expect(error.code).toBe('DATA_DIR_UNUSABLE')
    expect(error.message).toContain('Cannot lock the data directory')
  })

  it('this process runs; a pid no process has does not', () => {
    expect(processIsRunning(process.pid)).toBe(true)
    expect(processIsRunning(2 ** 22 + 12_345)).toBe(false)
  })
})

describe('openStorage takes the data folder for itself', () => {
  it('a second storage on the same folder is refused until the first is closed', async () => {
    const dataDir = await dirs.make()
    const first = await openStorage({ dataDir, logger: recordingLogger() })
    const error = await refusal(openStorage({ dataDir, logger: recordingLogger() }))
    expect(error.code).toBe('DATA_DIR_LOCKED')
    expect(error.message).toContain(`process ${process.pid}`)
    await first.close()
    expect(await exists(join(dataDir, LOCK_FILE))).toBe(false)
    const second = await openStorage({ dataDir, logger: recordingLogger() })
    await second.close()
  })

  it('a storage that fails to open releases the folder', async () => {
    const dataDir = await dirs.make()
    // A directory where the message log's folder belongs: its journal cannot open.
    await writeFile(join(dataDir, 'message-log'), 'not a directory')
    await expect(openStorage({ dataDir, logger: recordingLogger() })).rejects.toThrow()
    expect(await exists(join(dataDir, LOCK_FILE))).toBe(false)
  })

  it('in memory takes no lock', async () => {
    const dataDir = await dirs.make()
    const one = await openStorage({ dataDir, inMemory: true, logger: recordingLogger() })
    const two = await openStorage({ dataDir, inMemory: true, logger: recordingLogger() })
    expect(await exists(join(dataDir, LOCK_FILE))).toBe(false)
    await Promise.all([one.close(), two.close()])
  })
})
