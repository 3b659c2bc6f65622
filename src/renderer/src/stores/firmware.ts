import { computed, onScopeDispose } from 'vue'
import { defineStore } from 'pinia'
import type { FileServicesInfo, FirmwareFile } from '@shared/contract'
import { getClient, onResync } from '../api'
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

  async function upload(name: string, contentBase64: string): Promise<FirmwareFile> {
    const file = await client.invoke('uploadFirmwareFile', { name, contentBase64 })
    put(file)
    return file
  }

  async function importPath(path: string, name?: string): Promise<FirmwareFile> {
    const file = await client.invoke('importFirmwareFile', name ? { path, name } : { path })
    put(file)
    return file
  }

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
    upload,
    importPath,
    remove,
    apply: files.apply,
  }
})
