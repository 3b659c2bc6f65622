import { onScopeDispose, shallowReactive } from 'vue'
import { defineStore } from 'pinia'
import type { DiagnosticsRequest, FirmwareUpdate, StationFileStatus } from '@shared/contract'
import { errorMessage, getClient, onResync } from '../api'

/** Snapshots fetched at once when many stations are asked for. */
const CONCURRENCY = 4

/**
 * Firmware and diagnostics per station (getStationFileStatus, on demand), kept current by
 * fileStatusChanged, which carries a station's whole state: every request, notification and file.
 * Events for stations never asked for are kept too (a bulk update follows them).
 */
export const useStationFileStatusStore = defineStore('stationFileStatus', () => {
  const client = getClient()
  const byId = shallowReactive(new Map<string, StationFileStatus>())
  const loading = shallowReactive(new Set<string>())
  const errors = shallowReactive(new Map<string, string>())
  /** Stations an event updated while their snapshot was on its way: the event is newer and wins. */
  const newer = new Set<string>()
  const inflight = new Map<string, Promise<void>>()

  function apply(status: StationFileStatus): void {
    newer.add(status.stationId)
    byId.set(status.stationId, status)
    errors.delete(status.stationId)
  }

  async function doLoad(stationId: string): Promise<void> {
    newer.delete(stationId)
    loading.add(stationId)
    try {
      const status = await client.invoke('getStationFileStatus', { stationId })
      if (!newer.has(stationId)) byId.set(stationId, status)
      errors.delete(stationId)
    } catch (err) {
      errors.set(stationId, `Could not load the firmware and diagnostics state of ${stationId}: ${errorMessage(err)}`)
    } finally {
      newer.delete(stationId)
      loading.delete(stationId)
    }
  }

  /** Loads (or reloads) one station; concurrent calls for it share one request. */
  function load(stationId: string): Promise<void> {
    let running = inflight.get(stationId)
    if (!running) {
      running = doLoad(stationId).finally(() => inflight.delete(stationId))
      inflight.set(stationId, running)
    }
    return running
  }

  /** Loads the stations not known yet, a few at a time. */
  async function ensure(stationIds: string[]): Promise<void> {
    const queue = stationIds.filter((id) => !byId.has(id) && !inflight.has(id))
    const worker = async (): Promise<void> => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) await load(id)
    }
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, worker))
  }

  function get(stationId: string): StationFileStatus | undefined {
    return byId.get(stationId)
  }

  /** The firmware update an UpdateFirmware task started, as it stands now. */
  function firmwareUpdate(stationId: string, taskId: string): FirmwareUpdate | undefined {
    const status = byId.get(stationId)
    if (!status) return undefined
    if (status.firmware.current?.taskId === taskId) return status.firmware.current
    return status.firmware.history.find((u) => u.taskId === taskId)
  }

  /** The diagnostics request a GetDiagnostics task started, as it stands now. */
  function diagnosticsRequest(stationId: string, taskId: string): DiagnosticsRequest | undefined {
    const status = byId.get(stationId)
    if (!status) return undefined
    if (status.diagnostics.current?.taskId === taskId) return status.diagnostics.current
    return status.diagnostics.history.find((r) => r.taskId === taskId)
  }

  const offs = [
    client.on('fileStatusChanged', apply),
    onResync(() => {
      for (const id of byId.keys()) void load(id)
    }),
  ]
  onScopeDispose(() => offs.forEach((off) => off()))

  return { loading, errors, load, ensure, get, firmwareUpdate, diagnosticsRequest, apply }
})
