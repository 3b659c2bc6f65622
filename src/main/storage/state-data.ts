/**
 * The shape of the small state kept in lowdb, its defaults, and the repair of what was loaded.
 * Every collection keyed by an id is an IdRecord (no prototype, see id-record.ts), at creation and
 * after loading, so any string, `__proto__` included, is an ordinary key.
 */
import type { AuthList, Reservation } from '@shared/contract/auth-dto'
import type { InstalledProfile, LibraryProfile, ReportedComposite } from '@shared/contract/charging-dto'
import type { StoredLocalList } from './auth-repository'
import type { StoredFirmwareFile, StoredUpload, UploadSlot } from './files-repository'
import type { StationFileStatus } from '@shared/contract/files-dto'
import type { IdTagRecord, Settings, StationRecord, ViolationRecord } from '@shared/contract/dto'
import type { StoredCredential } from '../services/basic-auth'
import type { ConfigurationSnapshot } from '../services/configuration-snapshot'
import { idRecord, type IdRecord } from '../../shared/util/id-record'
import { deepMerge, type DeepPartial } from './deep-merge'
import { DEFAULT_SETTINGS, MAX_VIOLATIONS_PER_STATION } from './defaults'
import { deepFreeze } from './immutable'
import { installedProfileProblem, reportedCompositeProblem } from './charging-shapes'
import { loadNotes, type QuarantinedRecord, type StoredQuarantineNote } from './quarantine'
import { stationOf, storedProblem, type StoredKind } from './stored-check'
import { MAX_STORED_DEPTH, nestsDeeperThan } from './stored-depth'

export interface StateData {
  version: 1
  settings: Settings
  stations: IdRecord<StationRecord>
  /** The most recent violations per station, oldest first, at most MAX_VIOLATIONS_PER_STATION each. */
  stationViolations: IdRecord<ViolationRecord[]>
  /** Per counter name: the highest id reserved on disk (ids up to it may have been handed out). */
  counters: IdRecord<number>
  /** idTags keyed by the upper-cased idTag (idTags are case-insensitive, errata 3.74). */
  idTags: IdRecord<IdTagRecord>
  /** Basic-auth credentials per station: salted hashes only, never passwords. */
  credentials: IdRecord<StoredCredential>
  /** What the CSMS knows of each station's configuration. */
  configurations: IdRecord<ConfigurationSnapshot>
  /** The charging profile library, by library id. */
  chargingLibrary: IdRecord<LibraryProfile>
  /** Per station: the charging profiles the CSMS believes it holds. */
  installedProfiles: IdRecord<InstalledProfile[]>
  /** Per station, per connector id: the last GetCompositeSchedule answer. */
  reportedComposites: IdRecord<IdRecord<ReportedComposite>>
  /** Reservations by station, reservationId and creation time. */
  reservations: IdRecord<Reservation>
  /** The local authorization list library, by id. */
  authLists: IdRecord<AuthList>
  /** Per station: the local list it holds as far as the CSMS knows, and the sends. */
  localLists: IdRecord<StoredLocalList>
  firmwareFiles: IdRecord<StoredFirmwareFile>
  diagnosticsUploads: IdRecord<StoredUpload>
  uploadSlots: IdRecord<UploadSlot>
  /** Per station: firmware and diagnostics requests and the statuses it reported. */
  fileStatus: IdRecord<StationFileStatus>
  /** Records that could not be loaded or used, moved aside (quarantine.ts): notes, oldest first. */
  quarantine: StoredQuarantineNote[]
}

export const STATE_VERSION = 1

