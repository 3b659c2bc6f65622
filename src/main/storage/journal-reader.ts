/** Reading a journal segment: a sequential scan (index rebuild) and positional reads (query pages). */
import { open, type FileHandle } from 'node:fs/promises'
import type { StorageLogger } from './storage-logger'
import { describeError } from './storage-logger'

/** Where one record's line is: its segment, the byte offset of the line and its length without the newline. */
export interface RecordPosition {
  readonly segment: number
  readonly offset: number
  readonly length: number
}

export interface ScanResult {
  records: number
  skipped: number
  /** Offset just after the last complete line. */
  endOffset: number
}

const NEWLINE = 0x0a
const SCAN_CHUNK_BYTES = 4 * 1024 * 1024
/** Two lines closer than this are fetched with one read. */
const MERGE_GAP_BYTES = 64 * 1024
const MAX_READ_BYTES = 8 * 1024 * 1024
const MAX_WARNINGS_PER_SCAN = 5

async function openForReading(path: string): Promise<FileHandle | undefined> {
  try {
    return await open(path, 'r')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

/**
 * What becomes of a line `decode` refused: it gets the line (valid during the call only), where it
 * is and the error, and answers where the line went, in words for the warning (journal-quarantine.ts).
 */
export type CorruptLineHandler = (line: Buffer, position: RecordPosition, error: unknown) => string | undefined

/**
 * Calls `decode` for each complete line from `fromOffset` on (the buffer it gets is only valid during
 * the call), then `visit` with what it returned. A line `decode` throws on is skipped with a warning,
 * and handed to `onCorrupt` (to set it aside) when given.
 */
export async function scanSegmentFile<R>(
  path: string,
  segment: number,
  fromOffset: number,
  decode: (line: Buffer) => R,
  visit: (value: R, position: RecordPosition) => void,
  logger: StorageLogger,
  onCorrupt?: CorruptLineHandler,
): Promise<ScanResult> {
  const result: ScanResult = { records: 0, skipped: 0, endOffset: fromOffset }
  const handle = await openForReading(path)
  if (!handle) return result
  try {
    let buffer = Buffer.allocUnsafe(SCAN_CHUNK_BYTES)
    let bufferStart = fromOffset
    let filled = 0
    for (;;) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, bufferStart + filled)
      if (bytesRead === 0) break
      filled += bytesRead
      let lineStart = 0
      for (;;) {
        const newline = buffer.indexOf(NEWLINE, lineStart)
        if (newline < 0 || newline >= filled) break
        const offset = bufferStart + lineStart
        if (newline > lineStart) {
          let value: R
          let ok = true
          try {
            value = decode(buffer.subarray(lineStart, newline))
          } catch (error) {
            ok = false
            result.skipped += 1
            const where = onCorrupt?.(buffer.subarray(lineStart, newline), { segment, offset, length: newline - lineStart }, error)
            if (result.skipped <= MAX_WARNINGS_PER_SCAN) {
              logger.warn(`${path}: skipped a corrupt record at byte ${offset} (${describeError(error)})${where ? `; ${where}` : ''}`)
            }
          }
          if (ok) {
            result.records += 1
            visit(value!, { segment, offset, length: newline - lineStart })
          }
        }
        lineStart = newline + 1
      }
      if (lineStart > 0) {
        buffer.copy(buffer, 0, lineStart, filled)
        bufferStart += lineStart
        filled -= lineStart
      } else if (filled === buffer.length) {
        const bigger = Buffer.allocUnsafe(buffer.length * 2)
        buffer.copy(bigger, 0, 0, filled)
        buffer = bigger
      }
    }
    result.endOffset = bufferStart
  } finally {
    await handle.close()
  }
  if (result.skipped > MAX_WARNINGS_PER_SCAN) {
    logger.warn(`${path}: skipped ${result.skipped} corrupt records in all`)
  }
  return result
}

/**
 * Reads the lines at `positions` (all in the file at `path`) into `into[i]` for each index in
 * `wanted`; lines that are not there (file deleted, position past the end) stay undefined.
 */
export async function readLinesFromFile(
  path: string,
  positions: readonly RecordPosition[],
  wanted: number[],
  into: (string | undefined)[],
): Promise<void> {
  const handle = await openForReading(path)
  if (!handle) return
  try {
    wanted.sort((a, b) => positions[a]!.offset - positions[b]!.offset)
    let first = 0
    while (first < wanted.length) {
      const start = positions[wanted[first]!]!.offset
      let end = start + positions[wanted[first]!]!.length + 1
      let last = first + 1
      while (last < wanted.length) {
        const next = positions[wanted[last]!]!
        const nextEnd = next.offset + next.length + 1
        if (next.offset - end > MERGE_GAP_BYTES || nextEnd - start > MAX_READ_BYTES) break
        end = Math.max(end, nextEnd)
        last += 1
      }
      const buffer = Buffer.allocUnsafe(end - start)
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, start)
      for (let i = first; i < last; i += 1) {
        const position = positions[wanted[i]!]!
        const from = position.offset - start
        const to = from + position.length
        // A line always ends in a newline; anything else means the position does not point at a record.
        if (to < bytesRead && buffer[to] === NEWLINE) into[wanted[i]!] = buffer.toString('utf8', from, to)
      }
      first = last
    }
  } finally {
    await handle.close()
  }
}
