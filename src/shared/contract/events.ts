/** Events main pushes to every client (renderer over IPC, browser and scripts over /api/events). */
import type { AuthList, Reservation, StationLocalList } from './auth-dto'
import type { LibraryProfile } from './charging-dto'
import type { DiagnosticsUpload, FirmwareFile, StationFileStatus } from './files-dto'
import type { TlsStatus } from './tls-dto'
import type { CallTask, ConfigurationSnapshot, IdTagRecord, LogEntry, Settings, StationSummary, TransactionSummary } from './dto'

export interface EventPayloads {
  stationConnected: StationSummary
  stationDisconnected: StationSummary
  stationUpdated: StationSummary
  /** Batched: frames logged since the previous batch, oldest first. */
  messagesLogged: LogEntry[]
  taskUpdated: CallTask
  /** The whole idTag list after any change (it is small). */
  idTagsChanged: IdTagRecord[]
  /** A transaction started, stopped, or got new meter values (coalesced: at most about once a second per transaction). */
  transactionUpdated: TransactionSummary
  /** A station's configuration snapshot changed (GetConfiguration answered, ChangeConfiguration answered). */
  configurationUpdated: ConfigurationSnapshot
  settingsUpdated: Settings
  /** What a station holds changed (profiles installed or cleared) or it reported a composite schedule: reload getChargingView. */
  chargingChanged: { stationId: string }
  /** The charging profile library changed (whole list). */
  chargingLibraryChanged: LibraryProfile[]
  reservationUpdated: Reservation
  /** A station's local list changed: a chunk answered, a send finished, a version reported. */
  localListChanged: StationLocalList
  /** The local list library changed (whole list). */
  authListsChanged: AuthList[]
  /** Firmware or diagnostics of a station changed (a request, a notification, a file). */
  fileStatusChanged: StationFileStatus
  firmwareFilesChanged: FirmwareFile[]
  diagnosticsUploaded: DiagnosticsUpload
  /** The wss:// endpoint changed: certificates regenerated, suites switched, or this PC's addresses no longer match a generated certificate. */
  tlsStatusChanged: TlsStatus
}

export type EventName = keyof EventPayloads

export const EVENT_NAMES: EventName[] = [
  'stationConnected',
  'stationDisconnected',
  'stationUpdated',
  'messagesLogged',
  'taskUpdated',
  'idTagsChanged',
  'transactionUpdated',
  'configurationUpdated',
  'settingsUpdated',
  'chargingChanged',
  'chargingLibraryChanged',
  'reservationUpdated',
  'localListChanged',
  'authListsChanged',
  'fileStatusChanged',
  'firmwareFilesChanged',
  'diagnosticsUploaded',
  'tlsStatusChanged',
]

/** The frame the web bridge sends on /api/events. */
export interface EventMessage<E extends EventName = EventName> {
  event: E
  data: EventPayloads[E]
}
