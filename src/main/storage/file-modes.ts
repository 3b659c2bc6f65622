/**
 * Everything the app writes in its data folder is its owner's alone (issue 17 §7): directories 0700,
 * files 0600, whatever the umask. Every writer goes through these helpers instead of passing modes
 * itself. Files are created with the mode; what an older version left wider is tightened when it is
 * opened or written again.
 *
 * Windows has no such modes (Node maps them to the read-only flag at most): there the helpers only
 * create and write, and the folder's ACL (the user profile's, by default) protects it.
 */
import { createWriteStream, type WriteStream } from 'node:fs'
import { chmod, mkdir, open, stat, writeFile, type FileHandle } from 'node:fs/promises'
import { dirname, relative, resolve } from 'node:path'

export const PRIVATE_DIR_MODE = 0o700
export const PRIVATE_FILE_MODE = 0o600

const POSIX = process.platform !== 'win32'

export interface Restriction {
  /** The mode it had, when it was wider and has been tightened. */
  tightenedFrom?: number
  /** Why it could not be tightened (e.g. not its owner, or a file system without modes). */
  error?: Error
  /** The mode it has now. */
  mode?: number
}

/**
 * Takes every permission beyond `mode` away from an existing file or directory. Never throws: a
 * file system without modes (FAT, some network shares) must not stop the app; the caller decides
 * whether to say so.
 */
export async function restrictMode(path: string, mode: number): Promise<Restriction> {
  if (!POSIX) return {}
  try {
    const current = (await stat(path)).mode & 0o777
    if ((current & ~mode) === 0) return { mode: current }
    await chmod(path, mode)
    return { tightenedFrom: current, mode }
  } catch (error) {
    return { error: error as Error }
  }
}

/** A file left by an older version, or moved here (rename keeps the mode it had): 0600. */
export async function restrictFile(path: string): Promise<Restriction> {
  return restrictMode(path, PRIVATE_FILE_MODE)
}

/**
 * Creates `dir` and its missing parents 0700, and tightens the existing directories from `base`
 * (default: `dir` itself) down to `dir` that are wider.
 */
export async function makePrivateDir(dir: string, base: string = dir): Promise<void> {
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE })
  if (!POSIX) return
  const target = resolve(dir)
  const root = resolve(base)
  const chain = [target]
  // Only when `dir` lies inside `base`: never walk up and out of it.
  // Not mutated (npm run mutate): a mutant of the walk would chmod every folder up to / (/tmp included) 0700
  // on the machine running it, or loop without end; tests hold the rule (file-modes*.test.ts).
  // Stryker disable all
  if (!relative(root, target).startsWith('..')) {
    for (let current = target; current !== root && dirname(current) !== current; ) chain.push((current = dirname(current)))
  }
  // Stryker restore all
  for (const path of chain) await restrictMode(path, PRIVATE_DIR_MODE)
}

/** Writes a whole file 0600 (an existing one is tightened too). */
export async function writePrivateFile(path: string, data: string | Uint8Array, flag = 'w'): Promise<void> {
  await writeFile(path, data, { mode: PRIVATE_FILE_MODE, flag })
  if (POSIX) await restrictFile(path)
}

/** A write stream to a file created 0600. */
export function privateWriteStream(path: string, flags = 'w'): WriteStream {
  return createWriteStream(path, { flags, mode: PRIVATE_FILE_MODE })
}

/** Opens a file for writing, creating it 0600; one that already existed wider is tightened through the handle. */
export async function openPrivateFile(path: string, flags: string | number): Promise<FileHandle> {
  const handle = await open(path, flags, PRIVATE_FILE_MODE)
  if (POSIX) {
    try {
      if (((await handle.stat()).mode & 0o077) !== 0) await handle.chmod(PRIVATE_FILE_MODE)
    } catch {
      // A file system without modes: nothing to tighten.
    }
  }
  return handle
}

/** How a mode reads in a message: 0755. */
export function modeText(mode: number): string {
  return `0${mode.toString(8).padStart(3, '0')}`
}
