import { defineStore } from 'pinia'
import type { DiagnosticsRequest, FirmwareUpdate } from '@shared/contract'
import { getClient } from '../api'
import { createPerStationSnapshots } from './per-station-snapshots'

/**
 * Firmware and diagnostics per station (getStationFileStatus, on demand), kept current by
 * fileStatusChanged, which carries a station's whole state: every request, notification and file.
 * Events for stations never asked for are kept too (a bulk update follows them).
 */
export const useStationFileStatusStore = defineStore('stationFileStatus', () => {
  const client = getClient()
  const { byId, loading, errors, load, ensure, get, apply } = createPerStationSnapshots({
    fetch: (stationId) => client.invoke('getStationFileStatus', { stationId }),
    listen: (apply) => client.on('fileStatusChanged', apply),
    what: 'the firmware and diagnostics state of',
  })

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

  return { loading, errors, load, ensure, get, firmwareUpdate, diagnosticsRequest, apply }
})
