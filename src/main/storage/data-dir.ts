/** Where the CSMS keeps its files when no directory is given, and the check that it can write there. */
import { mkdir, rm, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import envPaths from 'env-paths'
import { modeText, PRIVATE_DIR_MODE, restrictMode, writePrivateFile } from './file-modes'
import { consoleStorageLogger, describeError, StorageError, type StorageLogger } from './storage-logger'

/** The platform's per-user data directory for `appName` (headless mode; Electron passes its own). */
export function defaultDataDir(appName: string): string {
  return envPaths(appName, { suffix: '' }).data
}

/**
 * Creates `dir` (with its parents) if needed, owner-only (0700), and checks that files can be written
 * in it; returns the absolute path. An existing directory open to other users is tightened to 0700
 * (it holds password hashes, the API token and TLS keys), with a warning saying so; one that cannot
 * be tightened is reported and used all the same.
 */
export async function ensureDataDir(dir: string, logger: StorageLogger = consoleStorageLogger): Promise<string> {
  const absolute = resolve(dir)
  const unusable = (reason: string, cause?: unknown): StorageError =>
    new StorageError('DATA_DIR_UNUSABLE', `Cannot use the data directory ${absolute}: ${reason}. Choose another directory or fix its permissions.`, { cause })
  try {
    await mkdir(absolute, { recursive: true, mode: PRIVATE_DIR_MODE })
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw unusable(code === 'EEXIST' || code === 'ENOTDIR' ? 'a file is in the way (it is not a directory)' : `it cannot be created (${describeError(error)})`, error)
  }
  if (!(await stat(absolute)).isDirectory()) throw unusable('it is not a directory')
  const restricted = await restrictMode(absolute, PRIVATE_DIR_MODE)
  if (restricted.tightenedFrom !== undefined) {
    logger.warn(`The data directory ${absolute} was open to other users (mode ${modeText(restricted.tightenedFrom)}); it is now ${modeText(PRIVATE_DIR_MODE)}, for its owner only.`)
  } else if (restricted.error) {
    logger.warn(`The data directory ${absolute} may be open to other users and could not be restricted to its owner (${describeError(restricted.error)}): it holds password hashes, the API token and TLS keys, so protect it yourself or choose another directory.`)
  }
  // access(W_OK) says little on Windows and network drives; writing a file is the real test.
  const probe = join(absolute, `.write-test-${process.pid}-${Date.now()}`)
  try {
    await writePrivateFile(probe, 'ok')
  } catch (error) {
    throw unusable(`it is not writable (${describeError(error)})`, error)
  } finally {
    await rm(probe, { force: true }).catch(() => undefined)
  }
  return absolute
}
