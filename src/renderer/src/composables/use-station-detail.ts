import { onScopeDispose, ref, watch, type Ref } from 'vue'
import type { CommandArgs, StationDetail, StationSummary } from '@shared/contract'
import { errorMessage, getClient, onResync } from '../api'

const REFRESH_MS = 2000

/**
 * One station in detail (getStation), kept current: summary events are merged at once, the
 * detail (violations, effective settings) is refetched at most every 2 s while events come in.
 */
export function useStationDetail(stationId: Ref<string>) {
  const client = getClient()
  const detail = ref<StationDetail | null>(null)
  const loading = ref(false)
  const error = ref<string | null>(null)
  const notFound = ref(false)
  const saving = ref(false)
  let timer: ReturnType<typeof setTimeout> | null = null
  let generation = 0

  async function load(): Promise<void> {
    const gen = ++generation
    const id = stationId.value
    loading.value = true
    try {
      const d = await client.invoke('getStation', { stationId: id })
      if (gen !== generation) return
      detail.value = d
      error.value = null
      notFound.value = false
    } catch (err) {
      if (gen !== generation) return
      notFound.value = (err as { code?: string }).code === 'NotFound'
      error.value = notFound.value
        ? `No station “${id}” is known. It appears once it connects to the OCPP endpoint.`
        : `Could not load the station: ${errorMessage(err)}`
    } finally {
      if (gen === generation) loading.value = false
    }
  }

  function onSummary(s: StationSummary): void {
    if (s.id !== stationId.value) return
    if (detail.value) detail.value = { ...detail.value, ...s }
    if (!timer) {
      timer = setTimeout(() => {
        timer = null
        void load()
      }, REFRESH_MS)
    }
  }

  /** Sets (number/boolean) or clears (null) per-station overrides. Throws an ApiError on failure. */
  async function saveOverrides(overrides: CommandArgs<'updateStation'>['overrides']): Promise<void> {
    saving.value = true
    try {
      detail.value = await client.invoke('updateStation', { stationId: stationId.value, overrides })
    } finally {
      saving.value = false
    }
  }

  const offs = [
    client.on('stationConnected', onSummary),
    client.on('stationDisconnected', onSummary),
    client.on('stationUpdated', onSummary),
    onResync(() => void load()),
  ]
  onScopeDispose(() => {
    offs.forEach((off) => off())
    if (timer) clearTimeout(timer)
  })

  watch(
    stationId,
    () => {
      detail.value = null
      void load()
    },
    { immediate: true },
  )

  return { detail, loading, error, notFound, saving, load, saveOverrides }
}
