import { computed, onScopeDispose, ref, shallowReactive, shallowRef } from 'vue'
import { defineStore } from 'pinia'
import type { StationSummary } from '@shared/contract'
import { errorMessage, getClient, onResync } from '../api'

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })

/** Every known charge point: the listStations snapshot, then connect/disconnect/update events. */
export const useStationsStore = defineStore('stations', () => {
  const client = getClient()
  const byId = shallowReactive(new Map<string, StationSummary>())
  /**
   * Identities in display order, changed only when a station appears: an update of a known station
   * (hundreds a second at a large depot) must not sort thousands of names again.
   */
  const order = shallowRef<string[]>([])
  const loading = ref(false)
  const loaded = ref(false)
  const error = ref<string | null>(null)
  /** Events that arrive while a snapshot is on its way, replayed on top of it. */
  let pending: StationSummary[] | null = null
  let inflight: Promise<void> | null = null

  function insertInOrder(id: string): void {
    const ids = order.value
    let low = 0
    let high = ids.length
    while (low < high) {
      const middle = (low + high) >>> 1
      if (collator.compare(ids[middle]!, id) < 0) low = middle + 1
      else high = middle
    }
    order.value = [...ids.slice(0, low), id, ...ids.slice(low)]
  }

  function apply(station: StationSummary): void {
    pending?.push(station)
    const known = byId.has(station.id)
    byId.set(station.id, station)
    if (!known) insertInOrder(station.id)
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
      order.value = [...byId.keys()].sort(collator.compare)
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
  const list = computed(() => order.value.map((id) => byId.get(id)!))
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
