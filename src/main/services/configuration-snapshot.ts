/**
 * What the CSMS knows of each station's configuration: filled from answered GetConfiguration calls
 * (all keys or a list, readonly flags, unknownKey) and updated after an accepted ChangeConfiguration.
 * Keys named like secrets (AuthorizationKey, vendor passwords) are write-only: their values are
 * never kept, whether the operator set them or a station reported them.
 */
import type { CallTask, ConfigurationChange, ConfigurationEntry, ConfigurationSnapshot } from '@shared/contract/dto'
import type { ChangeConfigurationRequest, ChangeConfigurationResponse, GetConfigurationRequest, GetConfigurationResponse } from '@shared/ocpp/payloads'
import { isSecretName } from '@shared/secret-mask'
import { idRecord, ownKeyIgnoringCase, ownValue, withEntry, withoutEntry } from '@shared/util/id-record'

export type { ConfigurationEntry, ConfigurationSnapshot } from '@shared/contract/dto'

/** Keys kept per station (real stations report a few hundred at most); more are left out with a note. */
export const MAX_CONFIGURATION_KEYS = 1000
/** The schema's maxLength of a key is 50: a longer one (lenient mode) is not a key the station can be asked for, and is left out. */
export const MAX_KEY_LENGTH = 50
/** The schema's maxLength of a value: a longer one (lenient mode) is kept cut to this. */
export const MAX_VALUE_LENGTH = 500

const count = (n: number): string => n.toLocaleString('en-US')

export interface SnapshotStore {
  get(stationId: string): ConfigurationSnapshot | undefined
  put(snapshot: ConfigurationSnapshot): void
}

/**
 * Configuration keys are case-insensitive in practice; keep the station's spelling, match ignoring
 * case. Keys are whatever the station reports (`__proto__` and `constructor` too): the maps of a
 * snapshot are prototype-free records (id-record.ts) and are read through own properties only.
 */
const findKey = ownKeyIgnoringCase

export class ConfigurationSnapshots {
  constructor(private readonly store: SnapshotStore) {}

  get(stationId: string): ConfigurationSnapshot {
    return this.store.get(stationId) ?? { stationId, keys: idRecord(), unknownKeys: [] }
  }

  /** Learn from a finished CS→CP task; returns the new snapshot when it changed. */
  applyTask(task: CallTask): ConfigurationSnapshot | undefined {
    const time = task.finishedAt ?? new Date().toISOString()
    if (task.action === 'ChangeConfiguration' && task.state === 'callerror') {
      return this.recordChange(task, task.error?.code ?? 'CALLERROR', true, time)
    }
    if (task.state !== 'answered') return undefined
    if (task.action === 'GetConfiguration') {
      return this.applyGet(task.stationId, task.payload as GetConfigurationRequest, task.response as GetConfigurationResponse, time)
    }
    if (task.action === 'ChangeConfiguration') {
      return this.applyChange(task.stationId, task.payload as ChangeConfigurationRequest, task.response as ChangeConfigurationResponse, time, task)
    }
    return undefined
  }

