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

/**
 * Builds the state from a loaded object: settings laid over the defaults (so settings added later get
 * their defaults), malformed parts replaced with empty ones (each reported through `warn`). The
 * stored objects are frozen; repositories replace them rather than change them. A malformed record
 * is handed to `aside` (moved to quarantine by the caller), never silently dropped.
 */
export function normalizeState(raw: Record<string, unknown>, warn: (message: string) => void, aside: (record: QuarantinedRecord) => void = () => undefined): StateData {
  const state = defaultState()
  state.settings = deepFreeze(deepMerge<Settings>(state.settings, raw.settings as DeepPartial<Settings>))
  const moveAside = (collection: string, key: string, record: unknown, reason: string, stationId?: string): void => {
    warn(`state: moved a malformed entry "${key}" of "${collection}" to quarantine: ${reason}`)
    aside({ collection, key, reason, record, ...(stationId !== undefined ? { stationId } : {}) })
  }
  const section = <T>(name: string, accept: (value: unknown) => value is T): IdRecord<T> => {
    const value = raw[name]
    const result = idRecord<T>()
    if (value === undefined) return result
    if (!isRecord(value)) {
      warn(`state: "${name}" was not an object and was reset`)
      return result
    }
    for (const [key, item] of Object.entries(value)) {
      if (accept(item)) result[key] = deepFreeze(item)
      else moveAside(name, key, item, `it does not have the shape of a "${name}" entry`)
    }
    return result
  }
  const isStation = (value: unknown): value is StationRecord => isRecord(value) && typeof value.id === 'string' && typeof value.firstSeen === 'string'
  state.stations = section('stations', isStation)
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
  const isViolationList = (value: unknown): value is ViolationRecord[] => Array.isArray(value) && value.every(isRecord)
  state.stationViolations = section('stationViolations', isViolationList)
  for (const [id, list] of Object.entries(state.stationViolations)) {
    if (list.length > MAX_VIOLATIONS_PER_STATION) state.stationViolations[id] = deepFreeze(list.slice(-MAX_VIOLATIONS_PER_STATION))
  }
  const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
  state.counters = section('counters', isCount)
  const isIdTag = (value: unknown): value is IdTagRecord => isRecord(value) && typeof value.idTag === 'string' && typeof value.status === 'string'
  for (const record of Object.values(section('idTags', isIdTag))) state.idTags[record.idTag.toUpperCase()] = record
  const isCredential = (value: unknown): value is StoredCredential => isRecord(value) && typeof value.salt === 'string' && typeof value.hash === 'string'
  state.credentials = section('credentials', isCredential)
  const isSnapshot = (value: unknown): value is ConfigurationSnapshot => isRecord(value) && isRecord(value.keys) && Array.isArray(value.unknownKeys)
  for (const [id, snapshot] of Object.entries(section('configurations', isSnapshot))) {
    // Keyed by configuration keys, which stations choose: prototype-free like the sections.
    state.configurations[id] = deepFreeze({ ...snapshot, keys: idRecord(snapshot.keys), ...(isRecord(snapshot.lastChanges) ? { lastChanges: idRecord(snapshot.lastChanges) } : {}) })
  }
  const isLibraryProfile = (value: unknown): value is LibraryProfile => isRecord(value) && typeof value.id === 'string' && typeof value.name === 'string' && isRecord(value.profile)
  state.chargingLibrary = section('chargingLibrary', isLibraryProfile)
  // Smart Charging records are checked one by one: a bad one goes to quarantine, its neighbours stay.
  const isList = (value: unknown): value is unknown[] => Array.isArray(value)
  for (const [stationId, list] of Object.entries(section('installedProfiles', isList))) {
    const kept = list.filter((item, index) => {
      const problem = installedProfileProblem(item)
      if (problem !== undefined) moveAside('installedProfiles', `${stationId}/${index}`, item, problem, stationId)
      return problem === undefined
    })
    state.installedProfiles[stationId] = deepFreeze(kept as InstalledProfile[])
  }
  for (const [stationId, reports] of Object.entries(section('reportedComposites', isRecord))) {
    const kept = Object.entries(reports).filter(([connectorId, report]) => {
      const problem = reportedCompositeProblem(report)
      if (problem !== undefined) moveAside('reportedComposites', `${stationId}/${connectorId}`, report, problem, stationId)
      return problem === undefined
    })
    state.reportedComposites[stationId] = deepFreeze(idRecord(kept as [string, ReportedComposite][]))
  }
  const isReservation = (value: unknown): value is Reservation => isRecord(value) && typeof value.reservationId === 'number' && typeof value.stationId === 'string' && typeof value.state === 'string'
  state.reservations = section('reservations', isReservation)
  const isAuthList = (value: unknown): value is AuthList => isRecord(value) && typeof value.id === 'string' && Array.isArray(value.entries)
  state.authLists = section('authLists', isAuthList)
  const isLocalList = (value: unknown): value is StoredLocalList => isRecord(value) && Array.isArray(value.entries) && Array.isArray(value.history)
  state.localLists = section('localLists', isLocalList)
  const isFirmware = (value: unknown): value is StoredFirmwareFile => isRecord(value) && typeof value.id === 'string' && typeof value.name === 'string'
  state.firmwareFiles = section('firmwareFiles', isFirmware)
  const isUpload = (value: unknown): value is StoredUpload => isRecord(value) && typeof value.id === 'string' && typeof value.stationId === 'string' && typeof value.path === 'string'
  state.diagnosticsUploads = section('diagnosticsUploads', isUpload)
  const isSlot = (value: unknown): value is UploadSlot => isRecord(value) && typeof value.token === 'string' && typeof value.stationId === 'string'
  state.uploadSlots = section('uploadSlots', isSlot)
  const isFileStatus = (value: unknown): value is StationFileStatus => isRecord(value) && isRecord(value.firmware) && isRecord(value.diagnostics)
  state.fileStatus = section('fileStatus', isFileStatus)
  state.quarantine = loadNotes(raw.quarantine, warn).map((note) => deepFreeze(note))
  return state
}
