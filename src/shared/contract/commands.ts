/**
 * The one contract: every command a client (renderer, script, test bench) can run, with the JSON
 * schema of its argument (checked in main before any domain code runs) and its result type.
 * Adding an operation = one entry here + one handler in src/main/api.
 */
import { Type, type Static, type TSchema } from 'typebox'
import type {
  CallCheck,
  CallTask,
  ConnectorStatus,
  IdTagRecord,
  LogPage,
  ServerInfo,
  Settings,
  StationDetail,
  StationSummary,
  ConfigurationSnapshot,
  TransactionDetail,
  TransactionPage,
  TransactionSummary,
} from './dto'
import { filesCommandArgs, filesCommandDescriptions, type FilesCommandResults } from './files-commands'
import { authCommandArgs, authCommandDescriptions, type AuthCommandResults } from './auth-commands'
import { chargingCommandArgs, chargingCommandDescriptions, type ChargingCommandResults } from './charging-commands'
import { tlsCommandArgs, tlsCommandDescriptions, type TlsCommandResults } from './tls-commands'

const StationId = Type.String({ minLength: 1, maxLength: 255, description: 'Charge point identity' })
const IsoTime = Type.String({ format: 'date-time' })
const Direction = Type.Union([Type.Literal('in'), Type.Literal('out')])
const FrameKind = Type.Union([
  Type.Literal('CALL'),
  Type.Literal('CALLRESULT'),
  Type.Literal('CALLERROR'),
  Type.Literal('INVALID'),
])
const IdTag = Type.String({ minLength: 1, maxLength: 20, description: 'idTag (CiString20, case-insensitive)' })
const IdTagStatus = Type.Union([Type.Literal('Accepted'), Type.Literal('Blocked'), Type.Literal('Expired'), Type.Literal('Invalid')])
const Seconds = (max: number) => Type.Integer({ minimum: 0, maximum: max })

const LogFilter = {
  stationId: Type.Optional(StationId),
  action: Type.Optional(Type.String({ maxLength: 64 })),
  direction: Type.Optional(Direction),
  kind: Type.Optional(FrameKind),
  from: Type.Optional(IsoTime),
  to: Type.Optional(IsoTime),
}

const StationOverrides = Type.Object(
  {
    heartbeatIntervalSec: Type.Optional(Type.Union([Seconds(86_400), Type.Null()])),
    pingIntervalSec: Type.Optional(Type.Union([Seconds(86_400), Type.Null()])),
    callTimeoutSec: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 3600 }), Type.Null()])),
    lenient: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
    nominalVoltage: Type.Optional(Type.Union([Type.Number({ minimum: 1, maximum: 1000 }), Type.Null()])),
  },
  { additionalProperties: false, description: 'null removes the override' },
)

