import type { StationRecord, ViolationRecord } from '@shared/contract/dto'
import { MAX_VIOLATIONS_PER_STATION } from './defaults'
import { ownValue, setEntry } from '../../shared/util/id-record'
import { deepFreeze, detachedCopy, frozenCopy } from './immutable'
import type { StateStore } from './state-store'

/**
 * Charge points the CSMS knows, and the violations recorded against them. Returned records are
 * frozen; change them through `upsert` or `update`.
 */
export class StationRepository {
  constructor(private readonly store: StateStore) {}

  get(id: string): StationRecord | undefined {
    return this.store.read((data) => ownValue(data.stations, id))
  }

  /** All stations, ordered by id. */
  list(): StationRecord[] {
    return this.store.read((data) => Object.values(data.stations)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  }

  /** Stores a copy of `record` (replacing any record with its id) and returns the stored copy. */
  upsert(record: StationRecord): StationRecord {
    const stored = frozenCopy(record)
    this.store.update((data) => {
      setEntry(data.stations, stored.id, stored)
    })
    return stored
  }

  /**
   * Changes a stored record: `change` gets a mutable copy and may modify it or return a replacement.
   * Returns the stored result, or undefined when there is no such station.
   */
  update(id: string, change: (draft: StationRecord) => StationRecord | void): StationRecord | undefined {
    const current = this.get(id)
    if (!current) return undefined
    const draft = detachedCopy(current) as StationRecord
    const next = change(draft) ?? draft
    return this.upsert({ ...next, id })
  }

  remove(id: string): boolean {
    if (!this.get(id)) return false
    this.store.update((data) => {
      delete data.stations[id]
      delete data.stationViolations[id]
    })
    return true
  }

  /**
   * Keeps the violation among the station's most recent ones and counts it in `violationCount`.
   * Returns the updated record (undefined for an unknown station, whose violation is still kept).
   */
  recordViolation(id: string, violation: ViolationRecord): StationRecord | undefined {
    const stored = frozenCopy(violation)
    this.store.update((data) => {
      const list = ownValue(data.stationViolations, id) ?? []
      setEntry(data.stationViolations, id, deepFreeze([...list.slice(-(MAX_VIOLATIONS_PER_STATION - 1)), stored]))
    })
    return this.update(id, (draft) => {
      draft.violationCount += 1
    })
  }

  /** The station's most recent violations, newest first. */
  recentViolations(id: string, limit = MAX_VIOLATIONS_PER_STATION): ViolationRecord[] {
    const list = this.store.read((data) => ownValue(data.stationViolations, id)) ?? []
    return limit > 0 ? list.slice(-limit).reverse() : []
  }
}
