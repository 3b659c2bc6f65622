import { computed, shallowRef } from 'vue'
import { defineStore } from 'pinia'
import type { CommandResult, DiagnosticsUpload } from '@shared/contract'
import { getClient } from '../api'
import { createLiveList } from './live-list'

const newestFirst = (a: DiagnosticsUpload, b: DiagnosticsUpload): number => (a.receivedAt < b.receivedAt ? 1 : a.receivedAt > b.receivedAt ? -1 : a.id < b.id ? 1 : -1)

/** Files stations uploaded to the built-in receivers: the listDiagnosticsUploads snapshot, then diagnosticsUploaded. */
export const useDiagnosticsUploadsStore = defineStore('diagnosticsUploads', () => {
  const client = getClient()
  const items = shallowRef<DiagnosticsUpload[]>([])

  const live = createLiveList<DiagnosticsUpload, DiagnosticsUpload[]>({
    fetch: () => client.invoke('listDiagnosticsUploads', {}),
    take: (list) => {
      items.value = [...list].sort(newestFirst)
    },
    applyEvent: (upload) => {
      items.value = [upload, ...items.value.filter((u) => u.id !== upload.id)].sort(newestFirst)
    },
    listen: (apply) => client.on('diagnosticsUploaded', apply),
    what: 'the diagnostics uploads',
  })

  /** Newest first. */
  const list = computed(() => items.value)

  function get(id: string): DiagnosticsUpload | undefined {
    return items.value.find((u) => u.id === id)
  }

  function forStation(stationId: string): DiagnosticsUpload[] {
    return items.value.filter((u) => u.stationId === stationId)
  }

  /** The file's content (base64); throws an ApiError (e.g. too large to hand over, missing on disk). */
  function read(id: string): Promise<CommandResult<'readDiagnosticsUpload'>> {
    return client.invoke('readDiagnosticsUpload', { id })
  }

  return { list, loading: live.loading, loaded: live.loaded, error: live.error, load: live.load, get, forStation, read }
})