export const commandArgs = {
  getServerInfo: Type.Object({}, { additionalProperties: false }),
  getUnknownIdentityCounts: Type.Object({}, { additionalProperties: false }),
  listStations: Type.Object({}, { additionalProperties: false }),
  getStation: Type.Object({ stationId: StationId }, { additionalProperties: false }),
  updateStation: Type.Object({ stationId: StationId, overrides: StationOverrides }, { additionalProperties: false }),
  queryLog: Type.Object(
    {
      ...LogFilter,
      before: Type.Optional(Type.Integer({ minimum: 0 })),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    },
    { additionalProperties: false },
  ),
  exportLog: Type.Object(
    { ...LogFilter, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })) },
    { additionalProperties: false },
  ),
  getSettings: Type.Object({}, { additionalProperties: false }),
  updateSettings: Type.Object(
    {
      ocpp: Type.Optional(
        Type.Object(
          {
            heartbeatIntervalSec: Type.Optional(Type.Integer({ minimum: 1, maximum: 86_400 })),
            pingIntervalSec: Type.Optional(Seconds(86_400)),
            callTimeoutSec: Type.Optional(Type.Integer({ minimum: 1, maximum: 3600 })),
            lenient: Type.Optional(Type.Boolean()),
            rejectConcurrentTx: Type.Optional(Type.Boolean()),
            requireBasicAuth: Type.Optional(Type.Boolean()),
            unknownStations: Type.Optional(Type.Union([Type.Literal('accept'), Type.Literal('pending'), Type.Literal('reject')])),
            certificationMode: Type.Optional(Type.Boolean({ description: 'Send nothing a person did not ask for (OCA certification runs)' })),
            fetchConfigurationAfterBoot: Type.Optional(Type.Boolean({ description: 'Outside certification mode: GetConfiguration after every boot' })),
            nominalVoltage: Type.Optional(Type.Number({ minimum: 1, maximum: 1000, description: 'Line-to-neutral voltage for A↔W in composite schedules (230 or 110)' })),
            maxMessagesPerSecond: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, description: 'Frames a second one station may send on average; 0 = no limit' })),
          },
          { additionalProperties: false },
        ),
      ),
      files: Type.Optional(
        Type.Object(
          {
            publicHost: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 255 }), Type.Null()])),
            maxUploadMb: Type.Optional(Type.Integer({ minimum: 1, maximum: 65_536 })),
            importDir: Type.Optional(Type.Null({ description: 'Only null (forget the import folder): a folder is chosen in the desktop app (chooseFirmwareImportFolder) or with --import-dir at start, never named over the API' })),
            uploadIdleSec: Type.Optional(Type.Integer({ minimum: 5, maximum: 3600, description: 'Seconds without a byte before an upload is cut' })),
            uploadWindowMin: Type.Optional(Type.Integer({ minimum: 5, maximum: 10_080, description: 'Minutes an upload location stays open after the GetDiagnostics stopTime (and at least after it was made)' })),
            ftpMaxConnections: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'FTP connections at once, in total' })),
            ftpMaxConnectionsPerAddress: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: 'FTP connections at once from one address' })),
          },
          { additionalProperties: false },
        ),
      ),
      security: Type.Optional(
        Type.Object(
          {
            allowedHosts: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 255, pattern: '^[A-Za-z0-9.:\\[\\]_-]+$' }), { maxItems: 100, description: 'Host names the API, events socket and file host answer to, beyond loopback and their bind addresses' })),
            allowedOrigins: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 300, pattern: '^https?://[^/\\s]+$' }), { maxItems: 100, description: 'Browser origins allowed to open the OCPP endpoint' })),
            staticRsaSuites: Type.Optional(Type.Boolean({ description: 'Offer the whitepaper’s static-RSA TLS suites on the wss:// endpoint' })),
          },
          { additionalProperties: false },
        ),
      ),
    },
    { additionalProperties: false },
  ),
  sendCall: Type.Object(
    {
      stationId: StationId,
      action: Type.String({ minLength: 1, maxLength: 64, description: 'A CS→CP action, e.g. Reset' }),
      payload: Type.Unknown({ description: 'The CALL payload, any JSON; checked against the action schema' }),
      wait: Type.Optional(
        Type.Boolean({ description: 'Answer only when the outcome is known (default false: answer at once)' }),
      ),
    },
    { additionalProperties: false },
  ),
  checkCall: Type.Object(
    {
      stationId: StationId,
      action: Type.String({ minLength: 1, maxLength: 64 }),
      payload: Type.Unknown({ description: 'The CALL payload as it would be sent' }),
    },
    { additionalProperties: false, description: 'What sendCall would say about this call, without sending it' },
  ),
  setStationPassword: Type.Object(
    {
      stationId: StationId,
      // The rule itself (16–40 characters of the OCPP password alphabet) is checked by the handler, which says what is wrong.
      password: Type.Union([Type.String({ minLength: 1, maxLength: 256 }), Type.Null()], { description: '16–40 characters: a–z, A–Z, 0–9 and * - _ = : + | @ . (OCPP passwordString); null removes the password' }),
    },
    { additionalProperties: false },
  ),
  setRegistration: Type.Object(
    {
      stationId: StationId,
      status: Type.Union([Type.Literal('Accepted'), Type.Literal('Pending'), Type.Literal('Rejected')], { description: 'The answer to this station’s next BootNotification' }),
    },
    { additionalProperties: false },
  ),
  getConfigurationSnapshot: Type.Object({ stationId: StationId }, { additionalProperties: false }),
  setSecurityProfile: Type.Object(
    { stationId: StationId, profile: Type.Union([Type.Literal(0), Type.Literal(1), Type.Literal(2)], { description: '1 = Basic auth; 2 = TLS and Basic auth, plain ws:// refused' }) },
    { additionalProperties: false },
  ),
  listTasks: Type.Object(
    {
      stationId: Type.Optional(StationId),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    },
    { additionalProperties: false },
  ),
  getStatusHistory: Type.Object(
    {
      stationId: StationId,
      connectorId: Type.Optional(Type.Integer({ minimum: 0, description: 'Only this connector (0 = the charge point)' })),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    },
    { additionalProperties: false },
  ),
  listIdTags: Type.Object({}, { additionalProperties: false }),
  upsertIdTag: Type.Object(
    {
      idTag: IdTag,
      status: IdTagStatus,
      expiryDate: Type.Optional(Type.Union([IsoTime, Type.Null()], { description: 'absent or null = never expires' })),
      parentIdTag: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Null()])),
      note: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
    },
    { additionalProperties: false, description: 'Replaces the idTag (matched case-insensitively); absent optional fields are cleared' },
  ),
  deleteIdTag: Type.Object({ idTag: IdTag }, { additionalProperties: false }),
  importIdTagsCsv: Type.Object(
    { csv: Type.String({ maxLength: 10_000_000, description: 'CSV text with the header idTag,status,expiryDate,parentIdTag,note' }) },
    { additionalProperties: false },
  ),
  exportIdTagsCsv: Type.Object({}, { additionalProperties: false }),
  listTransactions: Type.Object(
    {
      stationId: Type.Optional(StationId),
      active: Type.Optional(Type.Boolean({ description: 'true = running only, false = finished only' })),
      idTag: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
      offset: Type.Optional(Type.Integer({ minimum: 0 })),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    },
    { additionalProperties: false },
  ),
  getTransaction: Type.Object({ transactionId: Type.Integer() }, { additionalProperties: false }),
  exportTransactionsCsv: Type.Object(
    { stationId: Type.Optional(StationId), active: Type.Optional(Type.Boolean()), idTag: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })) },
    { additionalProperties: false },
  ),
  exportMeterValuesCsv: Type.Object({ transactionId: Type.Integer() }, { additionalProperties: false }),
  closeTransaction: Type.Object(
    {
      transactionId: Type.Integer(),
      note: Type.Optional(Type.String({ maxLength: 500, description: 'why it is closed (kept with the transaction)' })),
      meterStop: Type.Optional(Type.Integer({ minimum: 0, description: 'Wh; absent = the last register reading, else meterStart' })),
    },
    { additionalProperties: false },
  ),
  ...chargingCommandArgs,
  ...authCommandArgs,
  ...filesCommandArgs,
  ...tlsCommandArgs,
} satisfies Record<string, TSchema>

