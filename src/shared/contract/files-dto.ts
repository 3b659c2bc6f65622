/** Firmware Management, diagnostics and the built-in file services: data shapes that cross the contract. */
import type { ListStub } from './dto'

/** A firmware file the built-in host serves. */
export interface FirmwareFile extends ListStub {
  id: string
  name: string
  size: number
  sha256: string
  addedAt: string
  /** The download URL a station is given (with the public host chosen in the file services). */
  url: string
}

/** A file a station uploaded to the built-in receivers. */
export interface DiagnosticsUpload extends ListStub {
  id: string
  stationId: string
  /** The name it is shown and downloaded under (made safe: no folders, no odd characters). */
  fileName: string
  /** The name the station sent, when it differs from fileName. */
  originalName?: string
  size: number
  receivedAt: string
  via: 'ftp' | 'http-put' | 'http-post'
  remoteAddress?: string
  /** The GetDiagnostics task whose location it was uploaded to, when known. */
  requestTaskId?: string
}

export interface FileServicesInfo {
  /** The address put into URLs for stations (the PC's LAN address they can reach). */
  publicHost: string
  /** Addresses of this PC a station might reach. */
  candidateHosts: string[]
  bindHost: string
  http: { port: number; running: boolean; error?: string; baseUrl: string }
  /** passivePorts: the range PASV/EPSV data connections use (start-up option --ftp-passive-ports). */
  ftp: { port: number; running: boolean; error?: string; baseUrl: string; passivePorts: [number, number] }
  maxUploadBytes: number
}

/** A file of the firmware import folder (settings files.importDir), offered by its plain name. */
export interface ImportFolderFile {
  name: string
  size: number
  modifiedAt: string
}

/** The firmware import folder and its files (the first 1,000 by name). */
export interface ImportFolderListing {
  /** The folder; null = none configured. */
  dir: string | null
  files: ImportFolderFile[]
  /** More files than listed. */
  truncated: boolean
  /** Why the folder cannot be read, when it cannot (the files list is then empty). */
  error?: string
}

/** The raw firmware upload of the web bridge: PUT the bytes with this header (a cross-site page cannot send it without a CORS preflight, which is never granted). */
export const FIRMWARE_UPLOAD_PATH = '/api/firmware-files'
export const FIRMWARE_UPLOAD_HEADER = 'X-CSMS-Upload'

export interface StatusEvent {
  status: string
  at: string
}

/** An UpdateFirmware and what the station reported after it. */
export interface FirmwareUpdate {
  taskId: string
  location: string
  retrieveDate: string
  requestedAt: string
  /** The task's outcome: answered, callerror, timeout, offline, refused; absent while pending. */
  outcome?: string
  statuses: StatusEvent[]
}

/** A GetDiagnostics and what followed: the fileName it answered, the statuses, the file that arrived. */
export interface DiagnosticsRequest {
  taskId: string
  location: string
  requestedAt: string
  outcome?: string
  /** GetDiagnostics.conf fileName; absent = no diagnostics available. */
  fileName?: string
  statuses: StatusEvent[]
  uploadId?: string
  /**
   * The station reported "Uploaded" but no file arrived at the location the CSMS made for this
   * request, a grace period later; `uploadNote` says what to check. Cleared when the file comes.
   */
  uploadMissing?: true
  uploadNote?: string
}

/** Per station: firmware and diagnostics, the current request and the timeline of notifications. */
export interface StationFileStatus {
  stationId: string
  firmware: { current?: FirmwareUpdate; lastStatus?: StatusEvent; history: FirmwareUpdate[] }
  diagnostics: { current?: DiagnosticsRequest; lastStatus?: StatusEvent; history: DiagnosticsRequest[] }
}
