import { onScopeDispose, ref, shallowRef, watch, type Ref } from 'vue'
import type { ChargingRateUnitType } from '@shared/ocpp/payloads'
import type { StationChargingView } from '@shared/contract/charging-dto'
import { errorMessage, getClient, onResync } from '../api'

/** The windows the view offers, from now on (seconds). */
export const CHARGING_WINDOWS = [
  { value: 3600, label: '1 h' },
  { value: 86_400, label: '24 h' },
  { value: 7 * 86_400, label: '7 d' },
] as const

/** Events for one station arriving in a burst cause one reload, at most this often. */
export const RELOAD_THROTTLE_MS = 500

/**
 * A station's Smart Charging view (getChargingView): installed profiles, per connector the layers,
 * the composite the CSMS computes and the one the station reported. Reloaded when `chargingChanged`
 * names the station (throttled), when the window or unit changes, and after a reconnect.
 */
export function useChargingView(stationId: Ref<string>, initialDuration: number = CHARGING_WINDOWS[0].value) {
  const client = getClient()
  const view = shallowRef<StationChargingView | null>(null)
  const loading = ref(false)
  const error = ref<string | null>(null)
  /** Length of the window from now, in seconds. */
  const duration = ref<number>(initialDuration)
  /** undefined = the unit main chooses (the view says which). */
  const unit = ref<ChargingRateUnitType | undefined>(undefined)
  let generation = 0
  let lastLoadAt = 0
  let timer: ReturnType<typeof setTimeout> | null = null

  function cancelTimer(): void {
    if (timer) clearTimeout(timer)
    timer = null
  }

  async function load(): Promise<void> {
    cancelTimer()
    const gen = ++generation
    lastLoadAt = Date.now()
    loading.value = true
    try {
      const loaded = await client.invoke('getChargingView', {
        stationId: stationId.value,
        duration: duration.value,
        ...(unit.value ? { chargingRateUnit: unit.value } : {}),
      })
      if (gen !== generation) return
      view.value = loaded
      error.value = null
    } catch (err) {
      if (gen !== generation) return
      error.value = `Could not load the Smart Charging view: ${errorMessage(err)}`
    } finally {
      if (gen === generation) loading.value = false
    }
  }

  function scheduleReload(): void {
    if (timer) return
    const wait = Math.max(0, lastLoadAt + RELOAD_THROTTLE_MS - Date.now())
    timer = setTimeout(() => {
      timer = null
      void load()
    }, wait)
  }

  /** The CSMS forgets what it believes the station (or one connector) holds; nothing is sent. Throws on failure. */
  async function forget(connectorId?: number): Promise<void> {
    const gen = ++generation
    const result = await client.invoke('forgetInstalledProfiles', { stationId: stationId.value, ...(connectorId !== undefined ? { connectorId } : {}) })
    if (gen === generation) {
      view.value = result
      loading.value = false
    }
  }

  const offs = [
    client.on('chargingChanged', (e) => {
      if (e.stationId === stationId.value) scheduleReload()
    }),
    onResync(() => void load()),
  ]
  onScopeDispose(() => {
    offs.forEach((off) => off())
    cancelTimer()
  })

  watch(stationId, () => {
    view.value = null
    error.value = null
  })
  watch([stationId, duration, unit], () => void load(), { immediate: true })

  return { view, loading, error, duration, unit, load, forget }
}
