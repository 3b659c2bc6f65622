import { onScopeDispose, shallowReactive } from 'vue'
import { errorMessage, onResync } from '../api'

/** Snapshots fetched at once when many stations are asked for (a bulk dialog). */
const CONCURRENCY = 4

export interface PerStationSnapshotsOptions<T extends { stationId: string }> {
  /** Asks main for one station's whole state. */
  fetch: (stationId: string) => Promise<T>
  /** Subscribes to the event that carries a station's whole state; returns the unsubscribe. */
  listen: (apply: (snapshot: T) => void) => () => void
  /** What is loaded, in words, for the error message: "the local list of". */
  what: string
}

/**
 * The mechanics of a per-station state fetched on demand and replaced by events that carry a
 * station's whole state: an event that arrives while the station's snapshot is on its way is newer
 * and wins; concurrent loads of a station share one request; many stations load a few at a time;
 * a resync reloads every station known. Events for stations never asked for are kept too.
 */
export function createPerStationSnapshots<T extends { stationId: string }>(options: PerStationSnapshotsOptions<T>) {
  const byId = shallowReactive(new Map<string, T>())
  const loading = shallowReactive(new Set<string>())
  const errors = shallowReactive(new Map<string, string>())
  /** Stations an event updated while their snapshot was on its way. */
  const newer = new Set<string>()
  const inflight = new Map<string, Promise<void>>()

  function apply(snapshot: T): void {
    newer.add(snapshot.stationId)
    byId.set(snapshot.stationId, snapshot)
    errors.delete(snapshot.stationId)
  }

  async function doLoad(stationId: string): Promise<void> {
    newer.delete(stationId)
    loading.add(stationId)
    try {
      const snapshot = await options.fetch(stationId)
      if (!newer.has(stationId)) byId.set(stationId, snapshot)
      errors.delete(stationId)
    } catch (err) {
      errors.set(stationId, `Could not load ${options.what} ${stationId}: ${errorMessage(err)}`)
    } finally {
      newer.delete(stationId)
      loading.delete(stationId)
    }
  }

  /** Loads (or reloads) one station; concurrent calls for it share one request. */
  function load(stationId: string): Promise<void> {
    let running = inflight.get(stationId)
    if (!running) {
      running = doLoad(stationId).finally(() => inflight.delete(stationId))
      inflight.set(stationId, running)
    }
    return running
  }

  /** Loads the stations not known yet, a few at a time. */
  async function ensure(stationIds: string[]): Promise<void> {
    const queue = stationIds.filter((id) => !byId.has(id) && !inflight.has(id))
    const worker = async (): Promise<void> => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) await load(id)
    }
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, worker))
  }

  function get(stationId: string): T | undefined {
    return byId.get(stationId)
  }

  const offs = [
    options.listen(apply),
    onResync(() => {
      for (const id of byId.keys()) void load(id)
    }),
  ]
  onScopeDispose(() => offs.forEach((off) => off()))

  return { byId, loading, errors, apply, load, ensure, get }
}
