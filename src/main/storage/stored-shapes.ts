/**
 * The shape of every record kind the CSMS stores, as it is checked again when it is read (issue 18
 * §2). A record fits when every field the code reads, sorts, formats or computes with is there with
 * its type; a field only some versions wrote is optional, but has its type when present. Unknown
 * fields are allowed (a newer version may add some), values chosen by stations stay free text
 * (a lenient station's "Charging " is shown, not refused). What a station sent as a payload is not
 * checked here, only its depth (stored-depth.ts).
 */
import { Type, type TSchema } from 'typebox'

const Text = Type.String()
const Count = Type.Number()
const Id = Type.Integer()
const Opt = <T extends TSchema>(schema: T) => Type.Optional(schema)
const Texts = Type.Array(Text)
const Map = <T extends TSchema>(value: T) => Type.Record(Type.String(), value)

const IdTagInfo = Type.Object({ status: Text, expiryDate: Opt(Text), parentIdTag: Opt(Text) })
const AuthorizationData = Type.Object({ idTag: Text, idTagInfo: Opt(IdTagInfo) })
const Violation = Type.Object({ code: Text, path: Text, message: Text })

export const ConnectorStatusShape = Type.Object({
  connectorId: Count,
  status: Text,
  errorCode: Text,
  info: Opt(Text),
  vendorId: Opt(Text),
  vendorErrorCode: Opt(Text),
  timestamp: Opt(Text),
  receivedAt: Text,
  warnings: Opt(Texts),
})

// The journals

const Omitted = Type.Object({ bytes: Count, preview: Text })

/** A finished CS→CP task of the command history. The state is free text: a later version may add states. */
export const TaskShape = Type.Object({
  id: Text,
  stationId: Text,
  action: Text,
  state: Text,
  createdAt: Text,
  finishedAt: Text,
  sentAt: Opt(Text),
  messageId: Opt(Text),
  error: Opt(Type.Object({ code: Text, description: Text })),
  reason: Opt(Text),
  violations: Opt(Type.Array(Violation)),
  warnings: Opt(Texts),
  origin: Opt(Text),
  triggered: Opt(Type.Object({ action: Text, messageId: Text, at: Text, payloadOmitted: Opt(Omitted) })),
  responseOmitted: Opt(Omitted),
  uploadMissing: Opt(Text),
})

const TransactionStart = Type.Object({
  transactionId: Id,
  stationId: Text,
  connectorId: Id,
  idTag: Text,
  meterStart: Count,
  timestamp: Text,
  reservationId: Opt(Count),
  idTagInfo: IdTagInfo,
  receivedAt: Text,
})

const TransactionStop = Type.Object({
  meterStop: Count,
  registerWh: Opt(Count),
  timestamp: Text,
  reason: Text,
  idTag: Opt(Text),
  idTagInfo: Opt(IdTagInfo),
  receivedAt: Text,
  // Who ended it when the station did not (a newer version may name others: free text).
  closedBy: Opt(Type.Object({ by: Text, transactionId: Opt(Id), note: Opt(Text) })),
})

/** One line of the transactions journal: a start or a stop. */
export const TransactionEventShape = Type.Union([
  Type.Object({ type: Type.Literal('start'), record: TransactionStart }),
  Type.Object({ type: Type.Literal('stop'), stationId: Text, transactionId: Id, stop: TransactionStop, orphan: Type.Boolean() }),
])

const SampledValue = Type.Object({ value: Text, context: Opt(Text), format: Opt(Text), measurand: Opt(Text), phase: Opt(Text), location: Opt(Text), unit: Opt(Text) })

/** One MeterValues message (or a StopTransaction's transactionData). */
export const MeterValueBatchShape = Type.Object({
  stationId: Text,
  connectorId: Count,
  transactionId: Opt(Count),
  linkedByConnector: Opt(Type.Boolean()),
  source: Text,
  receivedAt: Text,
  meterValue: Type.Array(Type.Object({ timestamp: Text, sampledValue: Type.Array(SampledValue) })),
})

/** One StatusNotification of the status history. */
export const StatusRecordShape = Type.Intersect([Type.Object({ seq: Id, stationId: Text }), ConnectorStatusShape])

/** One frame of the message log (the index fields are checked by log-line-codec.ts too). */
export const LogEntryShape = Type.Object({
  seq: Id,
  time: Text,
  stationId: Text,
  direction: Type.Union([Type.Literal('in'), Type.Literal('out')]),
  kind: Type.Union([Type.Literal('CALL'), Type.Literal('CALLRESULT'), Type.Literal('CALLERROR'), Type.Literal('INVALID')]),
  messageId: Opt(Text),
  action: Opt(Text),
  errorCode: Opt(Text),
  errorDescription: Opt(Text),
  raw: Opt(Text),
  violations: Opt(Type.Array(Violation)),
})

// The sections of the state file

export const StationShape = Type.Object({
  id: Text,
  firstSeen: Text,
  lastSeen: Opt(Text),
  registrationStatus: Opt(Text),
  registrationPolicy: Opt(Text),
  securityProfile: Opt(Count),
  everAccepted: Opt(Type.Boolean()),
  boot: Opt(Type.Object({ chargePointVendor: Text, chargePointModel: Text, receivedAt: Text })),
  overrides: Opt(Type.Object({ heartbeatIntervalSec: Opt(Count), pingIntervalSec: Opt(Count), callTimeoutSec: Opt(Count), lenient: Opt(Type.Boolean()), nominalVoltage: Opt(Count) })),
  violationCount: Opt(Count),
  connectors: Opt(Map(ConnectorStatusShape)),
})

