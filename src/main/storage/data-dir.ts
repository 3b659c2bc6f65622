/** Where the CSMS keeps its files when no directory is given, and the check that it can write there. */
import { mkdir, rm, stat, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import envPaths from 'env-paths'
import { describeError, StorageError } from './storage-logger'

/** The platform's per-user data directory for `appName` (headless mode; Electron passes its own). */
export function defaultDataDir(appName: string): string {
  return envPaths(appName, { suffix: '' }).data
}

/** Creates `dir` (with its parents) if needed and checks that files can be written in it; returns the absolute path. */
export async function ensureDataDir(dir: string): Promise<string> {
  const absolute = resolve(dir)
  const unusable = (reason: string, cause?: unknown): StorageError =>
    new StorageError('DATA_DIR_UNUSABLE', `Cannot use the data directory ${absolute}: ${reason}. Choose another directory or fix its permissions.`, { cause })
  try {
    await mkdir(absolute, { recursive: true })
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw unusable(code === 'EEXIST' || code === 'ENOTDIR' ? 'a file is in the way (it is not a directory)' : `it cannot be created (${describeError(error)})`, error)
  }
  if (!(await stat(absolute)).isDirectory()) throw unusable('it is not a directory')
  // access(W_OK) says little on Windows and network drives; writing a file is the real test.
  const probe = join(absolute, `.write-test-${process.pid}-${Date.now()}`)
  try {
    await writeFile(probe, 'ok')
  } catch (error) {
    throw unusable(`it is not writable (${describeError(error)})`, error)
  } finally {
    await rm(probe, { force: true }).catch(() => undefined)
  }
  return absolute
}
