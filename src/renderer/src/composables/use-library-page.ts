import { computed, ref, shallowRef, watch } from 'vue'
import { useMessage } from 'naive-ui'
import { errorMessage } from '../api'

/** What a library page needs of its store (the local lists, the charging profiles). */
export interface LibraryStore<R extends { id: string; name: string }> {
  readonly loaded: boolean
  readonly loading: boolean
  readonly list: R[]
  load(): Promise<void>
  get(id: string): R | undefined
  remove(id: string): Promise<void>
}

/** What the editor shows: a saved entry, a new one started from a seed, or nothing. */
export type LibrarySelection<S> = { kind: 'record'; id: string } | { kind: 'new'; seed: S } | null

/**
 * A library page beside its editor: which entry is open, the guard that asks before unsaved edits
 * are dropped (the editor reports them as `editorDirty`), deleting, and opening the first entry by
 * itself. An entry deleted elsewhere closes unless it has edits.
 */
export function useLibraryPage<R extends { id: string; name: string }, S>(library: LibraryStore<R>) {
  const message = useMessage()
  const selection = shallowRef<LibrarySelection<S>>(null)
  /** Changes when another entry is opened, so the editor starts afresh (not when the open one is saved). */
  const editorKey = ref(0)
  const editorDirty = ref(false)
  /** An action waiting for the person to drop the unsaved edits. */
  const pending = shallowRef<{ label: string; run: () => void | Promise<void> } | null>(null)
  /** What the page is doing to the open entry ('delete', or the page's own actions). */
  const busy = ref<string | null>(null)

  if (!library.loaded && !library.loading) void library.load()

  const selectedId = computed(() => (selection.value?.kind === 'record' ? selection.value.id : null))
  const selectedRecord = computed(() => (selectedId.value ? library.get(selectedId.value) : undefined))
  const seed = computed(() => (selection.value?.kind === 'new' ? selection.value.seed : undefined))

  function open(next: LibrarySelection<S>): void {
    selection.value = next
    editorDirty.value = false
    editorKey.value++
  }

  /** Runs `run` now, or once the person agrees to drop the edits of the open entry. */
  function guard(label: string, run: () => void | Promise<void>): void {
    if (editorDirty.value && selection.value) pending.value = { label, run }
    else void run()
  }
  function discardAndContinue(): void {
    const action = pending.value
    pending.value = null
    editorDirty.value = false
    if (action) void action.run()
  }

  function select(record: R): void {
    if (record.id === selectedId.value) return
    guard(`open “${record.name}”`, () => open({ kind: 'record', id: record.id }))
  }

  /** A new entry, from the seed made once the person agrees (`label`: what the guard says). */
  function createNew(label: string, makeSeed: () => S): void {
    guard(label, () => open({ kind: 'new', seed: makeSeed() }))
  }

  async function remove(): Promise<void> {
    const current = selection.value
    if (!current) return
    pending.value = null
    if (current.kind === 'new') {
      open(null)
      return
    }
    const record = selectedRecord.value
    busy.value = 'delete'
    open(null)
    try {
      await library.remove(current.id)
      message.success(`Deleted “${record?.name ?? current.id}”`)
    } catch (err) {
      open(current)
      message.error(`Could not delete “${record?.name ?? current.id}”: ${errorMessage(err)}`)
    } finally {
      busy.value = null
    }
  }

  function onSaved(record: R): void {
    // The same editor goes on with the saved entry (no new key: nothing to reload).
    selection.value = { kind: 'record', id: record.id }
  }

  watch(
    () => [library.loaded, library.list] as const,
    ([loaded, list]) => {
      if (!loaded) return
      if (!selection.value && list.length > 0 && !pending.value) open({ kind: 'record', id: (list[0] as R).id })
      else if (selectedId.value && !selectedRecord.value && !editorDirty.value && busy.value !== 'delete') open(null)
    },
    { immediate: true },
  )

  return { selection, selectedId, selectedRecord, seed, editorKey, editorDirty, pending, busy, open, guard, discardAndContinue, select, createNew, remove, onSaved }
}
