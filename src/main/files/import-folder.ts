/**
 * The firmware import folder the operator configured: files are named by their plain name only
 * (no separators, no `..`), and whatever the name leads to after symbolic links are resolved must
 * still lie inside the folder. Nothing else on this PC can be reached through it.
 */
import type { Dirent } from 'node:fs'
import { readdir, realpath, stat } from 'node:fs/promises'
import { isAbsolute, join, relative, sep } from 'node:path'
import type { ImportFolderFile } from '@shared/contract/files-dto'
import { FirmwareFileError } from './firmware-host'

/** Files listed at most (by name); a folder with more says so (`truncated`). */
export const MAX_LISTED_FILES = 1000

/** A plain file name: no directory part, no `.`/`..`, no NUL, no drive or stream (`:`). */
export function checkPlainName(name: string): string {
  if (name === '' || name === '.' || name === '..' || /[/\\:\0]/.test(name) || name.length > 255) {
    throw new FirmwareFileError('Name a file of the import folder by its plain name (no folders, no "..", no ":")')
  }
  return name
}

async function realFolder(dir: string): Promise<string> {
  try {
    const real = await realpath(dir)
    if (!(await stat(real)).isDirectory()) throw new Error('not a folder')
    return real
  } catch {
    throw new FirmwareFileError('The import folder cannot be read (moved or removed?): choose it again', 'Unavailable')
  }
}

/** Where `name` leads inside `dir`, links resolved; refused when it leads outside or is not a file. */
export async function resolveInside(dir: string, name: string): Promise<string> {
  checkPlainName(name)
  const folder = await realFolder(dir)
  let real: string
  try {
    real = await realpath(join(folder, name))
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new FirmwareFileError(code === 'ENOENT' ? `No file "${name}" in the import folder (a link there may point to nothing)` : `"${name}" cannot be read (${code ?? 'error'})`, code === 'ENOENT' ? 'NotFound' : 'BadInput')
  }
  const inside = relative(folder, real)
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
    throw new FirmwareFileError(`"${name}" leads outside the import folder (a link): only files inside it can be imported`)
  }
  if (!(await stat(real)).isFile()) throw new FirmwareFileError(`"${name}" is not a file`)
  return real
}

/** The files of the folder, by name (hidden ones and what leads outside left out). */
export async function listFolder(dir: string): Promise<{ files: ImportFolderFile[]; truncated: boolean }> {
  const folder = await realFolder(dir)
  let entries: Dirent[]
  try {
    entries = await readdir(folder, { withFileTypes: true })
  } catch {
    throw new FirmwareFileError('The import folder cannot be read: check its permissions', 'Unavailable')
  }
  const names = entries.filter((e) => (e.isFile() || e.isSymbolicLink()) && !e.name.startsWith('.')).map((e) => e.name).sort((a, b) => a.localeCompare(b))
  const files: ImportFolderFile[] = []
  for (const name of names.slice(0, MAX_LISTED_FILES)) {
    try {
      const info = await stat(await resolveInside(folder, name))
      files.push({ name, size: info.size, modifiedAt: info.mtime.toISOString() })
    } catch {
      // a link leading outside or to nothing, or an unreadable name: not offered
    }
  }
  return { files, truncated: names.length > MAX_LISTED_FILES }
}
