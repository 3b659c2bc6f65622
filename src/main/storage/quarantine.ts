/**
 * Records of the state that cannot be loaded or used are moved aside, never dropped and never
 * fatal: each goes to its own file in the `quarantine` folder beside the state file (created
 * exclusively, 0600), and a short note stays in the state so the operator is told. When there is
 * no folder (state in memory) or the file cannot be written, the record stays in its note.
 */
import { chmodSync, constants, copyFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import type { QuarantineNote } from '@shared/contract/charging-dto'
import { jsonFailureReason } from '../util/json-failure'
import { nestsDeeperThan } from './stored-depth'
import { describeError, type StorageLogger } from './storage-logger'

export type { QuarantineNote } from '@shared/contract/charging-dto'

export const QUARANTINE_DIR = 'quarantine'
/** Notes kept in the state (the oldest go first; their files stay). */
export const MAX_QUARANTINE_NOTES = 100

/** A record to move aside: where it was, why, and the record itself. */
export interface QuarantinedRecord {
  collection: string
  stationId?: string
  key: string
  reason: string
  record: unknown
}

/** A note as the state keeps it: with the record itself when no file holds it. */
export type StoredQuarantineNote = QuarantineNote & { record?: unknown }

const safe = (text: string): string => text.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 60)

/** The record as JSON, or why it cannot be written so (nested too deeply, a BigInt, a cycle). */
function recordJson(note: QuarantineNote, record: unknown): { text: string } | { problem: string } {
  try {
    return { text: JSON.stringify({ ...note, record }) }
  } catch (error) {
    return { problem: jsonFailureReason(error) }
  }
}

/**
 * Writes each record to its own file in `dir` (when given) and returns the notes to keep in the state.
 * A record that cannot be written as JSON (nested too deeply for the writer) is kept in a copy of
 * `sourceFile`, the file it was read from, when there is one; the note says so. A note never keeps
 * such a record in the state: the state could not be written any more.
 */
export function setAside(dir: string | undefined, records: readonly QuarantinedRecord[], logger: StorageLogger, now = new Date(), sourceFile?: string): StoredQuarantineNote[] {
  const at = now.toISOString()
  const stamp = at.replace(/[:.]/g, '-')
  let sourceCopy: string | undefined
  const copySource = (): string | undefined => {
    if (sourceCopy !== undefined || !dir || !sourceFile) return sourceCopy
    const name = `${stamp}-source-${randomBytes(4).toString('hex')}.json`
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 })
      copyFileSync(sourceFile, join(dir, name), constants.COPYFILE_EXCL)
      chmodSync(join(dir, name), 0o600)
      sourceCopy = `${QUARANTINE_DIR}/${name}`
    } catch (error) {
      logger.error(`state: a copy of ${sourceFile} could not be written to the quarantine folder (${describeError(error)})`)
    }
    return sourceCopy
  }
  return records.map((item) => {
    const note: QuarantineNote = { collection: item.collection, ...(item.stationId !== undefined ? { stationId: item.stationId } : {}), key: item.key, reason: item.reason, at }
    const json = recordJson(note, item.record)
    if ('problem' in json) {
      const copy = copySource()
      if (copy) return { ...note, reason: `${note.reason} (${json.problem}: it is kept in a copy of the whole file it was read from)`, file: copy }
      logger.error(`state: the record "${item.key}" of "${item.collection}" could not be kept (${json.problem}); only its note is`)
      return { ...note, reason: `${note.reason} (${json.problem}: only this note is kept)` }
    }
    if (dir) {
      const name = `${stamp}-${safe(item.collection)}-${safe(item.key)}-${randomBytes(4).toString('hex')}.json`
      try {
        mkdirSync(dir, { recursive: true, mode: 0o700 })
        writeFileSync(join(dir, name), json.text, { flag: 'wx', mode: 0o600 })
        return { ...note, file: `${QUARANTINE_DIR}/${name}` }
      } catch (error) {
        logger.error(`state: the record "${item.key}" of "${item.collection}" could not be written to the quarantine folder (${describeError(error)}); it is kept in the state instead`)
      }
    }
    return { ...note, record: item.record }
  })
}

/** The notes as they may be shown (never the records themselves). */
export function publicNote(note: StoredQuarantineNote): QuarantineNote {
  const { record: _record, ...rest } = note
  return rest
}

function isNote(value: unknown): value is StoredQuarantineNote {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false
  const note = value as Record<string, unknown>
  return typeof note.collection === 'string' && typeof note.key === 'string' && typeof note.reason === 'string' && typeof note.at === 'string'
}

/** The stored notes, repaired: malformed ones are left out (they are only notes), at most MAX_QUARANTINE_NOTES. */
export function loadNotes(raw: unknown, warn: (message: string) => void): StoredQuarantineNote[] {
  if (raw === undefined) return []
  if (!Array.isArray(raw)) {
    warn('state: "quarantine" was not a list and was reset')
    return []
  }
  // A note kept with its record (no folder to write it to) is checked like any record.
  return raw.filter((note): note is StoredQuarantineNote => isNote(note) && !nestsDeeperThan(note)).slice(-MAX_QUARANTINE_NOTES)
}

/** `existing` with `added` appended, at most MAX_QUARANTINE_NOTES: the oldest notes whose record is in a file go first. */
export function appendNotes(existing: readonly StoredQuarantineNote[], added: readonly StoredQuarantineNote[], logger: StorageLogger): StoredQuarantineNote[] {
  const notes = [...existing, ...added]
  while (notes.length > MAX_QUARANTINE_NOTES) {
    const index = notes.findIndex((note) => note.file !== undefined)
    const [dropped] = notes.splice(index >= 0 ? index : 0, 1)
    if (dropped && dropped.file === undefined) logger.error(`state: more than ${MAX_QUARANTINE_NOTES} records in quarantine; the oldest one kept in the state ("${dropped.key}" of "${dropped.collection}") is dropped`)
  }
  return notes
}
