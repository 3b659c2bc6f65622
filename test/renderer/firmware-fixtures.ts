import type { CallTask, DiagnosticsRequest, DiagnosticsUpload, FileServicesInfo, FirmwareFile, FirmwareUpdate, StationFileStatus, StatusEvent } from '@shared/contract'
import { task } from './fixtures'

export const HOST = '192.168.1.20'

export function firmwareFile(name: string, extra: Partial<FirmwareFile> = {}): FirmwareFile {
  const id = extra.id ?? `fw-${name}`
  return {
    id,
    name,
    size: 1536,
    sha256: 'ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12',
    addedAt: '2024-05-01T10:00:00.000Z',
    url: `http://${HOST}:8090/firmware/${id}/${name}`,
    ...extra,
  }
}

export function services(extra: Partial<FileServicesInfo> = {}): FileServicesInfo {
  const host = extra.publicHost ?? HOST
  return {
    publicHost: host,
    candidateHosts: [HOST, '10.0.0.5'],
    bindHost: '0.0.0.0',
    http: { port: 8090, running: true, baseUrl: `http://${host}:8090` },
    ftp: { port: 2121, running: true, baseUrl: `ftp://${host}:2121`, passivePorts: [2122, 2199] },
    maxUploadBytes: 100 * 1024 * 1024,
    ...extra,
  }
}

/** Statuses a second apart from 12:00:00 UTC. */
export function statuses(...names: string[]): StatusEvent[] {
  return names.map((status, i) => ({ status, at: new Date(Date.UTC(2024, 4, 1, 12, 0, i)).toISOString() }))
}

export function firmwareUpdate(taskId: string, names: string[] = [], extra: Partial<FirmwareUpdate> = {}): FirmwareUpdate {
  return {
    taskId,
    location: `http://${HOST}:8090/firmware/fw-1/fw-2.1.bin`,
    retrieveDate: '2024-05-01T11:59:00.000Z',
    requestedAt: '2024-05-01T11:59:00.000Z',
    outcome: 'answered',
    statuses: statuses(...names),
    ...extra,
  }
}

export function diagnosticsRequest(taskId: string, names: string[] = [], extra: Partial<DiagnosticsRequest> = {}): DiagnosticsRequest {
  return {
    taskId,
    location: `ftp://csms:0123456789abcdef01234567@${HOST}:2121/`,
    requestedAt: '2024-05-01T11:59:00.000Z',
    outcome: 'answered',
    statuses: statuses(...names),
    ...extra,
  }
}

/** A station's file status with `update` / `request` current (and in the history). */
export function fileStatus(stationId: string, parts: { update?: FirmwareUpdate; request?: DiagnosticsRequest; firmwareLast?: StatusEvent; diagnosticsLast?: StatusEvent } = {}): StationFileStatus {
  const { update, request } = parts
  const firmwareLast = parts.firmwareLast ?? (update?.statuses.length ? update.statuses[update.statuses.length - 1] : undefined)
  const diagnosticsLast = parts.diagnosticsLast ?? (request?.statuses.length ? request.statuses[request.statuses.length - 1] : undefined)
  return {
    stationId,
    firmware: { ...(update ? { current: update } : {}), ...(firmwareLast ? { lastStatus: firmwareLast } : {}), history: update ? [update] : [] },
    diagnostics: { ...(request ? { current: request } : {}), ...(diagnosticsLast ? { lastStatus: diagnosticsLast } : {}), history: request ? [request] : [] },
  }
}

export function upload(id: string, fileName: string, extra: Partial<DiagnosticsUpload> = {}): DiagnosticsUpload {
  return { id, stationId: 'CP1', fileName, size: 2048, receivedAt: '2024-05-01T12:05:00.000Z', via: 'ftp', remoteAddress: '192.168.1.77', ...extra }
}

export function firmwareTask(id: string, stationId: string, state: CallTask['state'], extra: Partial<CallTask> = {}): CallTask {
  return task(id, state, { stationId, action: 'UpdateFirmware', payload: { location: `http://${HOST}:8090/firmware/fw-1/fw-2.1.bin`, retrieveDate: '2024-05-01T12:00:00.000Z' }, ...extra })
}

export function diagnosticsTask(id: string, stationId: string, state: CallTask['state'], extra: Partial<CallTask> = {}): CallTask {
  return task(id, state, { stationId, action: 'GetDiagnostics', payload: { location: `ftp://csms:x@${HOST}:2121/` }, ...extra })
}

/** Base64 of a text, as the CSMS answers readDiagnosticsUpload. */
export function base64Of(text: string): string {
  return btoa(String.fromCharCode(...new TextEncoder().encode(text)))
}
