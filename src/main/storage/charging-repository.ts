import type { InstalledProfile, LibraryProfile, QuarantineNote, ReportedComposite } from '@shared/contract/charging-dto'
import { idRecord, ownValue, setEntry, withEntry, withoutEntry, type IdRecord } from '../../shared/util/id-record'
import { frozenCopy } from './immutable'
import { publicNote } from './quarantine'
import type { StateStore } from './state-store'

const CHARGING_COLLECTIONS = new Set(['installedProfiles', 'reportedComposites'])

/**
 * Smart Charging state: the profile library, what each station is believed to hold, and the last
 * composite schedule each connector reported. Small, so it lives in the state file.
 */
export class ChargingRepository {
  constructor(private readonly store: StateStore) {}

  library(): LibraryProfile[] {
    return this.store.read((data) => Object.values(data.chargingLibrary)).sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
  }

  libraryProfile(id: string): LibraryProfile | undefined {
    return this.store.read((data) => ownValue(data.chargingLibrary, id))
  }

  saveLibraryProfile(record: LibraryProfile): LibraryProfile {
    const stored = frozenCopy(record)
    this.store.update((data) => {
      setEntry(data.chargingLibrary, stored.id, stored)
    })
    return stored
  }

  deleteLibraryProfile(id: string): boolean {
    if (!this.libraryProfile(id)) return false
    this.store.update((data) => {
      delete data.chargingLibrary[id]
    })
    return true
  }

  installed(stationId: string): InstalledProfile[] {
    return this.store.read((data) => ownValue(data.installedProfiles, stationId) ?? [])
  }

  setInstalled(stationId: string, profiles: InstalledProfile[]): void {
    const stored = frozenCopy(profiles)
    this.store.update((data) => {
      if (stored.length === 0) delete data.installedProfiles[stationId]
      else setEntry(data.installedProfiles, stationId, stored)
    })
  }

  /** Stations that hold at least one profile. */
  stationsWithProfiles(): string[] {
    return this.store.read((data) => Object.keys(data.installedProfiles))
  }

  reported(stationId: string): IdRecord<ReportedComposite> {
    return this.store.read((data) => ownValue(data.reportedComposites, stationId)) ?? idRecord()
  }

  setReported(stationId: string, report: ReportedComposite): void {
    const stored = frozenCopy(report)
    this.store.update((data) => {
      setEntry(data.reportedComposites, stationId, withEntry(ownValue(data.reportedComposites, stationId), String(stored.connectorId), stored))
    })
  }

  /**
   * Moves a connector's stored report to quarantine (it could not be used); returns the note, or
   * undefined when there was no such report.
   */
  quarantineReported(stationId: string, connectorId: number, reason: string): QuarantineNote | undefined {
    const key = String(connectorId)
    const reports = this.store.read((data) => ownValue(data.reportedComposites, stationId))
    if (!reports || !Object.hasOwn(reports, key)) return undefined
    const record = reports[key]
    const rest = withoutEntry(reports, key)
    this.store.update((data) => {
      if (Object.keys(rest).length === 0) delete data.reportedComposites[stationId]
      else setEntry(data.reportedComposites, stationId, rest)
    })
    const [note] = this.store.quarantine([{ collection: 'reportedComposites', stationId, key: `${stationId}/${key}`, reason, record }])
    return note ? publicNote(note) : undefined
  }

  /** Notes on this station's Smart Charging records that were moved aside, oldest first. */
  quarantined(stationId: string): QuarantineNote[] {
    return this.store.read((data) => data.quarantine.filter((note) => note.stationId === stationId && CHARGING_COLLECTIONS.has(note.collection)).map(publicNote))
  }
}
