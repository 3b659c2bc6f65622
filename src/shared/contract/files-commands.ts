/** The Firmware Management, diagnostics and file-service commands of the contract. */
import { Type } from 'typebox'
import type { CallTask } from './dto'
import type { DiagnosticsUpload, FileServicesInfo, FirmwareFile, ImportFolderListing, StationFileStatus } from './files-dto'

const StationId = Type.String({ minLength: 1, maxLength: 255, description: 'Charge point identity' })
const IsoTime = Type.String({ format: 'date-time' })
const Protocol = Type.Union([Type.Literal('ftp'), Type.Literal('http-put'), Type.Literal('http-post')])

export const filesCommandArgs = {
  getFileServices: Type.Object({}, { additionalProperties: false }),
  setFileServicesHost: Type.Object(
    { publicHost: Type.Union([Type.String({ minLength: 1, maxLength: 255 }), Type.Null()], { description: 'The address stations reach this PC at; null = automatic' }) },
    { additionalProperties: false },
  ),
  listFirmwareFiles: Type.Object({}, { additionalProperties: false }),
  importFirmwareFile: Type.Object(
    {
      fileName: Type.String({ minLength: 1, maxLength: 255, description: 'The plain name of a file in the import folder (settings files.importDir): no folders, no ".."' }),
      name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    },
    { additionalProperties: false, description: 'No path on this PC is accepted here: a web page could otherwise read any file' },
  ),
  listFirmwareImportFolder: Type.Object({}, { additionalProperties: false }),
  importFirmwareFromDialog: Type.Object({ name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) }, { additionalProperties: false }),
  chooseFirmwareImportFolder: Type.Object({}, { additionalProperties: false }),
  uploadFirmwareFile: Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }), contentBase64: Type.String({ maxLength: 96 * 1024 * 1024 }) }, { additionalProperties: false }),
  deleteFirmwareFile: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }),
  updateFirmware: Type.Object(
    {
      stationIds: Type.Array(StationId, { minItems: 1, maxItems: 5000 }),
      firmwareId: Type.Optional(Type.String({ maxLength: 64, description: 'A file of the built-in host; its URL becomes the location' })),
      location: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, description: 'Any URI (used when firmwareId is absent)' })),
      retrieveDate: Type.Optional(IsoTime),
      retries: Type.Optional(Type.Integer()),
      retryInterval: Type.Optional(Type.Integer()),
    },
    { additionalProperties: false },
  ),
  diagnosticsLocation: Type.Object({ stationId: StationId, protocol: Protocol }, { additionalProperties: false, description: 'A location URL on the built-in receivers for this station' }),
  requestDiagnostics: Type.Object(
    {
      stationId: StationId,
      protocol: Type.Optional(Protocol),
      location: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, description: 'Any URI; absent = the built-in receiver for `protocol` (default ftp)' })),
      startTime: Type.Optional(IsoTime),
      stopTime: Type.Optional(IsoTime),
      retries: Type.Optional(Type.Integer()),
      retryInterval: Type.Optional(Type.Integer()),
    },
    { additionalProperties: false },
  ),
  listDiagnosticsUploads: Type.Object({ stationId: Type.Optional(StationId) }, { additionalProperties: false }),
  readDiagnosticsUpload: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }),
  getStationFileStatus: Type.Object({ stationId: StationId }, { additionalProperties: false }),
}

export interface FilesCommandResults {
  getFileServices: FileServicesInfo
  setFileServicesHost: FileServicesInfo
  listFirmwareFiles: FirmwareFile[]
  importFirmwareFile: FirmwareFile
  listFirmwareImportFolder: ImportFolderListing
  /** file null: the operator cancelled the dialog. */
  importFirmwareFromDialog: { file: FirmwareFile | null }
  /** importDir null: the operator cancelled (the folder is unchanged). */
  chooseFirmwareImportFolder: { importDir: string | null }
  uploadFirmwareFile: FirmwareFile
  deleteFirmwareFile: { deleted: true }
  updateFirmware: { tasks: CallTask[] }
  diagnosticsLocation: { location: string }
  requestDiagnostics: CallTask
  listDiagnosticsUploads: DiagnosticsUpload[]
  readDiagnosticsUpload: { upload: DiagnosticsUpload; contentBase64: string }
  getStationFileStatus: StationFileStatus
}

export const filesCommandDescriptions: Record<keyof FilesCommandResults, string> = {
  getFileServices: 'The built-in firmware host and diagnostics receivers: ports, state, the address put into URLs, and the addresses of this PC',
  setFileServicesHost: 'Choose the address stations reach this PC at (put into firmware and diagnostics URLs)',
  listFirmwareFiles: 'Firmware files of the built-in host, with their download URLs',
  importFirmwareFile: 'Add a firmware file of the import folder (settings files.importDir) by its plain name (any size)',
  listFirmwareImportFolder: 'The import folder and the files in it (the first 1,000 by name)',
  importFirmwareFromDialog: 'Desktop app only: add the firmware file the operator picks in a native file dialog on this PC',
  chooseFirmwareImportFolder: 'Desktop app only: set the import folder to the one the operator picks in a native folder dialog',
  uploadFirmwareFile: 'Add a firmware file sent as base64 (up to about 12 MB: the 16 MiB request limit); larger files: PUT /api/firmware-files?name=<name> with the raw bytes and the header X-CSMS-Upload: 1',
  deleteFirmwareFile: 'Remove a firmware file from the built-in host',
  updateFirmware: 'UpdateFirmware to many stations: the location from a built-in firmware file or typed; one task each',
  diagnosticsLocation: 'A URL on the built-in receivers where this station may upload (FTP, HTTP PUT or POST), with its own credentials',
  requestDiagnostics: 'GetDiagnostics with the location filled from the built-in receivers (or typed); the file that arrives is linked to it',
  listDiagnosticsUploads: 'Files stations uploaded to the built-in receivers, newest first',
  readDiagnosticsUpload: 'One uploaded file, as base64',
  getStationFileStatus: 'Firmware and diagnostics of a station: the current request, every status it reported, the files that arrived',
}
