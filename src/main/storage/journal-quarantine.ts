/**
 * Journal lines that cannot be used are set aside byte for byte: each to its own file in the
 * quarantine folder (0600), named after its journal, segment, offset and a hash of its bytes. The
 * journal itself is left as it is (append-only files are never rewritten; retention drops the line
 * with its segment one day), so the same line is found again at the next start: its file already
 * exists, nothing is written twice, and a note is added to the state only the first time.
 */
import { createHash } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { QuarantineNote } from '@shared/contract/charging-dto'
import { segmentFileName } from './journal-files'
import type { RecordPosition } from './journal-reader'
import { QUARANTINE_DIR } from './quarantine'
import { describeError, type StorageLogger } from './storage-logger'

/** A line to set aside: where it is, why, and its bytes. */
export interface AsideLine {
  journal: string
  position: RecordPosition
  line: Buffer
  reason: string
  stationId?: string
}

/** Sets a line aside; answers where it went, in words for the journal's warning. */
export type LineQuarantine = (item: AsideLine) => string

/**
 * Lines of one journal copied aside in one run at most: a segment damaged as a whole (a disk fault)
 * must not become a hundred thousand files. Past it lines are still skipped; the journal keeps them.
 */
export const MAX_ASIDE_LINES_PER_RUN = 200

export function quarantineFileName(item: Pick<AsideLine, 'journal' | 'position' | 'line'>): string {
  const hash = createHash('sha256').update(item.line).digest('hex').slice(0, 16)
  return `${segmentFileName(item.journal, item.position.segment).replace(/\.jsonl$/, '')}-at-${item.position.offset}-${hash}.jsonl`
}

/**
 * A quarantine for journal lines in `dir` (beside the state file, or in the temporary folder of a
 * storage in memory); `noted` keeps the note of each line set aside for the first time.
 */
export function lineQuarantine(dir: string, noted: (note: QuarantineNote) => void, logger: StorageLogger, maxPerJournal = MAX_ASIDE_LINES_PER_RUN): LineQuarantine {
  const copied = new Map<string, number>()
  return (item) => {
    const name = quarantineFileName(item)
    const file = `${QUARANTINE_DIR}/${name}`
    const count = copied.get(item.journal) ?? 0
    if (count >= maxPerJournal) return `left in the journal only (more than ${maxPerJournal} of its lines could not be used in this run)`
    let made = false
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 })
      made = true
      writeFileSync(join(dir, name), Buffer.concat([item.line, Buffer.from('\n')]), { flag: 'wx', mode: 0o600 })
    } catch (error) {
      // EEXIST from the folder means a file is in its way; only the line's own file is "already there".
      if (made && (error as NodeJS.ErrnoException).code === 'EEXIST') return `already in ${file}`
      logger.error(`${item.journal} journal: the record at byte ${item.position.offset} of ${segmentFileName(item.journal, item.position.segment)} could not be copied to the quarantine folder (${describeError(error)}); it stays in the journal, unused`)
      return 'left in the journal (the quarantine folder could not be written)'
    }
    copied.set(item.journal, count + 1)
    noted({
      collection: item.journal,
      ...(item.stationId !== undefined ? { stationId: item.stationId } : {}),
      key: `${segmentFileName(item.journal, item.position.segment)}@${item.position.offset}`,
      reason: item.reason,
      at: new Date().toISOString(),
      file,
    })
    return `moved to ${file}`
  }
}