/** What each command answers. */
export interface CommandResults extends ChargingCommandResults, AuthCommandResults, FilesCommandResults, TlsCommandResults {
  getServerInfo: ServerInfo
  getUnknownIdentityCounts: { kept: number; dropped: number; cap: number }
  listStations: StationSummary[]
  getStation: StationDetail
  updateStation: StationDetail
  queryLog: LogPage
  exportLog: { fileName: string; content: string; count: number; truncated: boolean }
  getSettings: Settings
  updateSettings: Settings
  sendCall: CallTask
  checkCall: CallCheck
  setStationPassword: { stationId: string; passwordSet: boolean; warnings: string[] }
  getConfigurationSnapshot: ConfigurationSnapshot
  setRegistration: StationDetail
  setSecurityProfile: StationDetail
  listTasks: CallTask[]
  getStatusHistory: ConnectorStatus[]
  listIdTags: IdTagRecord[]
  upsertIdTag: { record: IdTagRecord; created: boolean; warnings: string[] }
  deleteIdTag: { deleted: true }
  importIdTagsCsv: { imported: number; updated: number; errors: { row: number; message: string }[] }
  exportIdTagsCsv: { fileName: string; content: string; count: number }
  listTransactions: TransactionPage
  getTransaction: TransactionDetail
  exportTransactionsCsv: { fileName: string; content: string; count: number }
  closeTransaction: TransactionSummary
  exportMeterValuesCsv: { fileName: string; content: string; count: number }
}

