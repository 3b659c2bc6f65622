/**
 * One app per data folder (issue 20 §3): two Central Systems writing the same journals and state
 * file would interleave records and hand out the same ids. The first to open the folder creates
 * `csms.lock` exclusively and writes who it is (pid, host, start time); a second one reads that and
 * refuses with a message naming the running one. A lock whose process is gone (a crash, a SIGKILL,
 * a power cut) is stale: it is taken over with a warning. The lock is removed on close.
 */
import { hostname } from 'node:os'
import { join } from 'node:path'
import { readFile, rm } from 'node:fs/promises'
import { writePrivateFile } from './file-modes'
import { describeError, StorageError, type StorageLogger } from './storage-logger'

export const LOCK_FILE = 'csms.lock'

/** What the lock file says of the app that holds the folder. */
export interface LockHolder {
  pid: number
  host: string
  startedAt: string
}

export interface DataDirLock {
  readonly file: string
  /** Removes the lock file if it is still ours; idempotent. */
  release(): Promise<void>
}

export interface LockOptions {
  logger: StorageLogger
  /** Whether a process with this pid runs on this host (tests inject one). */
  isRunning?: (pid: number) => boolean
  pid?: number
  host?: string
  now?: () => Date
}

/** Whether a process runs: signal 0 checks without sending; EPERM means it runs as another user. */
export function processIsRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockHolder> | null
    if (value && Number.isSafeInteger(value.pid) && (value.pid as number) > 0 && typeof value.host === 'string' && typeof value.startedAt === 'string') {
      return { pid: value.pid as number, host: value.host.slice(0, 255), startedAt: value.startedAt.slice(0, 64) }
    }
  } catch {
    // not JSON: an interrupted write, handled as a stale lock below
  }
  return undefined
}

/** The holder named in the lock file; a file being written this instant gets a second look. */
async function readHolder(file: string): Promise<LockHolder | 'gone' | undefined> {
  for (let look = 0; look < 2; look += 1) {
    const text = await readFile(file, 'utf8').catch(() => undefined)
    if (text === undefined) return 'gone'
    const holder = parseHolder(text)
    if (holder) return holder
    if (look === 0) await new Promise((resolve) => setTimeout(resolve, 200))
  }
  return undefined
}

/**
 * Takes the data folder `dir` for this process. Throws a StorageError `DATA_DIR_LOCKED` naming the
 * holder when another running app has it (on this host, or on another host sharing the folder,
 * whose processes cannot be checked from here).
 */
export async function lockDataDir(dir: string, options: LockOptions): Promise<DataDirLock> {
  const file = join(dir, LOCK_FILE)
  const me: LockHolder = { pid: options.pid ?? process.pid, host: options.host ?? hostname(), startedAt: (options.now?.() ?? new Date()).toISOString() }
  const isRunning = options.isRunning ?? processIsRunning
  // Two tries: the second after removing a stale lock (another starter may win that race: then it holds the folder).
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      await writePrivateFile(file, `${JSON.stringify(me)}\n`, 'wx')
      let released = false
      return {
        file,
        release: async () => {
          if (released) return
          released = true
          const holder = parseHolder(await readFile(file, 'utf8').catch(() => ''))
          if (holder?.pid === me.pid && holder.host === me.host && holder.startedAt === me.startedAt) await rm(file, { force: true })
        },
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new StorageError('DATA_DIR_UNUSABLE', `Cannot lock the data directory ${dir} (${describeError(error)}). Choose another directory or fix its permissions.`, { cause: error })
      }
    }
    const holder = await readHolder(file)
    if (holder === 'gone') continue // removed in between: try again
    if (holder) {
      const sameHost = holder.host === me.host
      if (!sameHost || isRunning(holder.pid)) {
        const where = sameHost ? `process ${holder.pid}` : `process ${holder.pid} on host ${holder.host}`
        throw new StorageError(
          'DATA_DIR_LOCKED',
          `Another Central System (${where}, started ${holder.startedAt}) is using the data directory ${dir}. ` +
            `Stop that one first, or start this one with another data directory (--data-dir).` +
            (sameHost ? '' : ` If that host no longer runs it, delete ${file}.`),
        )
      }
      options.logger.warn(`The data directory ${dir} was locked by process ${holder.pid} (started ${holder.startedAt}), which no longer runs: it ended without closing; taking the folder over.`)
    } else {
      options.logger.warn(`The lock file ${file} could not be read (an interrupted write); taking the folder over.`)
    }
    await rm(file, { force: true })
  }
  throw new StorageError('DATA_DIR_LOCKED', `Another Central System took the data directory ${dir} while this one was starting. Stop it first, or choose another data directory (--data-dir).`)
}
