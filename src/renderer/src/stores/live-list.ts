import { getCurrentScope, onScopeDispose, ref } from 'vue'
import { errorMessage, onResync } from '../api'
import { createDetachableListener } from './detachable-listener'

export interface LiveListOptions<E, S> {
  /** Asks main for a snapshot. */
  fetch: () => Promise<S>
  /** Puts a snapshot in place. */
  take: (snapshot: S) => void
  /** Applies one event on top of the snapshot. */
  applyEvent: (event: E) => void
  /** Subscribes to the events; returns the unsubscribe. Called again by `relisten` (when what to listen to changed). */
  listen: (apply: (event: E) => void) => () => void
  /** What is loaded, in words, for the error message. */
  what: string
  /** False: no events until `attach()` (a store whose page is not open yet). */
  attached?: boolean
}

/**
 * The mechanics of a list kept as a snapshot plus events (rule 8): events that arrive while a
 * snapshot is on its way are held back and replayed on top of it, events before the first snapshot
 * have nothing to apply to, a newer load wins over an older one, and a resync reloads. What a
 * snapshot and an event do to the rows is the caller's.
 */
export function createLiveList<E, S>(options: LiveListOptions<E, S>) {
  const loading = ref(false)
  const loaded = ref(false)
  const error = ref<string | null>(null)

  let generation = 0
  /** Events that arrive while a snapshot is on its way, replayed on top of it. */
  let pending: E[] | null = null

  function apply(event: E): void {
    if (pending) {
      pending.push(event)
      return
    }
    if (!loaded.value) return
    options.applyEvent(event)
  }

  async function load(): Promise<void> {
    const gen = ++generation
    pending = []
    loading.value = true
    try {
      const snapshot = await options.fetch()
      if (gen !== generation) return
      const events = pending ?? []
      pending = null
      options.take(snapshot)
      loaded.value = true
      error.value = null
      for (const event of events) apply(event)
    } catch (err) {
      if (gen !== generation) return
      error.value = `Could not load ${options.what}: ${errorMessage(err)}`
    } finally {
      if (gen === generation) {
        pending = null
        loading.value = false
      }
    }
  }

  const events = createDetachableListener(
    () => options.listen(apply),
    () => {
      if (loaded.value) void load()
    },
    options.attached !== false,
  )

  const offResync = onResync(() => void load())
  function dispose(): void {
    events.dispose()
    offResync()
  }
  if (getCurrentScope()) onScopeDispose(dispose)

  const { relisten, attach, detach } = events
  return { loading, loaded, error, load, apply, relisten, attach, detach, dispose }
}
