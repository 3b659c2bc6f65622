import { computed, onScopeDispose, ref, shallowRef, watch, type Ref } from 'vue'
import type { CallTask, ConfigurationEntry, ConfigurationSnapshot } from '@shared/contract'
import { isSecretName } from '@shared/secret-mask'
import { ownValue } from '@shared/util/id-record'
import { errorMessage, getClient, onResync } from '../api'
import { useTasksStore } from '../stores/tasks'
import { isFinal, taskFailure } from '../utils/task-outcome'

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })

/** AuthorizationKey and keys named like secrets (WifiPassword, ...) are write-only: their value is never shown. */
export function isWriteOnlyKey(key: string): boolean {
  return isSecretName(key)
}

/**
 * A station's configuration as the CSMS knows it: the getConfigurationSnapshot snapshot, then
 * configurationUpdated events. Also sends the two configuration calls (GetConfiguration for all keys,
 * ChangeConfiguration for one) as tasks and follows them.
 */
export function useConfiguration(stationId: Ref<string>) {
  const client = getClient()
  const tasks = useTasksStore()
  const snapshot = shallowRef<ConfigurationSnapshot | null>(null)
  const loading = ref(false)
  const error = ref<string | null>(null)
  /** Set by an event while a snapshot is on its way: the event is newer, keep it. */
  let newer: ConfigurationSnapshot | null = null
  let generation = 0

  async function load(): Promise<void> {
    const gen = ++generation
    newer = null
    loading.value = true
    try {
      const loaded = await client.invoke('getConfigurationSnapshot', { stationId: stationId.value })
      if (gen !== generation) return
      snapshot.value = newer ?? loaded
      error.value = null
    } catch (err) {
      if (gen !== generation) return
      error.value = `Could not load the configuration: ${errorMessage(err)}`
    } finally {
      if (gen === generation) loading.value = false
    }
  }

  function apply(s: ConfigurationSnapshot): void {
    if (s.stationId !== stationId.value) return
    newer = s
    snapshot.value = s
  }

  const offs = [client.on('configurationUpdated', apply), onResync(() => void load())]
  onScopeDispose(() => offs.forEach((off) => off()))

  /** Keys in natural order. */
  const entries = computed<ConfigurationEntry[]>(() => Object.values(snapshot.value?.keys ?? {}).sort((a, b) => collator.compare(a.key, b.key)))

  /** The entry for a key, matched ignoring case (as stations do); keys are data, never inherited members. */
  function entryFor(key: string): ConfigurationEntry | undefined {
    const keys = snapshot.value?.keys ?? {}
    const exact = ownValue(keys, key)
    if (exact) return exact
    const lower = key.trim().toLowerCase()
    return lower ? Object.values(keys).find((e) => e.key.toLowerCase() === lower) : undefined
  }

  // GetConfiguration for every key.
  const fetchTaskId = ref<string | null>(null)
  const fetchSending = ref(false)
  const fetchSendError = ref<string | null>(null)
  const fetchTask = computed(() => (fetchTaskId.value ? tasks.get(fetchTaskId.value) : undefined))
  const fetching = computed(() => fetchSending.value || (fetchTask.value !== undefined && !isFinal(fetchTask.value)))
  const fetchFailure = computed(() => fetchSendError.value ?? (fetchTask.value ? taskFailure(fetchTask.value) : null))

  async function fetchAll(): Promise<void> {
    fetchSending.value = true
    fetchSendError.value = null
    try {
      const task = await client.invoke('sendCall', { stationId: stationId.value, action: 'GetConfiguration', payload: {}, wait: false })
      tasks.upsert(task)
      fetchTaskId.value = task.id
    } catch (err) {
      fetchSendError.value = `GetConfiguration was not sent: ${errorMessage(err)}`
    } finally {
      fetchSending.value = false
    }
  }

  // ChangeConfiguration, one task per key (the latest one), by lower-cased key.
  const changeTaskIds = shallowRef<ReadonlyMap<string, string>>(new Map())

  /** Sends ChangeConfiguration; throws (with a message a person can act on) when the CSMS did not take the command. */
  async function change(key: string, value: string): Promise<CallTask> {
    let task: CallTask
    try {
      task = await client.invoke('sendCall', { stationId: stationId.value, action: 'ChangeConfiguration', payload: { key, value }, wait: false })
    } catch (err) {
      throw new Error(`ChangeConfiguration was not sent: ${errorMessage(err)}`, { cause: err })
    }
    tasks.upsert(task)
    changeTaskIds.value = new Map(changeTaskIds.value).set(key.toLowerCase(), task.id)
    return task
  }

  /** The latest ChangeConfiguration task sent from here for a key. */
  function changeTask(key: string): CallTask | undefined {
    const id = changeTaskIds.value.get(key.toLowerCase())
    return id ? tasks.get(id) : undefined
  }

  watch(
    stationId,
    () => {
      snapshot.value = null
      fetchTaskId.value = null
      fetchSendError.value = null
      changeTaskIds.value = new Map()
      void load()
    },
    { immediate: true },
  )

  return { snapshot, entries, loading, error, load, entryFor, fetchAll, fetching, fetchTask, fetchFailure, change, changeTask }
}
