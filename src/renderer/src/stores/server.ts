import { ref } from 'vue'
import { defineStore } from 'pinia'
import type { ServerInfo } from '@shared/contract'
import { errorMessage, getClient, onResync } from '../api'

/** Version and URLs of the running CSMS (OCPP endpoint, UI, API), shown in the header. */
export const useServerStore = defineStore('server', () => {
  const client = getClient()
  const info = ref<ServerInfo | null>(null)
  const loading = ref(false)
  const error = ref<string | null>(null)

  async function load(): Promise<void> {
    loading.value = true
    try {
      info.value = await client.invoke('getServerInfo', {})
      error.value = null
    } catch (err) {
      error.value = `Could not read the server information: ${errorMessage(err)}`
    } finally {
      loading.value = false
    }
  }

  onResync(() => void load())

  return { info, loading, error, load }
})
