/** Reading a data directory as a test sees it on disk: every file with its bytes and mode. */
import { lstat, readdir, readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'

export interface DiskEntry {
  path: string
  kind: 'dir' | 'file'
  mode: number
}

/** Every directory and file under `root` (itself included), depth first; bounded to `max` entries. */
export async function walkDataDir(root: string, max = 10_000): Promise<DiskEntry[]> {
  const found: DiskEntry[] = []
  const stack = [root]
  while (stack.length > 0 && found.length < max) {
    const path = stack.pop()!
    const info = await lstat(path)
    if (info.isDirectory()) {
      found.push({ path: relative(root, path) || '.', kind: 'dir', mode: info.mode & 0o777 })
      for (const name of await readdir(path)) stack.push(join(path, name))
    } else if (info.isFile()) {
      found.push({ path: relative(root, path), kind: 'file', mode: info.mode & 0o777 })
    }
  }
  return found
}

/** The files under `root` whose bytes contain any of `needles` (as UTF-8), with the needle found. */
export async function filesContaining(root: string, needles: string[]): Promise<string[]> {
  const hits: string[] = []
  for (const entry of await walkDataDir(root)) {
    if (entry.kind !== 'file') continue
    const bytes = await readFile(join(root, entry.path))
    for (const needle of needles) if (bytes.includes(Buffer.from(needle, 'utf8'))) hits.push(`${entry.path}: ${needle}`)
  }
  return hits
}
