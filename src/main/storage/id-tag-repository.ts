import type { IdTagRecord } from '@shared/contract/dto'
import { ownValue, setEntry } from '../../shared/util/id-record'
import { frozenCopy } from './immutable'
import type { StateStore } from './state-store'

/** The key an idTag is stored under: idTags are case-insensitive (OCPP 1.6 errata 3.74). */
export function idTagKey(idTag: string): string {
  return idTag.toUpperCase()
}

/**
 * The idTags the CSMS knows, keyed case-insensitively; each record keeps the idTag as entered.
 * Returned records are frozen; change them through `upsert`.
 */
export class IdTagRepository {
  constructor(private readonly store: StateStore) {}

  /** The record for `idTag`, whatever its case. */
  get(idTag: string): IdTagRecord | undefined {
    return this.store.read((data) => ownValue(data.idTags, idTagKey(idTag)))
  }

  /** All idTags, ordered by idTag (case-insensitively). */
  list(): IdTagRecord[] {
    return this.store
      .read((data) => Object.entries(data.idTags))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, record]) => record)
  }

  /** Stores a copy of `record`, replacing any record with the same idTag in any case. */
  upsert(record: IdTagRecord): IdTagRecord {
    const stored = frozenCopy(record)
    this.store.update((data) => {
      setEntry(data.idTags, idTagKey(stored.idTag), stored)
    })
    return stored
  }

  /** Stores several records in one change of state. */
  upsertMany(records: IdTagRecord[]): void {
    const stored = records.map((record) => frozenCopy(record))
    if (stored.length === 0) return
    this.store.update((data) => {
      for (const record of stored) setEntry(data.idTags, idTagKey(record.idTag), record)
    })
  }

  remove(idTag: string): boolean {
    const key = idTagKey(idTag)
    if (!this.get(idTag)) return false
    this.store.update((data) => {
      delete data.idTags[key]
    })
    return true
  }
}
