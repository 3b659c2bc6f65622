/**
 * Data shapes that cross the contract (main ⇄ renderer, main ⇄ API clients). Plain data only.
 */
import type { OcppErrorCode } from '../ocpp/error-codes'
import type { QuarantineNote } from './charging-dto'
import type { BootNotificationRequest, IdTagInfo, MeterValuesRequest } from '../ocpp/payloads'

export type { FileSettings, OcppSettings, SecuritySettings, Settings } from './settings-dto'

/**
 * An entry of a plain list that could not be shown whole (issue 18 §4: one bad record never fails
 * the whole list): `unreadable` says why, the fields that could be shown are there, the others have
 * neutral defaults. Absent on every ordinary entry.
 */
export interface ListStub {
  unreadable?: string
}

/** `in` = a frame the CSMS received from the charge point, `out` = a frame the CSMS sent. */
export type Direction = 'in' | 'out'

export type RegistrationStatus = 'Accepted' | 'Pending' | 'Rejected'

export type UnknownStationPolicy = 'accept' | 'pending' | 'reject'

/** Where a schema check failed, and the OCPP error code that failure maps to. */
export interface Violation {
  code: OcppErrorCode
  /** JSON pointer into the payload, '' for the payload itself. */
  path: string
  message: string
}

/** A BootNotification as received, with when it arrived. */
export type BootInfo = BootNotificationRequest & {
  /** When the CSMS received this BootNotification (UTC ISO-8601 with ms). */
  receivedAt: string
}

/** Per-station overrides of the global OCPP settings. Absent = use the global value. */
export interface StationOverrides {
  heartbeatIntervalSec?: number
  /** WebSocket ping interval in seconds, 0 = off. */
  pingIntervalSec?: number
  callTimeoutSec?: number
  /** Accept schema-invalid inbound frames, recording every violation against the station. */
  lenient?: boolean
  /** Line-to-neutral voltage used for A↔W conversions of this station's schedules. */
  nominalVoltage?: number
}

/** A violation recorded against a station in lenient mode (or refused in strict mode). */
export interface ViolationRecord {
  time: string
  action: string
  messageId: string
  direction: Direction
  accepted: boolean
  violations: Violation[]
}

/** What the CSMS keeps about a charge point between runs. */
export interface StationRecord {
  id: string
  firstSeen: string
  lastSeen?: string
  /** The status of the last BootNotification.conf the CSMS sent, if any. */
  registrationStatus?: RegistrationStatus
  /** How the CSMS answers this station's BootNotification (absent = Accepted). */
  registrationPolicy?: RegistrationStatus
  /**
   * OCPP security profile: 1 = Basic auth required, 2 = TLS (wss://) and Basic auth required, plain
   * connections refused (whitepaper; TC_083). Absent = 0 (or 1 when Basic auth is required for all).
   */
  securityProfile?: 0 | 1 | 2
  /** True once the CSMS has accepted this identity; it is then served after a reconnect without boot. */
  everAccepted: boolean
  boot?: BootInfo
  overrides: StationOverrides
  violationCount: number
  /** Last StatusNotification per connector, keyed by connectorId as a string ("0" = the charge point). */
  connectors?: Record<string, ConnectorStatus>
}

/** One StatusNotification as the CSMS keeps it (the latest per connector, and in the history). */
export interface ConnectorStatus extends ListStub {
  connectorId: number
  status: string
  errorCode: string
  info?: string
  vendorId?: string
  vendorErrorCode?: string
  /** As the station sent it. */
  timestamp?: string
  receivedAt: string
  /** Protocol oddities noticed in the notification (it is accepted anyway). */
  warnings?: string[]
}

export interface ConnectionInfo {
  connected: boolean
  connectedAt?: string
  disconnectedAt?: string
  disconnectReason?: string
  remoteAddress?: string
  /** Outbound CALLs waiting behind the one in flight, plus the one in flight. */
  pendingCalls: number
}

export interface StationSummary extends StationRecord {
  connection: ConnectionInfo
  /**
   * Set on a stub: the station's record could not be shown (why, in words); only its id and
   * connection are real, the rest are defaults.
   */
  unreadable?: string
  /**
   * An identity that connected but was never accepted: kept in memory only (the most recent 1,000),
   * saved once its boot is Accepted or the operator registers it.
   */
  unsaved?: boolean
}

export interface StationDetail extends StationSummary {
  /** Whether a Basic-auth password is set (the password itself is never returned). */
  passwordSet: boolean
  recentViolations: ViolationRecord[]
  /** This station's stored records that could not be used and were moved aside (the newest 100 in all), oldest first. */
  quarantined?: QuarantineNote[]
  effective: { heartbeatIntervalSec: number; pingIntervalSec: number; callTimeoutSec: number; lenient: boolean; nominalVoltage: number }
}

