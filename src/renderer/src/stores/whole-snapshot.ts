import { ref, shallowRef, type Ref } from 'vue'
import { errorMessage } from '../api'

/**
 * State that a command answers whole and an event replaces whole (the settings, the idTag list):
 * an event that arrives while the snapshot is on its way is newer and wins; concurrent loads share
 * one request.
 */
export function createWholeSnapshot<T>(fetch: () => Promise<T>, initial: T, what: string) {
  const value = shallowRef(initial) as Ref<T>
  const loading = ref(false)
  const loaded = ref(false)
  const error = ref<string | null>(null)
  let newer: { value: T } | null = null
  let inflight: Promise<void> | null = null

  function apply(next: T): void {
    newer = { value: next }
    value.value = next
  }

  async function doLoad(): Promise<void> {
    newer = null
    loading.value = true
    try {
      const snapshot = await fetch()
      // An event may have set `newer` while we waited (the compiler cannot see that).
      const latest = newer as { value: T } | null
      value.value = latest ? latest.value : snapshot
      loaded.value = true
      error.value = null
    } catch (err) {
      error.value = `Could not load ${what}: ${errorMessage(err)}`
    } finally {
      newer = null
      loading.value = false
    }
  }

  /** Loads (or reloads) the snapshot; concurrent calls share one request. */
  function load(): Promise<void> {
    inflight ??= doLoad().finally(() => {
      inflight = null
    })
    return inflight
  }

  return { value, loading, loaded, error, apply, load }
}
