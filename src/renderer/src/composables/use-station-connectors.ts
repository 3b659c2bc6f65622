import { computed, onScopeDispose, shallowRef, watch, type Ref } from 'vue'
import type { ConnectorStatus, StationSummary } from '@shared/contract'
import { getClient, onResync } from '../api'
import { sortedConnectors } from '../utils/connector-status'

/**
 * The connectors a station reported (StatusNotification), for pickers: getStation once, then the
 * station events. A failure leaves the list empty: pickers then offer nothing, typing still works.
 */
export function useStationConnectors(stationId: Ref<string>) {
  const client = getClient()
  const connectors = shallowRef<Record<string, ConnectorStatus> | undefined>(undefined)
  const registrationStatus = shallowRef<StationSummary['registrationStatus']>(undefined)
  let generation = 0
  let eventSeen = false

  async function load(): Promise<void> {
    const gen = ++generation
    eventSeen = false
    try {
      const detail = await client.invoke('getStation', { stationId: stationId.value })
      if (gen !== generation || eventSeen) return
      connectors.value = detail.connectors
      registrationStatus.value = detail.registrationStatus
    } catch {
      // Pickers stay empty; free values still go.
    }
  }

  function onSummary(s: StationSummary): void {
    if (s.id !== stationId.value) return
    eventSeen = true
    connectors.value = s.connectors
    registrationStatus.value = s.registrationStatus
  }

  const offs = [
    client.on('stationConnected', onSummary),
    client.on('stationDisconnected', onSummary),
    client.on('stationUpdated', onSummary),
    onResync(() => void load()),
  ]
  onScopeDispose(() => offs.forEach((off) => off()))
  watch(
    stationId,
    () => {
      connectors.value = undefined
      void load()
    },
    { immediate: true },
  )

  /** Connector 0 (the charge point) first, then the reported connectors in order. */
  const list = computed(() => sortedConnectors(connectors.value))
  return { connectors, list, registrationStatus, load }
}