export type FrameKind = 'CALL' | 'CALLRESULT' | 'CALLERROR' | 'INVALID'

/** One frame in or out, as the message log keeps it. */
export interface LogEntry {
  seq: number
  time: string
  stationId: string
  direction: Direction
  kind: FrameKind
  messageId?: string
  /** For CALLRESULT/CALLERROR: the action of the CALL it answers, when known. */
  action?: string
  payload?: unknown
  errorCode?: string
  errorDescription?: string
  /** For INVALID frames: the raw text (cut to a bounded length). */
  raw?: string
  /** Schema violations found on this frame; absent when it was valid or not checked. */
  violations?: Violation[]
  /**
   * Set when the frame was too large to show whole (over 64 KiB stored): `payload`/`raw` are left
   * out, `preview` is the start of its JSON and `bytes` its stored size. The export has it whole.
   */
  payloadOmitted?: { bytes: number; preview: string }
}

export interface LogQuery {
  stationId?: string
  action?: string
  direction?: Direction
  kind?: FrameKind
  /** Inclusive lower bound, ISO-8601. */
  from?: string
  /** Exclusive upper bound, ISO-8601. */
  to?: string
  /** Paging cursor: only entries with seq < before (newest first). */
  before?: number
  limit?: number
}

export interface LogPage {
  entries: LogEntry[]
  /** Pass as `before` to get the next (older) page; absent when there is none. */
  nextBefore?: number
  /** Entries of this page that could not be shown (damaged on disk: moved aside to the quarantine folder). */
  skipped?: number
}

export type TaskState =
  | 'queued' // waiting behind another CALL to the same station
  | 'sent' // on the wire, waiting for the answer
  | 'answered' // CALLRESULT received
  | 'callerror' // CALLERROR received
  | 'timeout' // no answer within the call timeout
  | 'offline' // station not connected, or the connection dropped before the answer
  | 'refused' // refused locally (schema violation of the outgoing payload)
  | 'malformed' // answered, but the answer could not be used (breaks its schema, out of range, nested too deep): `reason`, `violations`; no service learns from it

export const FINAL_TASK_STATES: readonly TaskState[] = ['answered', 'callerror', 'timeout', 'offline', 'refused', 'malformed']

/** One CS→CP operation and its outcome: the command history. */
export interface CallTask {
  id: string
  stationId: string
  action: string
  payload: unknown
  state: TaskState
  createdAt: string
  sentAt?: string
  finishedAt?: string
  messageId?: string
  response?: unknown
  error?: { code: string; description: string; details: unknown }
  /** For timeout / offline / refused / malformed: what happened, in words a person can act on. */
  reason?: string
  violations?: Violation[]
  /** Non-blocking remarks about the request (unknown connector, unusual value, ...). */
  warnings?: string[]
  /** Who started it: the operator (UI or API, the default) or the CSMS itself (e.g. the configuration fetch after boot). */
  origin?: 'operator' | 'auto'
  /** TriggerMessage: the message the station sent because of it, once it came (payloadOmitted as for the response). */
  triggered?: { action: string; messageId: string; at: string; payload: unknown; payloadOmitted?: { bytes: number; preview: string } }
  /**
   * Set when the station's answer was too large to keep whole (over 64 KiB): `response` holds its
   * short top-level fields, `preview` the start of its JSON, `bytes` its size. The message log has it whole.
   */
  responseOmitted?: { bytes: number; preview: string }
  /**
   * GetDiagnostics: the station reported Uploaded, yet no file arrived at the location the built-in
   * receivers made for this request (what to check, in words). Cleared when the file arrives.
   */
  uploadMissing?: string
  /**
   * Set on a stub: the stored task could not be shown (why, in words). Its id, station, action,
   * state and times are real; payload and answer are left out.
   */
  unreadable?: string
}

/** What the CSMS would say about a CS→CP call before sending it (checkCall): never a block, except schema violations. */
export interface CallCheck {
  /** False when sending would end as "refused" (not a CS→CP action, or the payload breaks the schema). */
  sendable: boolean
  reason?: string
  violations: Violation[]
  warnings: string[]
}

export interface ServerInfo {
  version: string
  startedAt: string
  dataDir: string
  /** ws:// URLs charge points can use; the identity is appended as the last path segment. */
  ocppUrls: string[]
  /** wss:// URLs (security profile 2), when the TLS endpoint runs. */
  ocppTlsUrls: string[]
  apiUrl: string
  uiUrl: string
}

/** How the CSMS answers for an idTag (OCPP 1.6 AuthorizationStatus minus ConcurrentTx). */
export type IdTagStatus = 'Accepted' | 'Blocked' | 'Expired' | 'Invalid'

