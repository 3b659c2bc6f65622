import { computed, getCurrentScope, onScopeDispose, ref, shallowRef } from 'vue'
import type { CommandResult, CsmsClient, LogEntry } from '@shared/contract'
import { errorMessage, onResync } from '../api'
import { downloadText } from '../utils/download'
import { compileFilter, filterArgs, type LogFilter } from '../utils/log-filter'
import { createDetachableListener } from './detachable-listener'

export interface LogViewOptions {
  client: CsmsClient
  filter?: LogFilter
  /** Entries per queryLog page. */
  pageSize?: number
  /** Live entries kept in memory; the oldest are dropped beyond it. */
  maxEntries?: number
  /** Upper bound when the user keeps loading older pages. */
  hardMax?: number
  /** False: the view does not listen until `attach()` (a store whose page is not open yet). */
  attached?: boolean
}

/**
 * A live, filtered view of the message log: a queryLog snapshot (newest first) kept current by
 * messagesLogged batches. Used by the Message Log page (as a store) and by a station's page.
 */
export function createLogView(options: LogViewOptions) {
  const { client } = options
  const pageSize = options.pageSize ?? 200
  const maxEntries = options.maxEntries ?? 2000
  const hardMax = Math.max(maxEntries, options.hardMax ?? 10_000)

  const filter = ref<LogFilter>({ ...options.filter })
  /** Newest first. Replaced (never mutated) once per batch. */
  const entries = shallowRef<LogEntry[]>([])
  const nextBefore = ref<number | undefined>(undefined)
  /** Entries of the pages loaded that main could not show (damaged on disk, moved aside). */
  const skipped = ref(0)
  const paused = ref(false)
  const newWhilePaused = ref(0)
  const loading = ref(false)
  const loaded = ref(false)
  const loadingOlder = ref(false)
  const exporting = ref(false)
  const error = ref<string | null>(null)

  let matches = compileFilter(filter.value)
  let capacity = maxEntries
  let generation = 0
  /** Entries pushed while a snapshot is on its way. */
  let pending: LogEntry[] | null = null
  /** Entries pushed while paused, oldest first, at most `capacity`. */
  let pausedBuffer: LogEntry[] = []
  /** True when entries were missed while paused (buffer overflow or reconnect): resume reloads. */
  let gap = false

  function insert(oldestFirst: LogEntry[]): void {
    const list = entries.value
    const top = list[0]?.seq ?? -Infinity
    const fresh: LogEntry[] = []
    for (let i = oldestFirst.length - 1; i >= 0; i--) {
      const e = oldestFirst[i] as LogEntry
      if (e.seq > top) fresh.push(e)
    }
    if (fresh.length === 0) return
    let next = fresh.length >= capacity ? fresh.slice(0, capacity) : fresh.concat(list)
    if (next.length > capacity) next = next.slice(0, capacity)
    if (next.length < fresh.length + list.length) nextBefore.value = next[next.length - 1]?.seq
    entries.value = next
  }

  function onBatch(batch: LogEntry[]): void {
    const matching = batch.filter(matches)
    if (matching.length === 0) return
    if (pending) {
      pending.push(...matching)
      return
    }
    if (paused.value) {
      newWhilePaused.value += matching.length
      pausedBuffer.push(...matching)
      if (pausedBuffer.length > capacity) {
        pausedBuffer = pausedBuffer.slice(pausedBuffer.length - capacity)
        gap = true
      }
      return
    }
    insert(matching)
  }

  async function reload(): Promise<void> {
    const gen = ++generation
    pending = []
    pausedBuffer = []
    newWhilePaused.value = 0
    gap = false
    capacity = maxEntries
    loading.value = true
    try {
      const page = await client.invoke('queryLog', { ...filterArgs(filter.value), limit: pageSize })
      if (gen !== generation) return
      entries.value = page.entries.slice(0, capacity)
      nextBefore.value = page.nextBefore
      skipped.value = page.skipped ?? 0
      loaded.value = true
      error.value = null
      const buffered = pending ?? []
      pending = null
      if (buffered.length) onBatch(buffered)
    } catch (err) {
      if (gen !== generation) return
      pending = null
      error.value = `Could not load the message log: ${errorMessage(err)}`
    } finally {
      if (gen === generation) loading.value = false
    }
  }

  async function loadOlder(): Promise<void> {
    if (nextBefore.value === undefined || loadingOlder.value || entries.value.length >= hardMax) return
    const gen = generation
    loadingOlder.value = true
    try {
      const page = await client.invoke('queryLog', {
        ...filterArgs(filter.value),
        before: nextBefore.value,
        limit: pageSize,
      })
      if (gen !== generation) return
      const last = entries.value[entries.value.length - 1]?.seq ?? Infinity
      const older = page.entries.filter((e) => e.seq < last)
      const room = hardMax - entries.value.length
      const kept = older.slice(0, room)
      entries.value = entries.value.concat(kept)
      skipped.value += page.skipped ?? 0
      capacity = Math.min(hardMax, Math.max(capacity, entries.value.length))
      nextBefore.value = kept.length < older.length ? kept[kept.length - 1]?.seq : page.nextBefore
      error.value = null
    } catch (err) {
      if (gen === generation) error.value = `Could not load older messages: ${errorMessage(err)}`
    } finally {
      loadingOlder.value = false
    }
  }

  function setFilter(next: LogFilter): Promise<void> {
    filter.value = { ...next }
    matches = compileFilter(filter.value)
    frames.relisten()
    return reload()
  }

  function pause(): void {
    paused.value = true
  }

  function resume(): Promise<void> {
    paused.value = false
    const buffered = pausedBuffer
    pausedBuffer = []
    newWhilePaused.value = 0
    if (gap) return reload()
    insert(buffered)
    return Promise.resolve()
  }

  function togglePause(): Promise<void> {
    if (paused.value) return resume()
    pause()
    return Promise.resolve()
  }

  /** Exports the filtered log (exportLog) and downloads it as a file. */
  async function exportLog(): Promise<CommandResult<'exportLog'>> {
    exporting.value = true
    try {
      const result = await client.invoke('exportLog', filterArgs(filter.value))
      downloadText(result.fileName, result.content)
      return result
    } finally {
      exporting.value = false
    }
  }

  /** Entries missed (a reconnect, or frames while detached): reload, or on resume when paused. */
  function catchUp(): void {
    if (paused.value) gap = true
    else void reload()
  }

  // Frames are pushed only while the view listens, and only the filtered station's when it has one.
  const frames = createDetachableListener(
    () => {
      const stationId = filter.value.stationId
      return client.on('messagesLogged', onBatch, stationId ? { stationId } : undefined)
    },
    () => {
      if (loaded.value) catchUp()
    },
    options.attached !== false,
  )
  const offResync = onResync(catchUp)
  function dispose(): void {
    frames.dispose()
    offResync()
  }
  if (getCurrentScope()) onScopeDispose(dispose)

  const canLoadOlder = computed(() => nextBefore.value !== undefined && entries.value.length < hardMax)

  return {
    filter,
    entries,
    nextBefore,
    skipped,
    paused,
    newWhilePaused,
    loading,
    loaded,
    loadingOlder,
    exporting,
    error,
    canLoadOlder,
    reload,
    loadOlder,
    setFilter,
    pause,
    resume,
    togglePause,
    exportLog,
    /** Listens again (its page opened); what was missed meanwhile is reloaded, or on resume when paused. */
    attach: frames.attach,
    /** Stops listening (its page closed); the entries stay as they are. */
    detach: frames.detach,
    dispose,
  }
}

export type LogView = ReturnType<typeof createLogView>
