import { computed, onScopeDispose, ref, shallowReactive } from 'vue'
import { defineStore } from 'pinia'
import type { StationSummary } from '@shared/contract'
import { errorMessage, getClient, onResync } from '../api'

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })

/** Every known charge point: the listStations snapshot, then connect/disconnect/update events. */
export const useStationsStore = defineStore('stations', () => {
  const client = getClient()
  const byId = shallowReactive(new Map<string, StationSummary>())
  const loading = ref(false)
  const loaded = ref(false)
  const error = ref<string | null>(null)
  /** Events that arrive while a snapshot is on its way, replayed on top of it. */
  let pending: StationSummary[] | null = null
  let inflight: Promise<void> | null = null

  function apply(station: StationSummary): void {
    pending?.push(station)
    byId.set(station.id, station)
  }

  async function doLoad(): Promise<void> {
    pending = []
    loading.value = true
    try {
      const list = await client.invoke('listStations', {})
      const events = pending
      byId.clear()
      for (const s of list) byId.set(s.id, s)
      for (const s of events) byId.set(s.id, s)
      loaded.value = true
      error.value = null
    } catch (err) {
      error.value = `Could not load the stations: ${errorMessage(err)}`
    } finally {
      pending = null
      loading.value = false
    }
  }

  /** Loads (or reloads) the snapshot; concurrent calls share one request. */
  function load(): Promise<void> {
    inflight ??= doLoad().finally(() => {
      inflight = null
    })
    return inflight
  }

  const offs = [
    client.on('stationConnected', apply),
    client.on('stationDisconnected', apply),
    client.on('stationUpdated', apply),
    onResync(() => void load()),
  ]
  onScopeDispose(() => offs.forEach((off) => off()))

  /** Sorted by identity, numbers in natural order (CP2 before CP10). */
  const list = computed(() => [...byId.values()].sort((a, b) => collator.compare(a.id, b.id)))
  const onlineCount = computed(() => {
    let n = 0
    for (const s of byId.values()) if (s.connection.connected) n++
    return n
  })
  const count = computed(() => byId.size)

  function get(id: string): StationSummary | undefined {
    return byId.get(id)
  }

  return { list, onlineCount, count, loading, loaded, error, load, get, apply }
})