/** An idTag the CSMS knows. idTags are case-insensitive (errata 3.74); `idTag` keeps the spelling entered. */
export interface IdTagRecord extends ListStub {
  idTag: string
  status: IdTagStatus
  /** ISO date-time; an Accepted tag past it answers Expired. */
  expiryDate?: string
  /** The group this tag belongs to (OCPP 1.6 §3.10). */
  parentIdTag?: string
  note?: string
  createdAt: string
  updatedAt: string
}

/** What the CSMS knows of a station's configuration (GetConfiguration answers, accepted changes). */
export interface ConfigurationEntry {
  key: string
  value?: string
  readonly: boolean
  /** When the CSMS learnt this value, and how. */
  updatedAt: string
  source: 'GetConfiguration' | 'ChangeConfiguration'
  /** ChangeConfiguration answered RebootRequired: the value applies after the next reboot. */
  pendingReboot?: boolean
}

/** The last ChangeConfiguration the CSMS sent for a key, and how the station answered. */
export interface ConfigurationChange {
  key: string
  /** As sent; absent for AuthorizationKey (write-only, never kept). */
  value?: string
  /** The station's answer (Accepted, Rejected, RebootRequired, NotSupported) or the CALLERROR code. */
  status: string
  callError?: boolean
  at: string
  taskId: string
}

export interface ConfigurationSnapshot {
  stationId: string
  keys: Record<string, ConfigurationEntry>
  /** The last ChangeConfiguration per key (as the station spells it, or as typed for unknown keys), with its answer. */
  lastChanges?: Record<string, ConfigurationChange>
  /** Keys the station said it does not know (GetConfiguration unknownKey). */
  unknownKeys: string[]
  /** When a GetConfiguration for all keys was last answered. */
  fullFetchAt?: string
  /** What the CSMS did not keep of the last answer (too many keys, keys or values too long), in words. */
  truncated?: string[]
}

export type MeterValue = MeterValuesRequest['meterValue'][number]

/** Live figures from a transaction's meter values (energy register and power), when it sent any. */
export interface MeterReading {
  /** Latest Energy.Active.Import.Register reading in Wh (kWh converted). */
  registerWh?: number
  registerAt?: string
  /** Latest Power.Active.Import in W (kW converted). */
  powerW?: number
  powerAt?: string
}

/** A transaction as the CSMS keeps it: the start as sent, the stop when it came, and figures derived from both. */
export interface TransactionSummary {
  transactionId: number
  stationId: string
  connectorId: number
  idTag: string
  /** What the CSMS answered at the start (also Invalid, Blocked, Expired or ConcurrentTx: the station still got an id). */
  idTagInfo: IdTagInfo
  meterStart: number
  /** StartTransaction.timestamp as the station sent it. */
  startTimestamp: string
  reservationId?: number
  receivedAt: string
  active: boolean
  /** A StopTransaction for an id the CSMS never handed out (unknown or -1): acknowledged and kept. */
  orphan?: boolean
  stop?: {
    meterStop: number
    /** As the station sent it. */
    timestamp: string
    reason: string
    idTag?: string
    idTagInfo?: IdTagInfo
    receivedAt: string
    /**
     * Set when the Central System ended it, not the station: a new start on its connector (the
     * station's StopTransaction was lost) or the operator. A later StopTransaction replaces it.
     */
    closedBy?: { by: 'newStart'; transactionId: number } | { by: 'operator'; note?: string }
  }
  /** meterStop − meterStart, once stopped. */
  energyWh?: number
  /** Latest register reading − meterStart, where meter values give it. */
  registerEnergyWh?: number
  meter?: MeterReading
  /** Stop timestamp − start timestamp in seconds, once stopped (a live one counts from startTimestamp). */
  durationSec?: number
}

export interface TransactionPage {
  items: TransactionSummary[]
  /** How many match the filter in all. */
  total: number
  /**
   * Stored transactions (of the station asked for, or all) that could not be read or shown: moved
   * aside to the quarantine folder, or left out of this page. They are not counted in `total`.
   */
  skipped?: number
}

/** Meter values as received (MeterValues or StopTransaction.transactionData), for one transaction. */
export interface MeterValueBatch {
  stationId: string
  connectorId: number
  transactionId?: number
  /** True when the station sent no transactionId and the CSMS linked the values by connector. */
  linkedByConnector?: boolean
  source: 'MeterValues' | 'StopTransaction'
  receivedAt: string
  meterValue: MeterValue[]
}

export interface TransactionDetail extends TransactionSummary {
  meterValues: MeterValueBatch[]
  /** Older batches left out to keep the answer bounded (the newest are shown; the CSV export has them all). */
  meterValuesOmitted?: number
  /** Stored batches that could not be used (moved aside to the quarantine folder); not in `meterValues`. */
  meterValuesSkipped?: number
}
