import { computed, onScopeDispose } from 'vue'
import { defineStore } from 'pinia'
import type { FileServicesInfo, FirmwareFile } from '@shared/contract'
import { ApiError, getClient, onResync } from '../api'
import { createWholeSnapshot } from './whole-snapshot'

const newestFirst = (a: FirmwareFile, b: FirmwareFile): number => (a.addedAt < b.addedAt ? 1 : a.addedAt > b.addedAt ? -1 : a.name.localeCompare(b.name))

/**
 * The built-in firmware host: its files (listFirmwareFiles, then firmwareFilesChanged with the whole
 * list) and the state of the file services (getFileServices, reloaded when the files' URLs may have
 * changed: a new public host comes with firmwareFilesChanged, settings with settingsUpdated).
 */
export const useFirmwareStore = defineStore('firmware', () => {
  const client = getClient()
  const files = createWholeSnapshot<FirmwareFile[]>(() => client.invoke('listFirmwareFiles', {}), [], 'the firmware files')
  const services = createWholeSnapshot<FileServicesInfo | null>(() => client.invoke('getFileServices', {}), null, 'the file services')

  /** Newest first. */
  const list = computed(() => [...files.value.value].sort(newestFirst))

  function get(id: string): FirmwareFile | undefined {
    return files.value.value.find((f) => f.id === id)
  }

  /** Mirror our own change at once (the event with the whole list follows). */
  function put(file: FirmwareFile): void {
    files.value.value = [...files.value.value.filter((f) => f.id !== file.id), file]
  }

  /** Inside the desktop app: files are picked in native dialogs. In a browser: uploaded. */
  const hasDialogs = client.kind === 'ipc'

  /** The raw upload of the web bridge (any size up to the largest-upload setting), with progress. */
  async function uploadFile(file: File, onProgress?: (sent: number, total: number) => void): Promise<FirmwareFile> {
    if (!client.uploadFirmware) throw new ApiError('Unsupported', 'This connection cannot upload files: open the UI from the CSMS’s address in a browser, or use the desktop app')
    const added = await client.uploadFirmware(file, file.name, onProgress)
    put(added)
    return added
  }

  /** The file the operator picks in the desktop app's dialog; null when they cancel. */
  async function addFromDialog(): Promise<FirmwareFile | null> {
    const { file } = await client.invoke('importFirmwareFromDialog', {})
    if (file) put(file)
    return file
  }

  /** A file of the import folder, by its name there. */
  async function importFromFolder(fileName: string): Promise<FirmwareFile> {
    const file = await client.invoke('importFirmwareFile', { fileName })
    put(file)
    return file
  }

  const listImportFolder = () => client.invoke('listFirmwareImportFolder', {})

  async function remove(id: string): Promise<void> {
    await client.invoke('deleteFirmwareFile', { id })
    files.value.value = files.value.value.filter((f) => f.id !== id)
  }

  function load(): Promise<void> {
    return Promise.all([files.load(), services.load()]).then(() => undefined)
  }

  const offs = [
    client.on('firmwareFilesChanged', (list) => {
      files.apply(list)
      void services.load()
    }),
    client.on('settingsUpdated', () => void services.load()),
    onResync(() => void load()),
  ]
  onScopeDispose(() => offs.forEach((off) => off()))

  return {
    list,
    loading: files.loading,
    loaded: files.loaded,
    error: files.error,
    services: services.value,
    servicesLoading: services.loading,
    servicesError: services.error,
    load,
    loadServices: services.load,
    /** An answer that already carries the new state (setFileServicesHost). */
    applyServices: services.apply,
    get,
    hasDialogs,
    uploadFile,
    addFromDialog,
    importFromFolder,
    listImportFolder,
    remove,
    apply: files.apply,
  }
})
