import { onScopeDispose, ref } from 'vue'
import { defineStore } from 'pinia'
import type { TlsStatus } from '@shared/contract'
import { getClient, onResync } from '../api'
import { createWholeSnapshot } from './whole-snapshot'

/**
 * The wss:// endpoint: its certificates, the suites offered and whether this PC's addresses still
 * match the generated certificates. Each load asks main to check the addresses now; tlsStatusChanged
 * brings changes main notices by itself (its periodic check, a regeneration, a setting).
 */
export const useTlsStore = defineStore('tls', () => {
  const client = getClient()
  const { value: status, loading, loaded, error, apply, load } = createWholeSnapshot<TlsStatus | null>(() => client.invoke('getTlsStatus', {}), null, 'the TLS status')
  const regenerating = ref(false)

  /** New self-signed certificates for the current addresses; answers the new status, throws the ApiError. */
  async function regenerate(): Promise<TlsStatus> {
    regenerating.value = true
    try {
      const next = await client.invoke('regenerateTlsCertificates', {})
      apply(next)
      return next
    } finally {
      regenerating.value = false
    }
  }

  const offs = [client.on('tlsStatusChanged', apply), onResync(() => void load())]
  onScopeDispose(() => offs.forEach((off) => off()))

  return { status, loading, loaded, error, regenerating, load, apply, regenerate }
})
