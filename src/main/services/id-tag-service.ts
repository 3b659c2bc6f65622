/**
 * The idTags the CSMS accepts, blocks or has let expire, and the IdTagInfo it answers with
 * (OCPP 1.6 §4 / R-CORE-06). idTags are compared case-insensitively (errata 3.74).
 */
import type { IdTagRecord, IdTagStatus } from '@shared/contract/dto'
import type { IdTagInfo } from '@shared/ocpp/payloads'
import type { IdTagRepository } from '../storage/id-tag-repository'
import { isoNow } from '../util/time'
import { exportIdTagsCsv, parseIdTagsCsv, type CsvRowError } from './id-tag-csv'

export const ID_TAG_STATUSES: readonly IdTagStatus[] = ['Accepted', 'Blocked', 'Expired', 'Invalid']
export const MAX_ID_TAG_LENGTH = 20
export const MAX_NOTE_LENGTH = 500

/** What a person (or a CSV row) asks to store. null / empty clears an optional field. */
export interface IdTagInput {
  idTag: string
  status?: IdTagStatus
  expiryDate?: string | null
  parentIdTag?: string | null
  note?: string | null
}

export interface UpsertResult {
  record: IdTagRecord
  created: boolean
  /** Remarks that do not stop the change, e.g. a parent the CSMS does not know. */
  warnings: string[]
}

export interface ImportResult {
  imported: number
  updated: number
  errors: CsvRowError[]
}

/** An input that cannot be stored; `message` says what to fix. */
export class IdTagValidationError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'IdTagValidationError'
  }
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i

function blankToUndefined(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim()
  return trimmed ? trimmed : undefined
}

export class IdTagService {
  constructor(
    private readonly repo: IdTagRepository,
    /** Called after every change with the full list (e.g. to push an event). */
    private readonly changed: (list: IdTagRecord[]) => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {}

  get(idTag: string): IdTagRecord | undefined {
    return this.repo.get(idTag)
  }

  list(): IdTagRecord[] {
    return this.repo.list()
  }

  /** The IdTagInfo for Authorize (and later StartTransaction / StopTransaction). */
  authorize(idTag: string): IdTagInfo {
    const record = this.repo.get(idTag)
    if (!record) return { status: 'Invalid' }
    let status: IdTagInfo['status'] = record.status
    if (status === 'Accepted' && record.expiryDate !== undefined && Date.parse(record.expiryDate) <= this.now()) status = 'Expired'
    return {
      status,
      ...(record.expiryDate !== undefined ? { expiryDate: record.expiryDate } : {}),
      ...(record.parentIdTag !== undefined ? { parentIdTag: record.parentIdTag } : {}),
    }
  }

  /**
   * Checks an input: throws IdTagValidationError for what cannot be stored, returns the normalised
   * fields and the warnings for what can.
   */
  validate(input: IdTagInput): { value: Omit<IdTagRecord, 'createdAt' | 'updatedAt'>; warnings: string[] } {
    const idTag = input.idTag.trim()
    if (idTag.length < 1 || idTag.length > MAX_ID_TAG_LENGTH) throw new IdTagValidationError(`idTag must be 1–${MAX_ID_TAG_LENGTH} characters (CiString20), got ${idTag.length}`)
    const status = input.status ?? 'Accepted'
    if (!ID_TAG_STATUSES.includes(status)) throw new IdTagValidationError(`status must be one of ${ID_TAG_STATUSES.join(', ')}, got "${String(status)}"`)
    const parentIdTag = blankToUndefined(input.parentIdTag)
    if (parentIdTag !== undefined && parentIdTag.length > MAX_ID_TAG_LENGTH) {
      throw new IdTagValidationError(`parentIdTag must be at most ${MAX_ID_TAG_LENGTH} characters, got ${parentIdTag.length}`)
    }
    let expiryDate = blankToUndefined(input.expiryDate)
    if (expiryDate !== undefined) {
      const time = Date.parse(expiryDate)
      if (!ISO_DATE_TIME.test(expiryDate) || Number.isNaN(time)) {
        throw new IdTagValidationError(`expiryDate must be an ISO 8601 date-time with a time zone (e.g. 2030-01-31T23:59:59Z), got "${expiryDate}"`)
      }
      expiryDate = new Date(time).toISOString()
    }
    const note = blankToUndefined(input.note)
    if (note !== undefined && note.length > MAX_NOTE_LENGTH) throw new IdTagValidationError(`note must be at most ${MAX_NOTE_LENGTH} characters`)

    const warnings: string[] = []
    if (parentIdTag !== undefined) {
      if (parentIdTag.toUpperCase() === idTag.toUpperCase()) warnings.push(`${idTag} is its own parent`)
      else if (!this.repo.get(parentIdTag)) warnings.push(`Parent idTag ${parentIdTag} is not known to this Central System (the group still works)`)
    }
    if (status === 'Accepted' && expiryDate !== undefined && Date.parse(expiryDate) <= this.now()) {
      warnings.push(`expiryDate ${expiryDate} is in the past: Authorize will answer Expired`)
    }
    const value: Omit<IdTagRecord, 'createdAt' | 'updatedAt'> = {
      idTag,
      status,
      ...(expiryDate !== undefined ? { expiryDate } : {}),
      ...(parentIdTag !== undefined ? { parentIdTag } : {}),
      ...(note !== undefined ? { note } : {}),
    }
    return { value, warnings }
  }

  /** Creates or replaces the idTag (matched case-insensitively; the new spelling is kept). */
  upsert(input: IdTagInput): UpsertResult {
    const result = this.store(input)
    this.changed(this.repo.list())
    return result
  }

  remove(idTag: string): boolean {
    const removed = this.repo.remove(idTag)
    if (removed) this.changed(this.repo.list())
    return removed
  }

  /** Imports CSV rows (idTag,status,expiryDate,parentIdTag,note); bad rows are reported, good ones kept. */
  importCsv(csv: string): ImportResult {
    const { rows, errors } = parseIdTagsCsv(csv)
    let imported = 0
    let updated = 0
    for (const { row, input } of rows) {
      try {
        if (this.store(input).created) imported++
        else updated++
      } catch (error) {
        if (!(error instanceof IdTagValidationError)) throw error
        errors.push({ row, message: error.message })
      }
    }
    errors.sort((a, b) => a.row - b.row)
    if (imported + updated > 0) this.changed(this.repo.list())
    return { imported, updated, errors }
  }

  exportCsv(): string {
    return exportIdTagsCsv(this.repo.list())
  }

  private store(input: IdTagInput): UpsertResult {
    const { value, warnings } = this.validate(input)
    const existing = this.repo.get(value.idTag)
    const time = isoNow()
    const record = this.repo.upsert({ ...value, createdAt: existing?.createdAt ?? time, updatedAt: time })
    return { record, created: !existing, warnings }
  }
}
