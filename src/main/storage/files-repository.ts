import type { DiagnosticsUpload, FirmwareFile, StationFileStatus } from '@shared/contract/files-dto'
import { ownValue, setEntry } from '../../shared/util/id-record'
import { frozenCopy } from './immutable'
import type { StateStore } from './state-store'

/** A firmware file as stored (the URL is made when it is listed, from the current public host). */
export type StoredFirmwareFile = Omit<FirmwareFile, 'url'>

/** An upload as stored: where its file lies, relative to the diagnostics folder. */
export type StoredUpload = DiagnosticsUpload & { path: string }

/** Where one station may upload diagnostics, with its own credentials (FTP user/password, or the token in an HTTP URL). */
export interface UploadSlot {
  token: string
  stationId: string
  createdAt: string
  /** The GetDiagnostics task the location was made for, once sent. */
  taskId?: string
  /** When it stops taking uploads (absent on slots stored before expiry existed). */
  expiresAt?: string
  /** Bytes one upload to it may bring (the size limit when it was made). */
  maxBytes?: number
}

const MAX_SLOTS = 2000
const MAX_HISTORY = 20

/** Firmware files, diagnostics uploads, upload slots and each station's firmware/diagnostics status. */
export class FilesRepository {
  constructor(private readonly store: StateStore) {}

  firmwareFiles(): StoredFirmwareFile[] {
    return this.store.read((data) => Object.values(data.firmwareFiles)).sort((a, b) => b.addedAt.localeCompare(a.addedAt))
  }

  firmwareFile(id: string): StoredFirmwareFile | undefined {
    return this.store.read((data) => ownValue(data.firmwareFiles, id))
  }

  saveFirmwareFile(file: StoredFirmwareFile): void {
    const stored = frozenCopy(file)
    this.store.update((data) => {
      setEntry(data.firmwareFiles, stored.id, stored)
    })
  }

  deleteFirmwareFile(id: string): void {
    this.store.update((data) => {
      delete data.firmwareFiles[id]
    })
  }

  uploads(): StoredUpload[] {
    return this.store.read((data) => Object.values(data.diagnosticsUploads)).sort((a, b) => b.receivedAt.localeCompare(a.receivedAt))
  }

  upload(id: string): StoredUpload | undefined {
    return this.store.read((data) => ownValue(data.diagnosticsUploads, id))
  }

  saveUpload(upload: StoredUpload): void {
    const stored = frozenCopy(upload)
    this.store.update((data) => {
      setEntry(data.diagnosticsUploads, stored.id, stored)
    })
  }

  slot(token: string): UploadSlot | undefined {
    return this.store.read((data) => ownValue(data.uploadSlots, token))
  }

  saveSlot(slot: UploadSlot): void {
    const stored = frozenCopy(slot)
    this.store.update((data) => {
      setEntry(data.uploadSlots, stored.token, stored)
      const tokens = Object.keys(data.uploadSlots)
      // The oldest slots go first once there are many (a slot is only a place to upload to).
      if (tokens.length > MAX_SLOTS) {
        const oldest = tokens.sort((a, b) => data.uploadSlots[a]!.createdAt.localeCompare(data.uploadSlots[b]!.createdAt)).slice(0, tokens.length - MAX_SLOTS)
        for (const token of oldest) delete data.uploadSlots[token]
      }
    })
  }

  slots(): UploadSlot[] {
    return this.store.read((data) => Object.values(data.uploadSlots))
  }

  deleteSlot(token: string): void {
    if (!this.store.read((data) => Object.hasOwn(data.uploadSlots, token))) return
    this.store.update((data) => {
      delete data.uploadSlots[token]
    })
  }

  fileStatus(stationId: string): StationFileStatus {
    return this.store.read((data) => ownValue(data.fileStatus, stationId)) ?? { stationId, firmware: { history: [] }, diagnostics: { history: [] } }
  }

  saveFileStatus(status: StationFileStatus): void {
    const stored = frozenCopy({
      ...status,
      firmware: { ...status.firmware, history: status.firmware.history.slice(0, MAX_HISTORY) },
      diagnostics: { ...status.diagnostics, history: status.diagnostics.history.slice(0, MAX_HISTORY) },
    })
    this.store.update((data) => {
      setEntry(data.fileStatus, stored.stationId, stored)
    })
  }
}
