/** The files of a journal: segment names, discovery, tail repair and durable directory changes. */
import { open, readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { StorageLogger } from './storage-logger'

const NEWLINE = 0x0a
const TAIL_READ_BYTES = 64 * 1024

export function segmentFileName(name: string, segment: number): string {
  return `${name}-${String(segment).padStart(6, '0')}.jsonl`
}

export function segmentPath(dir: string, name: string, segment: number): string {
  return join(dir, segmentFileName(name, segment))
}

/** Segment numbers present in `dir` for journal `name`, oldest first. */
export async function listSegments(dir: string, name: string): Promise<number[]> {
  const pattern = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-(\\d+)\\.jsonl$`)
  const numbers: number[] = []
  for (const file of await readdir(dir)) {
    const match = pattern.exec(file)
    if (match) numbers.push(Number(match[1]))
  }
  return numbers.sort((a, b) => a - b)
}

/**
 * Cuts a partial last line (a write interrupted by a crash never ends in a newline) and returns the
 * size of the file that remains. Only the tail is read, however long the file.
 */
export async function repairTornTail(path: string, logger: StorageLogger): Promise<number> {
  const handle = await open(path, 'r+')
  try {
    const size = (await handle.stat()).size
    if (size === 0) return 0
    const buffer = Buffer.alloc(Math.min(TAIL_READ_BYTES, size))
    let end = size
    let keep = 0
    while (end > 0) {
      const start = Math.max(0, end - buffer.length)
      const { bytesRead } = await handle.read(buffer, 0, end - start, start)
      if (end === size && buffer[bytesRead - 1] === NEWLINE) return size
      const newline = buffer.subarray(0, bytesRead).lastIndexOf(NEWLINE)
      if (newline >= 0) {
        keep = start + newline + 1
        break
      }
      end = start
    }
    await handle.truncate(keep)
    await handle.datasync()
    logger.warn(`${path}: removed ${size - keep} bytes of an incomplete last record (a write interrupted by a crash); the complete records before it are kept`)
    return keep
  } finally {
    await handle.close()
  }
}

/** Makes a created or deleted directory entry durable. Not possible on Windows, where it is not needed. */
export async function syncDirectory(dir: string): Promise<void> {
  let handle
  try {
    handle = await open(dir, 'r')
    await handle.sync()
  } catch {
    // EISDIR/EPERM on Windows: NTFS journals directory entries itself.
  } finally {
    await handle?.close().catch(() => undefined)
  }
}

/** Deletes a file; on Windows a reader may hold it open briefly, so retry a few times. */
export async function removeFile(path: string): Promise<void> {
  await rm(path, { force: true, maxRetries: 5, retryDelay: 100 })
}