export type CommandName = keyof typeof commandArgs & keyof CommandResults
export type CommandArgs<C extends CommandName> = Static<(typeof commandArgs)[C]>
export type CommandResult<C extends CommandName> = CommandResults[C]

export const COMMAND_NAMES = Object.keys(commandArgs) as CommandName[]

export const commandDescriptions: Record<CommandName, string> = {
  getServerInfo: 'Version, data directory and the URLs of the OCPP endpoint, the UI and this API',
  getUnknownIdentityCounts:
    'Identities that connected but were never accepted: how many are kept in memory only (listed by listStations with unsaved: true, at most cap, the most recent), and how many older ones were forgotten since the start',
  listStations: 'Every known charge point with its connection state, last seen and boot info',
  getStation: 'One charge point in detail, with its effective settings and recent schema violations',
  updateStation: 'Set or clear per-station overrides (heartbeat, ping, call timeout, lenient mode)',
  queryLog: 'Message log, newest first, filtered and paged (pass nextBefore as before)',
  exportLog: 'Message log as NDJSON, oldest first',
  getSettings: 'Global settings',
  updateSettings: 'Change global settings (partial)',
  sendCall: 'Send any CS→CP CALL with an arbitrary payload; the task records the answer, CALLERROR, timeout or offline reason',
  setStationPassword: 'Set or remove the HTTP Basic-auth password of a station (security profile 1); stored as a salted hash, connected stations stay connected',
  setRegistration: 'Register a station (also before it ever connected) and choose how its BootNotification is answered: Accepted, Pending (to approve later) or Rejected',
  setSecurityProfile: 'The security profile a station must connect with: 1 = Basic auth, 2 = TLS (wss://) and Basic auth (its plain ws:// connections are then refused)',
  getConfigurationSnapshot: 'The configuration the CSMS knows for a station: from GetConfiguration answers and accepted ChangeConfiguration',
  listTasks: 'Command history (CS→CP calls and their outcomes), newest first',
  getStatusHistory: 'StatusNotifications a charge point sent (all connectors or one), newest first',
  listIdTags: 'Every idTag the CSMS knows (status, expiry, parent, note), ordered by idTag',
  upsertIdTag: 'Create or replace an idTag (case-insensitive); answers the stored record and warnings such as an unknown parent',
  deleteIdTag: 'Remove an idTag; Authorize then answers Invalid for it',
  importIdTagsCsv: 'Import idTags from CSV (idTag,status,expiryDate,parentIdTag,note); valid rows are kept, the others reported by row',
  exportIdTagsCsv: 'Every idTag as CSV (idTag,status,expiryDate,parentIdTag,note)',
  checkCall: 'Check a CS→CP call without sending it: schema violations (it would be refused) and warnings (it would be sent)',
  listTransactions: 'Transactions, newest first, filtered (station, running or finished, idTag) and paged (offset, limit); total counts every match',
  getTransaction: 'One transaction with every meter value received for it',
  exportTransactionsCsv: 'Transactions matching the filter as CSV, one row each (energy, duration, stop reason)',
  exportMeterValuesCsv: 'One transaction’s meter values as CSV, one row per sampled value, OCPP defaults filled in',
  closeTransaction:
    'Ends a running transaction the station will never stop (its StopTransaction was lost): stopped now with reason Other, at meterStop or the last register reading; the station is not told (use RemoteStopTransaction for that), and a StopTransaction it sends later replaces the closure',
  ...chargingCommandDescriptions,
  ...authCommandDescriptions,
  ...filesCommandDescriptions,
  ...tlsCommandDescriptions,
}

/** A failure answered to a client, as `{ error: { code, message } }` on the web bridge. */
export interface ApiErrorBody {
  code: ApiErrorCode
  message: string
  details?: unknown
}

export type ApiErrorCode =
  | 'BadRequest' // argument failed validation
  | 'UnknownCommand'
  | 'NotFound' // e.g. unknown station
  | 'Conflict'
  | 'Unavailable' // the Central System cannot do it now (its data folder cannot be written, it is shutting down): try again later
  | 'Internal'

export const apiErrorStatus: Record<ApiErrorCode, number> = {
  BadRequest: 400,
  UnknownCommand: 404,
  NotFound: 404,
  Conflict: 409,
  Unavailable: 503,
  Internal: 500,
}
