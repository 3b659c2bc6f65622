/**
 * The storage layer: small state in lowdb behind repositories, the message log in an append-only
 * journal. Nothing outside this folder sees lowdb or the files.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AuthRepository } from './auth-repository'
import { FilesRepository } from './files-repository'
import { ChargingRepository } from './charging-repository'
import { ConfigurationRepository } from './configuration-repository'
import { CounterRepository } from './counter-repository'
import { CredentialRepository } from './credential-repository'
import { ensureDataDir } from './data-dir'
import { lockDataDir, type DataDirLock } from './data-dir-lock'
import { IdTagRepository } from './id-tag-repository'
import type { JournalTuning } from './json-lines-journal'
import { MessageLog } from './message-log'
import { SettingsRepository } from './settings-repository'
import { MeterValueStore } from './meter-value-store'
import { quarantineDir, StateStore } from './state-store'
import { lineQuarantine } from './journal-quarantine'
import { QuarantineRepository } from './quarantine-repository'
import { TransactionStore } from './transaction-store'
import { StationRepository } from './station-repository'
import { StatusHistory } from './status-history'
import { TaskHistory } from './task-history'
import { consoleStorageLogger, describeError, type StorageLogger } from './storage-logger'

export { CounterRepository, DEFAULT_COUNTER_BLOCK, MAX_COUNTER_BLOCK } from './counter-repository'
export { defaultDataDir, ensureDataDir } from './data-dir'
export { LOCK_FILE } from './data-dir-lock'
export type { DeepPartial } from './deep-merge'
export { DEFAULT_SETTINGS, MAX_VIOLATIONS_PER_STATION } from './defaults'
export { JsonLinesJournal, type JournalOptions, type JournalStats, type JournalTuning, type RecordPosition } from './json-lines-journal'
export { MessageLog, DEFAULT_QUERY_LIMIT, MAX_QUERY_LIMIT, type MessageLogStats } from './message-log'
export { SettingsRepository } from './settings-repository'
export { StateStore, type StateData } from './state-store'
export { StationRepository } from './station-repository'
export { StatusHistory, type StatusHistoryQuery, type StatusHistoryRecord } from './status-history'
export { IdTagRepository, idTagKey } from './id-tag-repository'
export { StorageError, type StorageErrorCode, type StorageLogger } from './storage-logger'

export const STATE_FILE = 'state.json'
export const MESSAGE_LOG_DIR = 'message-log'
export const STATUS_HISTORY_DIR = 'status-history'
export const TRANSACTIONS_DIR = 'transactions'
export const METER_VALUES_DIR = 'meter-values'
export const TASKS_DIR = 'tasks'
/**
 * Nobody waits for the message log to be durable, so it is written at most ten times a second:
 * fewer fdatasyncs competing with the journals whose writes hold back a CALLRESULT.
 */
export const MESSAGE_LOG_BATCH_INTERVAL_MS = 100

export interface OpenStorageOptions {
  dataDir: string
  /** Tests: state in memory, the message log in a temporary directory removed by `close()`. */
  inMemory?: boolean
  log?: Partial<JournalTuning>
  /** The journals whose durable write holds back a CALLRESULT (transactions, meter values); tests inject a gated datasync. */
  records?: Partial<JournalTuning>
  /** How long state changes may wait before they are written together. Default 50 ms. */
  stateFlushDelayMs?: number
  logger?: StorageLogger
}

export interface Storage {
  settings: SettingsRepository
  stations: StationRepository
  counters: CounterRepository
  idTags: IdTagRepository
  credentials: CredentialRepository
  configurations: ConfigurationRepository
  charging: ChargingRepository
  auth: AuthRepository
  files: FilesRepository
  messageLog: MessageLog
  /** Every StatusNotification received, newest first on query. */
  statusHistory: StatusHistory
  transactions: TransactionStore
  meterValues: MeterValueStore
  /** Finished CS→CP tasks (the command history). */
  tasks: TaskHistory
  /** Notes of the stored records that could not be used and were moved aside. */
  quarantine: QuarantineRepository
  /** Where files belong (firmware, uploads): the data directory, or a temporary one removed by close() in memory mode. */
  scratchDir: string
  /** Writes every pending change of state and log now. */
  flush(): Promise<void>
  /**
   * "Done" means durable (issue 20 §2): `stateChanges()` moves with every change of the state, and
   * `durable()` resolves once every change made before the call is on disk (one write covers all
   * callers waiting at the same time). Journals are durable per record already.
   */
  stateChanges(): number
  durable(): Promise<void>
  /** Flushes everything and closes the files; idempotent. */
  close(): Promise<void>
}

