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

  private applyGet(stationId: string, request: GetConfigurationRequest, response: GetConfigurationResponse, time: string): ConfigurationSnapshot {
    const previous = this.get(stationId)
    const full = !request?.key || request.key.length === 0
    // A full answer replaces what we knew; a partial one updates the keys it names.
    const keys = idRecord<ConfigurationEntry>(full ? undefined : previous.keys)
    for (const item of response?.configurationKey ?? []) {
      const existing = findKey(keys, item.key)
      if (existing !== undefined && existing !== item.key) delete keys[existing]
      const keepValue = item.value !== undefined && !isSecretName(item.key)
      keys[item.key] = { key: item.key, ...(keepValue ? { value: item.value } : {}), readonly: item.readonly, updatedAt: time, source: 'GetConfiguration' }
    }
    const reportedUnknown = response?.unknownKey ?? []
    const unknownKeys = full
      ? [...reportedUnknown]
      : [...new Set([...previous.unknownKeys.filter((key) => !(response?.configurationKey ?? []).some((item) => item.key.toLowerCase() === key.toLowerCase())), ...reportedUnknown])]
    for (const key of reportedUnknown) {
      const existing = findKey(keys, key)
      if (existing !== undefined) delete keys[existing]
    }
    const snapshot: ConfigurationSnapshot = { stationId, keys, unknownKeys, fullFetchAt: full ? time : previous.fullFetchAt }
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
