/** The Firmware Management, diagnostics and file-service commands of the contract. */
import { readFile } from 'node:fs/promises'
import type { ApiErrorCode, CommandArgs } from '@shared/contract/commands'
import type { FilesCommandResults } from '@shared/contract/files-commands'
import type { DiagnosticsUpload, FirmwareFile } from '@shared/contract/files-dto'
import type { GetDiagnosticsRequest } from '@shared/ocpp/payloads'
import { FirmwareFileError, type FirmwareFileProblem } from '../files/firmware-host'
import type { FileServices } from '../files/file-services'
import type { FirmwareImports } from '../files/firmware-imports'
import type { FirmwareService } from '../services/firmware/firmware-service'
import type { StoredFirmwareFile, StoredUpload } from '../storage/files-repository'
import { ApiError } from './api-error'

type FilesCommand = keyof FilesCommandResults

const MAX_READ_BYTES = 64 * 1024 * 1024

export interface FilesApiDeps {
  files: FileServices
  /** How files get into the firmware host: dialog, upload body, import folder. */
  imports: FirmwareImports
  firmware: FirmwareService
  stationKnown(stationId: string): boolean
  setPublicHost(host: string | null): void
  uploads(): StoredUpload[]
  firmwareFilesChanged(list: FirmwareFile[]): void
}

function publicUpload(stored: StoredUpload): DiagnosticsUpload {
  const { path: _path, ...upload } = stored
  return upload
}

const PROBLEM_CODES: Record<FirmwareFileProblem, ApiErrorCode> = { BadInput: 'BadRequest', TooLarge: 'BadRequest', NotFound: 'NotFound', Unavailable: 'Conflict', Busy: 'Conflict' }

/** A file-import failure as the client sees it (details.problem TooLarge lets the upload route answer 413). */
export function firmwareApiError(error: unknown): unknown {
  if (!(error instanceof FirmwareFileError)) return error
  return new ApiError(PROBLEM_CODES[error.problem], error.message, error.problem === 'TooLarge' ? { problem: 'TooLarge' } : undefined)
}

/** Adds a file to the firmware host and tells every client; the file comes back with its URL. */
export function firmwareAdder(deps: Pick<FilesApiDeps, 'files' | 'firmwareFilesChanged'>): (adding: () => Promise<StoredFirmwareFile>) => Promise<FirmwareFile> {
  const withUrl = (file: StoredFirmwareFile): FirmwareFile => ({ ...file, url: deps.files.firmwareUrl(file.id, file.name) })
  return async (adding) => {
    try {
      const file = withUrl(await adding())
      deps.firmwareFilesChanged(deps.files.firmware.list().map(withUrl))
      return file
    } catch (error) {
      throw firmwareApiError(error)
    }
  }
}

export function createFilesHandlers(deps: FilesApiDeps): { [C in FilesCommand]: (args: CommandArgs<C>) => Promise<FilesCommandResults[C]> } {
  const { files, firmware } = deps
  const known = (stationId: string) => {
    if (!deps.stationKnown(stationId)) throw new ApiError('NotFound', `No charge point "${stationId}" is known to this Central System`)
  }
  const withUrl = (file: StoredFirmwareFile): FirmwareFile => ({ ...file, url: files.firmwareUrl(file.id, file.name) })
  const list = () => files.firmware.list().map(withUrl)
  const added = firmwareAdder(deps)
  const { imports } = deps
  return {
    getFileServices: async () => files.info(),
    setFileServicesHost: async ({ publicHost }) => {
      deps.setPublicHost(publicHost)
      deps.firmwareFilesChanged(list())
      return files.info()
    },
    listFirmwareFiles: async () => list(),
    importFirmwareFile: ({ fileName, name }) => added(() => imports.fromFolder(fileName, name)),
    listFirmwareImportFolder: () => imports.listFolder(),
    importFirmwareFromDialog: async ({ name }) => {
      let stored: StoredFirmwareFile | undefined
      try {
        stored = await imports.fromDialog(name)
      } catch (error) {
        throw firmwareApiError(error)
      }
      return { file: stored ? await added(async () => stored) : null }
    },
    chooseFirmwareImportFolder: async () => {
      try {
        return { importDir: (await imports.chooseImportDir()) ?? null }
      } catch (error) {
        throw firmwareApiError(error)
      }
    },
    uploadFirmwareFile: ({ name, contentBase64 }) => added(() => files.firmware.addBytes(name, Buffer.from(contentBase64, 'base64'))),
    deleteFirmwareFile: async ({ id }) => {
      if (!(await files.firmware.remove(id))) throw new ApiError('NotFound', `No firmware file "${id}"`)
      deps.firmwareFilesChanged(list())
      return { deleted: true }
    },
    updateFirmware: async ({ stationIds, firmwareId, location, retrieveDate, retries, retryInterval }) => {
      stationIds.forEach(known)
      let url = location
      if (firmwareId !== undefined) {
        const file = files.firmware.get(firmwareId)
        if (!file) throw new ApiError('NotFound', `No firmware file "${firmwareId}"`)
        url = files.firmwareUrl(file.id, file.name)
      }
      if (url === undefined) throw new ApiError('BadRequest', 'Give a firmwareId (a file of the built-in host) or a location')
      const request = { location: url, retrieveDate: new Date(retrieveDate ? Date.parse(retrieveDate) : Date.now()).toISOString(), ...(retries !== undefined ? { retries } : {}), ...(retryInterval !== undefined ? { retryInterval } : {}) }
      return { tasks: firmware.updateFirmware(stationIds, request) }
    },
    diagnosticsLocation: async ({ stationId, protocol }) => {
      known(stationId)
      return { location: files.uploadLocation(stationId, protocol).location }
    },
    requestDiagnostics: async ({ stationId, protocol, location, startTime, stopTime, retries, retryInterval }) => {
      known(stationId)
      const request: GetDiagnosticsRequest = {
        // A location made here stays open until an hour (settings.files.uploadWindowMin) after stopTime and the retries.
        location: location ?? files.uploadLocation(stationId, protocol ?? 'ftp', { stopTime, retries, retryInterval }).location,
        ...(startTime ? { startTime: new Date(Date.parse(startTime)).toISOString() } : {}),
        ...(stopTime ? { stopTime: new Date(Date.parse(stopTime)).toISOString() } : {}),
        ...(retries !== undefined ? { retries } : {}),
        ...(retryInterval !== undefined ? { retryInterval } : {}),
      }
      return firmware.requestDiagnostics(stationId, request)
    },
    listDiagnosticsUploads: async ({ stationId }) => deps.uploads().filter((u) => stationId === undefined || u.stationId === stationId).map(publicUpload),
    readDiagnosticsUpload: async ({ id }) => {
      const stored = deps.uploads().find((u) => u.id === id)
      const path = files.receiver.pathOf(id)
      if (!stored || !path) throw new ApiError('NotFound', `No upload "${id}"`)
      if (stored.size > MAX_READ_BYTES) throw new ApiError('Conflict', `The file is ${stored.size} bytes, too large to hand over here; find it on this PC in the diagnostics folder of the data directory`)
      try {
        return { upload: publicUpload(stored), contentBase64: (await readFile(path)).toString('base64') }
      } catch {
        throw new ApiError('NotFound', `The file of upload "${id}" is missing from the data directory: it may have been deleted on this PC`)
      }
    },
    getStationFileStatus: async ({ stationId }) => {
      known(stationId)
      return firmware.status(stationId)
    },
  }
}
