/**
 * The storage layer: small state in lowdb behind repositories, the message log in an append-only
 * journal. Nothing outside this folder sees lowdb or the files.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CounterRepository } from './counter-repository'
import { ensureDataDir } from './data-dir'
import type { JournalTuning } from './json-lines-journal'
import { MessageLog } from './message-log'
import { SettingsRepository } from './settings-repository'
import { StateStore } from './state-store'
import { StationRepository } from './station-repository'
import { consoleStorageLogger, describeError, type StorageLogger } from './storage-logger'

export { CounterRepository, DEFAULT_COUNTER_BLOCK } from './counter-repository'
export { defaultDataDir, ensureDataDir } from './data-dir'
export type { DeepPartial } from './deep-merge'
export { DEFAULT_SETTINGS, MAX_VIOLATIONS_PER_STATION } from './defaults'
export { JsonLinesJournal, type JournalOptions, type JournalStats, type JournalTuning, type RecordPosition } from './json-lines-journal'
export { MessageLog, DEFAULT_QUERY_LIMIT, MAX_QUERY_LIMIT, type MessageLogStats } from './message-log'
export { SettingsRepository } from './settings-repository'
export { StateStore, type StateData } from './state-store'
export { StationRepository } from './station-repository'
export { StorageError, type StorageErrorCode, type StorageLogger } from './storage-logger'

export const STATE_FILE = 'state.json'
export const MESSAGE_LOG_DIR = 'message-log'

export interface OpenStorageOptions {
  dataDir: string
  /** Tests: state in memory, the message log in a temporary directory removed by `close()`. */
  inMemory?: boolean
  log?: Partial<JournalTuning>
  /** How long state changes may wait before they are written together. Default 50 ms. */
  stateFlushDelayMs?: number
  logger?: StorageLogger
}

export interface Storage {
  settings: SettingsRepository
  stations: StationRepository
  counters: CounterRepository
  messageLog: MessageLog
  /** Writes every pending change of state and log now. */
  flush(): Promise<void>
  /** Flushes everything and closes the files; idempotent. */
  close(): Promise<void>
}

export async function openStorage(options: OpenStorageOptions): Promise<Storage> {
  const logger = options.logger ?? consoleStorageLogger
  let logDir: string
  let stateFile: string | undefined
  if (options.inMemory) {
    logDir = await mkdtemp(join(tmpdir(), 'csms-message-log-'))
  } else {
    const dataDir = await ensureDataDir(options.dataDir)
    logDir = join(dataDir, MESSAGE_LOG_DIR)
    stateFile = join(dataDir, STATE_FILE)
  }
  const state = await StateStore.open({ file: stateFile, flushDelayMs: options.stateFlushDelayMs, logger })
  let messageLog: MessageLog
  try {
    messageLog = await MessageLog.open({ ...options.log, dir: logDir, logger })
  } catch (error) {
    await state.close()
    throw error
  }
  const counters = new CounterRepository(state)

  let closing: Promise<void> | undefined
  return {
    settings: new SettingsRepository(state),
    stations: new StationRepository(state),
    counters,
    messageLog,
    flush: async () => {
      await Promise.all([state.flushNow(), messageLog.flush()])
    },
    close: () =>
      (closing ??= (async () => {
        await counters.close()
        await messageLog.close().catch((error: unknown) => logger.error(`closing the message log failed: ${describeError(error)}`))
        await state.close()
        if (options.inMemory) await rm(logDir, { recursive: true, force: true })
      })()),
  }
}
