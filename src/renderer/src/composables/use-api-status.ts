import { computed, onScopeDispose, ref, watch } from 'vue'
import { useConnectionState } from '../api'

/** How long the first connection may take before the UI calls the API unreachable. */
const FIRST_CONNECT_GRACE_MS = 3000

/**
 * The API connection as the user should see it: "connecting" only at start-up, then any state
 * but open reads "API disconnected, reconnecting…" (the transport flips between closed and
 * connecting while it retries).
 */
export function useApiStatus() {
  const state = useConnectionState()
  const everOpen = ref(state.value === 'open')
  const graceOver = ref(false)
  const timer = setTimeout(() => (graceOver.value = true), FIRST_CONNECT_GRACE_MS)
  onScopeDispose(() => clearTimeout(timer))
  watch(state, (s) => {
    if (s === 'open') everOpen.value = true
  })

  const down = computed(() => state.value !== 'open' && (everOpen.value || graceOver.value))
  const badge = computed(() => {
    if (state.value === 'open') return { type: 'success' as const, text: 'API connected' }
    if (!down.value) return { type: 'warning' as const, text: 'API connecting…' }
    return { type: 'error' as const, text: 'API disconnected, reconnecting…' }
  })
  return { state, down, badge }
}