  /**
   * A full answer replaces what we knew; a partial one updates the keys it names. Bounded whatever
   * the station sends: at most MAX_CONFIGURATION_KEYS keys and as many unknown keys, values cut to
   * MAX_VALUE_LENGTH; one pass over the answer (keys matched through a lower-case index).
   */
  private applyGet(stationId: string, request: GetConfigurationRequest, response: GetConfigurationResponse, time: string): ConfigurationSnapshot {
    const previous = this.get(stationId)
    const full = !request?.key || request.key.length === 0
    const answered = Array.isArray(response?.configurationKey) ? response.configurationKey : []
    const reportedUnknown = (Array.isArray(response?.unknownKey) ? response.unknownKey : []).filter((key): key is string => typeof key === 'string')
    const notes: string[] = []
    // Lower-cased key → the station's spelling, so each key is matched in O(1).
    const keys = new Map<string, ConfigurationEntry>()
    if (!full) for (const entry of Object.values(previous.keys)) keys.set(entry.key.toLowerCase(), entry)
    let tooLong = 0
    let cutValues = 0
    let beyond = 0
    for (const item of answered) {
      if (typeof item?.key !== 'string' || item.key.length > MAX_KEY_LENGTH) {
        tooLong += 1
        continue
      }
      const lower = item.key.toLowerCase()
      if (!keys.has(lower) && keys.size >= MAX_CONFIGURATION_KEYS) {
        beyond += 1
        continue
      }
      const value = typeof item.value === 'string' && item.value.length > MAX_VALUE_LENGTH ? `${item.value.slice(0, MAX_VALUE_LENGTH - 1)}…` : item.value
      if (value !== item.value) cutValues += 1
      keys.delete(lower) // the station's newest spelling goes last, as before
      keys.set(lower, { key: item.key, ...(value !== undefined && !isSecretName(item.key) ? { value: String(value) } : {}), readonly: item.readonly === true, updatedAt: time, source: 'GetConfiguration' })
    }
    if (beyond > 0) notes.push(`The station reported ${count(beyond)} more keys than the ${count(MAX_CONFIGURATION_KEYS)} kept per station: they were left out.`)
    if (tooLong > 0) notes.push(`${count(tooLong)} keys longer than ${MAX_KEY_LENGTH} characters (the OCPP limit) were left out.`)
    if (cutValues > 0) notes.push(`${count(cutValues)} values longer than ${MAX_VALUE_LENGTH} characters (the OCPP limit) were cut.`)
    const answeredLower = new Set(answered.map((item) => (typeof item?.key === 'string' ? item.key.toLowerCase() : '')))
    const unknown = new Map<string, string>()
    const addUnknown = (key: string) => {
      if (unknown.size < MAX_CONFIGURATION_KEYS && key.length <= MAX_KEY_LENGTH) unknown.set(key.toLowerCase(), key)
    }
    if (!full) for (const key of previous.unknownKeys) if (!answeredLower.has(key.toLowerCase())) addUnknown(key)
    for (const key of reportedUnknown) addUnknown(key)
    if (reportedUnknown.length > unknown.size) notes.push(`Of ${count(reportedUnknown.length)} unknown keys, ${count(unknown.size)} were kept.`)
    for (const key of reportedUnknown) keys.delete(key.toLowerCase())
    const snapshot: ConfigurationSnapshot = {
      stationId,
      keys: idRecord([...keys.values()].map((entry) => [entry.key, entry] as [string, ConfigurationEntry])),
      unknownKeys: [...new Set(unknown.values())],
      fullFetchAt: full ? time : previous.fullFetchAt,
      ...(notes.length > 0 ? { truncated: notes } : {}),
    }
    this.store.put(snapshot)
    return snapshot
  }

  /** Keeps the answer to a ChangeConfiguration against its key (whatever the answer). */
  private recordChange(task: CallTask, status: string, callError: boolean, time: string): ConfigurationSnapshot | undefined {
    const request = task.payload as Partial<ChangeConfigurationRequest> | undefined
    if (typeof request?.key !== 'string') return undefined
    const previous = this.get(task.stationId)
    const key = findKey(previous.keys, request.key) ?? request.key
    const writeOnly = isSecretName(key)
    const change: ConfigurationChange = {
      key,
      ...(!writeOnly && typeof request.value === 'string' ? { value: request.value } : {}),
      status,
      ...(callError ? { callError: true } : {}),
      at: time,
      taskId: task.id,
    }
    const existing = findKey(previous.lastChanges, key)
    const lastChanges = withEntry(existing === undefined ? previous.lastChanges : withoutEntry(previous.lastChanges, existing), key, change)
    const snapshot: ConfigurationSnapshot = { ...previous, lastChanges }
    this.store.put(snapshot)
    return snapshot
  }

  private applyChange(stationId: string, request: ChangeConfigurationRequest, response: ChangeConfigurationResponse, time: string, task: CallTask): ConfigurationSnapshot | undefined {
    const recorded = this.recordChange(task, typeof response?.status === 'string' ? response.status : 'unknown', false, time)
    if (response?.status !== 'Accepted' && response?.status !== 'RebootRequired') return recorded
    const previous = this.get(stationId)
    const existing = findKey(previous.keys, request.key)
    const key = existing ?? request.key
    const entry: ConfigurationEntry = {
      key,
      value: request.value,
      readonly: existing !== undefined ? ownValue(previous.keys, existing)?.readonly === true : false,
      updatedAt: time,
      source: 'ChangeConfiguration',
      ...(response.status === 'RebootRequired' ? { pendingReboot: true } : {}),
    }
    // AuthorizationKey (and any key named like a secret) is write-only: never keep its value.
    if (isSecretName(key)) delete entry.value
    const snapshot: ConfigurationSnapshot = {
      ...previous,
      keys: withEntry(previous.keys, key, entry),
      unknownKeys: previous.unknownKeys.filter((unknown) => unknown.toLowerCase() !== key.toLowerCase()),
    }
    this.store.put(snapshot)
    return snapshot
  }
}
