/** The contract's implementation: one function per command, over the core's services. */
import type { CommandArgs, CommandName, CommandResult } from '@shared/contract/commands'
import type { CallCheck, ConfigurationSnapshot, ConnectorStatus, LogPage, LogQuery, ServerInfo, Settings } from '@shared/contract/dto'
import { hashPassword, type StoredCredential } from '../services/basic-auth'
import { stationPasswordNote, stationPasswordProblem } from '@shared/station-password'
import { isoNow } from '../util/time'
import { TimeSlices } from '../util/time-slices'
import { ApiError } from './api-error'
import { UnknownStationError, type StationService } from '../services/station-service'
import type { CallService } from '../services/call-service'
import type { IdTagService } from '../services/id-tag-service'
import type { TransactionService } from '../services/transaction-service'
import type { ChargingService } from '../services/smart-charging/charging-service'
import { createChargingHandlers } from './charging-handlers'
import { createAuthHandlers } from './auth-handlers'
import { createFilesHandlers, type FilesApiDeps } from './files-handlers'
import type { ReservationService } from '../services/reservations/reservation-service'
import type { LocalListService } from '../services/local-list/local-list-service'
import { createIdTagHandlers } from './id-tag-handlers'
import { createTransactionHandlers } from './transaction-handlers'
import { createTlsHandlers, type TlsApiDeps } from './tls-handlers'

export interface ApiCore {
  info(): ServerInfo
  /** A command that changed the state answers once the change is on disk (storage's stateChanges / durable). */
  durability?: { changes(): number; durable(): Promise<void> }
  stations: StationService
  calls: CallService
  idTags: IdTagService
  transactions: TransactionService
  charging: ChargingService
  reservations: ReservationService
  localLists: LocalListService
  files: Omit<FilesApiDeps, 'stationKnown'>
  credentials: {
    get(stationId: string): StoredCredential | undefined
    set(stationId: string, credential: StoredCredential | undefined): Promise<void>
  }
  configurations: { get(stationId: string): ConfigurationSnapshot }
  /** Schema check and remarks on a CS→CP call before it is sent; only the schema blocks. */
  checkCall(stationId: string, action: string, payload: unknown): CallCheck
  messageLog: {
    query(query: LogQuery): Promise<LogPage>
    exportNdjson(query: LogQuery, write: (line: string) => void | Promise<void>, limit?: number): Promise<number>
  }
  statusHistory: {
    query(query: { stationId: string; connectorId?: number; limit?: number }): Promise<ConnectorStatus[]>
  }
  settings: {
    get(): Settings
    update(patch: CommandArgs<'updateSettings'>): Settings
  }
  settingsChanged(settings: Settings): void
  /** The wss:// endpoint's certificates and suites. */
  tls: TlsApiDeps
}

export type CommandHandlers = { [C in CommandName]: (args: CommandArgs<C>) => Promise<CommandResult<C>> }

const DEFAULT_EXPORT_LIMIT = 200_000

function station<T>(fn: () => T): T {
  try {
    return fn()
  } catch (error) {
    if (error instanceof UnknownStationError) throw new ApiError('NotFound', error.message)
    throw error
  }
}

export function createHandlers(core: ApiCore): CommandHandlers {
  return {
    getServerInfo: async () => core.info(),
    getUnknownIdentityCounts: async () => core.stations.unknownCounts(),
    listStations: async () => core.stations.list(),
    getStation: async ({ stationId }) => station(() => core.stations.detail(stationId)),
    updateStation: async ({ stationId, overrides }) => station(() => core.stations.updateOverrides(stationId, overrides)),
    queryLog: async (query) => core.messageLog.query(query),
    exportLog: async ({ limit, ...query }) => {
      const max = limit ?? DEFAULT_EXPORT_LIMIT
      const lines: string[] = []
      const count = await core.messageLog.exportNdjson(query, (line) => void lines.push(line), max + 1)
      const truncated = count > max
      if (truncated) lines.length = max
      const stamp = new Date().toISOString().replace(/[:.]/g, '-')
      const scope = query.stationId ? `-${query.stationId.replace(/[^\w.-]+/g, '_')}` : ''
      return { fileName: `ocpp-log${scope}-${stamp}.ndjson`, content: lines.map((line) => `${line}\n`).join(''), count: lines.length, truncated }
    },
    getSettings: async () => core.settings.get(),
    updateSettings: async (patch) => {
      const settings = core.settings.update(patch)
      core.settingsChanged(settings)
      return settings
    },
    sendCall: async ({ stationId, action, payload, wait }) => {
      if (!core.stations.get(stationId)) throw new ApiError('NotFound', `No charge point "${stationId}" is known to this Central System`)
      const { task, done } = core.calls.send(stationId, action, payload ?? {}, core.checkCall(stationId, action, payload ?? {}).warnings)
      if (!wait) return task
      const finished = await done
      // The answer (up to a megabyte) is serialized in a turn of its own, not in the one that settled it.
      await new TimeSlices().yieldNow()
      return finished
    },
    checkCall: async ({ stationId, action, payload }) => {
      if (!core.stations.get(stationId)) throw new ApiError('NotFound', `No charge point "${stationId}" is known to this Central System`)
      return core.checkCall(stationId, action, payload ?? {})
    },
    setStationPassword: async ({ stationId, password }) => {
      const warnings: string[] = []
      if (password !== null) {
        const problem = stationPasswordProblem(password)
        if (problem) throw new ApiError('BadRequest', `${problem}. Nothing was changed.`)
        const note = stationPasswordNote(password)
        if (note) warnings.push(note)
      }
      core.stations.ensure(stationId)
      await core.credentials.set(stationId, password === null ? undefined : await hashPassword(password, isoNow()))
      return { stationId, passwordSet: password !== null, warnings }
    },
    setRegistration: async ({ stationId, status }) => core.stations.setRegistration(stationId, status),
    setSecurityProfile: async ({ stationId, profile }) => core.stations.setSecurityProfile(stationId, profile),
    getConfigurationSnapshot: async ({ stationId }) => core.configurations.get(stationId),
    listTasks: async ({ stationId, limit }) => core.calls.list({ stationId, limit }),
    getStatusHistory: async ({ stationId, connectorId, limit }) => {
      if (!core.stations.get(stationId)) throw new ApiError('NotFound', `No charge point "${stationId}" is known to this Central System`)
      return core.statusHistory.query({ stationId, connectorId, limit })
    },
    ...createIdTagHandlers(core.idTags),
    ...createTransactionHandlers(core.transactions),
    ...createChargingHandlers(core.charging, (stationId) => core.stations.get(stationId) !== undefined),
    ...createAuthHandlers(core.reservations, core.localLists, (stationId) => core.stations.get(stationId) !== undefined),
    ...createFilesHandlers({ ...core.files, stationKnown: (stationId) => core.stations.get(stationId) !== undefined }),
    ...createTlsHandlers(core.tls),
  }
}