export const ViolationListShape = Type.Array(Type.Object({ time: Text, action: Text, messageId: Text, direction: Text, accepted: Type.Boolean(), violations: Type.Array(Violation) }))

export const IdTagShape = Type.Object({
  idTag: Text,
  status: Type.Union([Type.Literal('Accepted'), Type.Literal('Blocked'), Type.Literal('Expired'), Type.Literal('Invalid')]),
  expiryDate: Opt(Text),
  parentIdTag: Opt(Text),
  note: Opt(Text),
  createdAt: Opt(Text),
  updatedAt: Opt(Text),
})

export const CredentialShape = Type.Object({ salt: Text, hash: Text })

export const ConfigurationSnapshotShape = Type.Object({
  stationId: Opt(Text),
  keys: Map(Type.Object({ key: Text, value: Opt(Text), readonly: Type.Boolean(), updatedAt: Text, source: Text, pendingReboot: Opt(Type.Boolean()) })),
  lastChanges: Opt(Map(Type.Object({ key: Text, value: Opt(Text), status: Text, callError: Opt(Type.Boolean()), at: Text, taskId: Text }))),
  unknownKeys: Texts,
  fullFetchAt: Opt(Text),
  truncated: Opt(Texts),
})

export const LibraryProfileShape = Type.Object({ id: Text, name: Text, note: Opt(Text), profile: Type.Object({}), createdAt: Opt(Text), updatedAt: Opt(Text) })

export const ReservationShape = Type.Object({
  reservationId: Id,
  stationId: Text,
  connectorId: Count,
  idTag: Text,
  parentIdTag: Opt(Text),
  expiryDate: Text,
  state: Text,
  answer: Opt(Text),
  createdAt: Text,
  endedAt: Opt(Text),
  endReason: Opt(Text),
  usedByTransactionId: Opt(Count),
  taskId: Text,
  cancelTaskId: Opt(Text),
})

export const AuthListShape = Type.Object({ id: Text, name: Text, note: Opt(Text), entries: Type.Array(AuthorizationData), createdAt: Opt(Text), updatedAt: Opt(Text) })

const ListSend = Type.Object({
  id: Text,
  stationId: Text,
  listId: Opt(Text),
  updateType: Text,
  targetEntries: Count,
  chunks: Type.Array(Type.Object({ listVersion: Count, updateType: Text, entries: Count, taskId: Opt(Text), status: Opt(Text) })),
  state: Text,
  result: Opt(Text),
  startedAt: Text,
  finishedAt: Opt(Text),
  warnings: Texts,
})

export const LocalListShape = Type.Object({
  expectedVersion: Opt(Count),
  entries: Type.Array(AuthorizationData),
  reported: Opt(Type.Object({ listVersion: Count, at: Text, taskId: Text })),
  unknown: Opt(Type.Object({ since: Text, reason: Text })),
  history: Type.Array(ListSend),
})

export const FirmwareFileShape = Type.Object({ id: Text, name: Text, size: Count, sha256: Text, addedAt: Text })

export const UploadShape = Type.Object({
  id: Text,
  stationId: Text,
  path: Text,
  fileName: Text,
  originalName: Opt(Text),
  size: Count,
  receivedAt: Text,
  via: Text,
  remoteAddress: Opt(Text),
  requestTaskId: Opt(Text),
})

export const UploadSlotShape = Type.Object({ token: Text, stationId: Text, createdAt: Text, taskId: Opt(Text), expiresAt: Opt(Text), maxBytes: Opt(Count) })

const StatusEvent = Type.Object({ status: Text, at: Text })
const FirmwareUpdate = Type.Object({ taskId: Text, location: Text, retrieveDate: Text, requestedAt: Text, outcome: Opt(Text), statuses: Type.Array(StatusEvent) })
const DiagnosticsRequest = Type.Object({
  taskId: Text,
  location: Text,
  requestedAt: Text,
  outcome: Opt(Text),
  fileName: Opt(Text),
  statuses: Type.Array(StatusEvent),
  uploadId: Opt(Text),
  uploadMissing: Opt(Type.Boolean()),
  uploadNote: Opt(Text),
})

export const FileStatusShape = Type.Object({
  stationId: Text,
  firmware: Type.Object({ current: Opt(FirmwareUpdate), lastStatus: Opt(StatusEvent), history: Type.Array(FirmwareUpdate) }),
  diagnostics: Type.Object({ current: Opt(DiagnosticsRequest), lastStatus: Opt(StatusEvent), history: Type.Array(DiagnosticsRequest) }),
})

/** Every kind of stored record, by the name warnings and quarantine notes use. */
export const STORED_SHAPES = {
  task: TaskShape,
  transaction: TransactionEventShape,
  meterValues: MeterValueBatchShape,
  status: StatusRecordShape,
  logEntry: LogEntryShape,
  stations: StationShape,
  stationViolations: ViolationListShape,
  idTags: IdTagShape,
  credentials: CredentialShape,
  configurations: ConfigurationSnapshotShape,
  chargingLibrary: LibraryProfileShape,
  reservations: ReservationShape,
  authLists: AuthListShape,
  localLists: LocalListShape,
  firmwareFiles: FirmwareFileShape,
  diagnosticsUploads: UploadShape,
  uploadSlots: UploadSlotShape,
  fileStatus: FileStatusShape,
} satisfies Record<string, TSchema>

export type StoredKind = keyof typeof STORED_SHAPES