export async function openStorage(options: OpenStorageOptions): Promise<Storage> {
  const logger = options.logger ?? consoleStorageLogger
  let logDir: string
  let statusDir: string
  let stateFile: string | undefined
  let lock: DataDirLock | undefined
  if (options.inMemory) {
    logDir = await mkdtemp(join(tmpdir(), 'csms-message-log-'))
    statusDir = join(logDir, STATUS_HISTORY_DIR)
  } else {
    const dataDir = await ensureDataDir(options.dataDir, logger)
    lock = await lockDataDir(dataDir, { logger })
    logDir = join(dataDir, MESSAGE_LOG_DIR)
    statusDir = join(dataDir, STATUS_HISTORY_DIR)
    stateFile = join(dataDir, STATE_FILE)
  }
  const state = await StateStore.open({ file: stateFile, flushDelayMs: options.stateFlushDelayMs, logger }).catch(async (error: unknown) => {
    await lock?.release()
    throw error
  })
  // Journals opened so far, closed again (newest first) if a later one cannot be opened.
  const opened: { name: string; close(): Promise<void>; flush(): Promise<void> }[] = []
  async function openJournal<T extends { close(): Promise<void>; flush(): Promise<void> }>(name: string, open: () => Promise<T>): Promise<T> {
    try {
      const journal = await open()
      opened.push({ name, close: () => journal.close(), flush: () => journal.flush() })
      return journal
    } catch (error) {
      for (const journal of opened.reverse()) await journal.close().catch(() => undefined)
      await state.close()
      await lock?.release()
      throw error
    }
  }
  const recordsDir = options.inMemory ? logDir : options.dataDir
  // Journal lines that cannot be used are copied beside the state's records moved aside, noted in the state.
  const quarantine = lineQuarantine(quarantineDir(stateFile) ?? join(logDir, 'quarantine'), (note) => state.addNotes([note]), logger)
  const messageLog = await openJournal('message log', () => MessageLog.open({ minBatchIntervalMs: MESSAGE_LOG_BATCH_INTERVAL_MS, ...options.log, dir: logDir, logger, quarantine }))
  const statusHistory = await openJournal('status history', () => StatusHistory.open({ dir: statusDir, logger, quarantine }))
  const transactions = await openJournal('transactions', () => TransactionStore.open({ ...options.records, dir: join(recordsDir, TRANSACTIONS_DIR), logger, quarantine }))
  const meterValues = await openJournal('meter values', () => MeterValueStore.open({ ...options.records, dir: join(recordsDir, METER_VALUES_DIR), logger, quarantine }))
  const tasks = await openJournal('command history', () => TaskHistory.open({ dir: join(recordsDir, TASKS_DIR), logger, quarantine }))
  const counters = new CounterRepository(state)

  let closing: Promise<void> | undefined
  return {
    settings: new SettingsRepository(state),
    stations: new StationRepository(state),
    counters,
    idTags: new IdTagRepository(state),
    credentials: new CredentialRepository(state),
    configurations: new ConfigurationRepository(state),
    charging: new ChargingRepository(state),
    auth: new AuthRepository(state),
    files: new FilesRepository(state),
    messageLog,
    statusHistory,
    transactions,
    meterValues,
    tasks,
    quarantine: new QuarantineRepository(state),
    scratchDir: options.inMemory ? logDir : options.dataDir,
    stateChanges: () => state.changes,
    durable: () => state.flushNow(),
    flush: async () => {
      await Promise.all([state.flushNow(), ...opened.map((journal) => journal.flush())])
    },
    close: () =>
      (closing ??= (async () => {
        await counters.close()
        for (const journal of opened) {
          await journal.close().catch((error: unknown) => logger.error(`closing the ${journal.name} failed: ${describeError(error)}`))
        }
        await state.close()
        await lock?.release()
        if (options.inMemory) await rm(logDir, { recursive: true, force: true })
      })()),
  }
}