export function defaultState(): StateData {
  return {
    version: STATE_VERSION,
    settings: deepFreeze(structuredClone(DEFAULT_SETTINGS) as Settings),
    stations: idRecord(),
    stationViolations: idRecord(),
    counters: idRecord(),
    idTags: idRecord(),
    credentials: idRecord(),
    configurations: idRecord(),
    chargingLibrary: idRecord(),
    installedProfiles: idRecord(),
    reportedComposites: idRecord(),
    reservations: idRecord(),
    authLists: idRecord(),
    localLists: idRecord(),
    firmwareFiles: idRecord(),
    diagnosticsUploads: idRecord(),
    uploadSlots: idRecord(),
    fileStatus: idRecord(),
    quarantine: [],
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

/** Why `raw` cannot be used at all (it is then moved aside), or undefined when it can. */
export function unusableReason(raw: unknown): string | undefined {
  if (!isRecord(raw)) return 'it is not a JSON object'
  if (raw.version !== STATE_VERSION) return `its version is ${JSON.stringify(raw.version)}, this build reads version ${STATE_VERSION}`
  return undefined
}

/** Sections keyed by station id: an entry that cannot be used belongs to that station. */
const PER_STATION = new Set(['stations', 'stationViolations', 'credentials', 'configurations', 'localLists', 'fileStatus', 'installedProfiles', 'reportedComposites'])

/**
 * Builds the state from a loaded object: settings laid over the defaults (so settings added later get
 * their defaults), malformed parts replaced with empty ones (each reported through `warn`). Every
 * entry is checked against the shape of its section (stored-shapes.ts) and its depth before it is
 * used. The stored objects are frozen; repositories replace them rather than change them. A
 * malformed record is handed to `aside` (moved to quarantine by the caller), never silently dropped.
 */
export function normalizeState(raw: Record<string, unknown>, warn: (message: string) => void, aside: (record: QuarantinedRecord) => void = () => undefined): StateData {
  const state = defaultState()
  const moveAside = (collection: string, key: string, record: unknown, reason: string, stationId?: string): void => {
    warn(`state: moved a malformed entry "${key}" of "${collection}" to quarantine: ${reason}`)
    aside({ collection, key, reason, record, ...(stationId !== undefined ? { stationId } : {}) })
  }
  if (nestsDeeperThan(raw.settings)) moveAside('settings', 'settings', raw.settings, `it is nested more than ${MAX_STORED_DEPTH} levels deep; the default settings are used`)
  else state.settings = deepFreeze(deepMerge<Settings>(state.settings, raw.settings as DeepPartial<Settings>))
  /**
   * The entries of a section that pass `accept`, frozen. `depth`: 'here' checks each entry's depth
   * first, 'accept' leaves it to `accept`, 'items' to the caller, who checks and freezes each item
   * within an entry (a list or map of records) on its own.
   */
  const section = <T>(name: string, accept: (value: unknown) => string | undefined, depth: 'here' | 'accept' | 'items' = 'here'): IdRecord<T> => {
    const value = raw[name]
    const result = idRecord<T>()
    if (value === undefined) return result
    if (!isRecord(value)) {
      warn(`state: "${name}" was not an object and was reset`)
      return result
    }
    for (const [key, item] of Object.entries(value)) {
      const problem = depth === 'here' && nestsDeeperThan(item) ? `it is nested more than ${MAX_STORED_DEPTH} levels deep` : accept(item)
      if (problem === undefined) result[key] = depth === 'items' ? (item as T) : deepFreeze(item as T)
      else moveAside(name, key, item, problem, stationOf(item) ?? (PER_STATION.has(name) ? key : undefined))
    }
    return result
  }
  // storedProblem checks the depth itself.
  const shaped = <T>(name: StoredKind): IdRecord<T> => section<T>(name, (item) => storedProblem(name, item), 'accept')
  state.stations = shaped<StationRecord>('stations')
  for (const [id, station] of Object.entries(state.stations)) {
    // Fields added to StationRecord later get their defaults here.
    const loose = station as Partial<StationRecord>
    state.stations[id] = deepFreeze({
      ...station,
      id,
      everAccepted: loose.everAccepted === true,
      overrides: isRecord(loose.overrides) ? loose.overrides : {},
      violationCount: typeof loose.violationCount === 'number' ? loose.violationCount : 0,
    })
  }
  state.stationViolations = shaped<ViolationRecord[]>('stationViolations')
  for (const [id, list] of Object.entries(state.stationViolations)) {
    if (list.length > MAX_VIOLATIONS_PER_STATION) state.stationViolations[id] = deepFreeze(list.slice(-MAX_VIOLATIONS_PER_STATION))
  }
  const isCount = (value: unknown): string | undefined => (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? undefined : 'it is not a whole number of zero or more')
  state.counters = section<number>('counters', isCount)
  for (const record of Object.values(shaped<IdTagRecord>('idTags'))) state.idTags[record.idTag.toUpperCase()] = record
  state.credentials = shaped<StoredCredential>('credentials')
  for (const [id, snapshot] of Object.entries(shaped<ConfigurationSnapshot>('configurations'))) {
    // Keyed by configuration keys, which stations choose: prototype-free like the sections.
    state.configurations[id] = deepFreeze({ ...snapshot, keys: idRecord(snapshot.keys), ...(isRecord(snapshot.lastChanges) ? { lastChanges: idRecord(snapshot.lastChanges) } : {}) })
  }
  state.chargingLibrary = shaped<LibraryProfile>('chargingLibrary')
  // Smart Charging records are checked one by one: a bad one goes to quarantine, its neighbours stay.
  const isList = (value: unknown): string | undefined => (Array.isArray(value) ? undefined : 'it is not a list')
  const chargingProblem = (item: unknown, check: (value: unknown) => string | undefined): string | undefined =>
    nestsDeeperThan(item) ? `it is nested more than ${MAX_STORED_DEPTH} levels deep` : check(item)
  // Each item's depth is checked on its own, so one deep item leaves its neighbours in place.
  for (const [stationId, list] of Object.entries(section<unknown[]>('installedProfiles', isList, 'items'))) {
    const kept = list.filter((item, index) => {
      const problem = chargingProblem(item, installedProfileProblem)
      if (problem !== undefined) moveAside('installedProfiles', `${stationId}/${index}`, item, problem, stationId)
      return problem === undefined
    })
    state.installedProfiles[stationId] = deepFreeze(kept as InstalledProfile[])
  }
  const isObject = (value: unknown): string | undefined => (isRecord(value) ? undefined : 'it is not an object')
  for (const [stationId, reports] of Object.entries(section<Record<string, unknown>>('reportedComposites', isObject, 'items'))) {
    const kept = Object.entries(reports).filter(([connectorId, report]) => {
      const problem = chargingProblem(report, reportedCompositeProblem)
      if (problem !== undefined) moveAside('reportedComposites', `${stationId}/${connectorId}`, report, problem, stationId)
      return problem === undefined
    })
    state.reportedComposites[stationId] = deepFreeze(idRecord(kept as [string, ReportedComposite][]))
  }
  state.reservations = shaped<Reservation>('reservations')
  state.authLists = shaped<AuthList>('authLists')
  state.localLists = shaped<StoredLocalList>('localLists')
  state.firmwareFiles = shaped<StoredFirmwareFile>('firmwareFiles')
  state.diagnosticsUploads = shaped<StoredUpload>('diagnosticsUploads')
  state.uploadSlots = shaped<UploadSlot>('uploadSlots')
  state.fileStatus = shaped<StationFileStatus>('fileStatus')
  state.quarantine = loadNotes(raw.quarantine, warn).map((note) => deepFreeze(note))
  return state
}
