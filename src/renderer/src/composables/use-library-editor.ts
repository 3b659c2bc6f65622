import { computed, ref, shallowRef, watch, type Ref } from 'vue'
import { ApiError, errorMessage } from '../api'

/** What every library entry has (a local list, a charging profile). */
export interface LibraryEntry {
  id: string
  name: string
  note?: string
  updatedAt: string
}

export interface LibraryEditorOptions<R extends LibraryEntry, C> {
  /** The library entry as the store has it now; undefined = a new entry (or one deleted elsewhere). */
  record: Ref<R | undefined>
  /** What a new entry starts from. */
  seed?: { name: string; note?: string }
  /** Puts the content of `from` (undefined: the seed's) into the editor; name and note are done here. */
  loadContent(from: R | undefined): void
  /** Whether the content being edited differs from that of `base`. */
  contentDiffers(base: R): boolean
  /** What is wrong with a name, if anything (it blocks saving). */
  checkName(name: string): string | undefined
  /** The content to save, or null while it cannot be saved. */
  content(): C | null
  /** The store's save: throws an ApiError, BadRequest when the entry breaks the OCPP schema. */
  save(args: { id?: string; name: string; note?: string } & C): Promise<{ record: R; warnings: string[] }>
  /** What the CSMS refuses, in words: 'the list', 'the profile'. */
  what: string
  /** A version saved elsewhere that equals the edits is taken as saved, without reloading them. */
  adoptEqual?: boolean
}

/**
 * The part every library editor shares: name and note, whether the edits differ from what is
 * saved, saving (a failed save keeps every edit), and a newer version saved elsewhere (it
 * replaces the edits only when there are none) or a deletion elsewhere. The content is the caller's.
 */
export function useLibraryEditor<R extends LibraryEntry, C>(options: LibraryEditorOptions<R, C>) {
  const { record, seed } = options
  /** The library entry the edits apply to; undefined = a new entry (or one deleted elsewhere). */
  const saved = shallowRef<R | undefined>(record.value)
  const name = ref('')
  const note = ref('')
  const saving = ref(false)
  const saveError = ref<string | null>(null)
  const saveWarnings = ref<string[]>([])
  /** A newer version saved elsewhere while this one has edits. */
  const changedElsewhere = shallowRef<R | null>(null)
  const deletedElsewhere = ref(false)

  /** Loads what is saved (or the seed) into the editor. */
  function load(): void {
    const from = saved.value ?? seed
    name.value = from?.name ?? ''
    note.value = from?.note ?? ''
    options.loadContent(saved.value)
  }
  load()

  const differsFrom = (base: R): boolean => name.value !== base.name || note.value.trim() !== (base.note ?? '') || options.contentDiffers(base)
  const dirty = computed(() => !saved.value || differsFrom(saved.value))
  const nameError = computed(() => options.checkName(name.value))
  /** The editor's state in a word, for its tag. */
  const status = computed(() => {
    if (saving.value) return { text: 'Saving…', type: 'info' as const }
    if (saveError.value) return { text: 'Not saved', type: 'error' as const }
    if (!saved.value) return { text: 'New, not saved yet', type: 'warning' as const }
    return dirty.value ? { text: 'Unsaved changes', type: 'warning' as const } : { text: 'Saved', type: 'success' as const }
  })

  function revert(): void {
    changedElsewhere.value = null
    saveError.value = null
    load()
  }

  /** The newer version saved elsewhere replaces the edits. */
  function takeTheirs(): void {
    if (changedElsewhere.value) saved.value = changedElsewhere.value
    revert()
  }

  async function save(): Promise<R | null> {
    const content = options.content()
    if (content === null || nameError.value) return null
    saving.value = true
    saveError.value = null
    try {
      const trimmedNote = note.value.trim()
      // An emptied note is sent as '' so it is cleared whether main replaces or merges the entry.
      const hadNote = !!saved.value?.note
      const result = await options.save({
        ...(saved.value ? { id: saved.value.id } : {}),
        name: name.value.trim(),
        ...(trimmedNote || hadNote ? { note: trimmedNote } : {}),
        ...content,
      })
      saved.value = result.record
      saveWarnings.value = result.warnings
      changedElsewhere.value = null
      deletedElsewhere.value = false
      load()
      return result.record
    } catch (err) {
      const refused = err instanceof ApiError && err.code === 'BadRequest'
      saveError.value = refused ? `The CSMS refused ${options.what}: ${errorMessage(err)}` : `Could not save: ${errorMessage(err)}`
      return null
    } finally {
      saving.value = false
    }
  }

  // The library entry changed under the editor (an event, or our own save arriving).
  watch(record, (next) => {
    if (saving.value) return
    if (!next) {
      if (saved.value) {
        saved.value = undefined
        deletedElsewhere.value = true
      }
      return
    }
    const current = saved.value
    if (current && current.id === next.id && current.updatedAt === next.updatedAt) return
    const same = options.adoptEqual === true && !differsFrom(next)
    if (!dirty.value || same) {
      saved.value = next
      if (!same) load()
      changedElsewhere.value = null
    } else changedElsewhere.value = next
  })

  return { saved, name, note, dirty, nameError, status, saving, saveError, saveWarnings, changedElsewhere, deletedElsewhere, revert, takeTheirs, save }
}
