import type { QuarantineNote } from '@shared/contract/charging-dto'
import { publicNote } from './quarantine'
import type { StateStore } from './state-store'

/** The notes of records moved aside (state entries and journal lines), as they may be shown. */
export class QuarantineRepository {
  constructor(private readonly store: StateStore) {}

  /** Every note kept (the newest MAX_QUARANTINE_NOTES), oldest first. */
  all(): QuarantineNote[] {
    return this.store.read((data) => data.quarantine.map(publicNote))
  }

  /** Notes on one station's records, oldest first. */
  forStation(stationId: string): QuarantineNote[] {
    return this.store.read((data) => data.quarantine.filter((note) => note.stationId === stationId).map(publicNote))
  }
}
