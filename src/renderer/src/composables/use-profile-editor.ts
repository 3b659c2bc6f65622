import { computed, reactive, ref, shallowRef, watch, type Ref } from 'vue'
import type { LibraryProfile } from '@shared/contract'
import { ApiError, errorMessage } from '../api'
import { useChargingLibraryStore } from '../stores/charging-library'
import { checkJson } from '../utils/json-check'
import { buildProfile, draftFromProfile, emptyPeriod, stableKey, unwrapProfile, type PeriodDraft, type ProfileDraft } from '../utils/profile-draft'

/** What a new (not yet saved) library entry starts from. */
export interface ProfileSeed {
  name: string
  note?: string
  profile: unknown
}

type Baseline = { name: string; note: string; profile: unknown }

/**
 * The editor's state for one library profile: name, note, the form (or JSON text) of the profile,
 * whether it differs from what is saved, and saving. A failed save keeps every edit.
 */
export function useProfileEditor(record: Ref<LibraryProfile | undefined>, seed: ProfileSeed | undefined) {
  const library = useChargingLibraryStore()
  /** The library entry the edits apply to; undefined = a new entry (or one deleted elsewhere). */
  const saved = shallowRef<LibraryProfile | undefined>(record.value)
  const name = ref('')
  const note = ref('')
  const draft = reactive<ProfileDraft>(draftFromProfile({}))
  const mode = ref<'form' | 'json'>('form')
  const jsonText = ref('')
  /** Why the JSON view could not be turned back into the form. */
  const switchError = ref<string | null>(null)
  const saving = ref(false)
  const saveError = ref<string | null>(null)
  const saveWarnings = ref<string[]>([])
  /** A newer version saved elsewhere while this one has edits. */
  const changedElsewhere = shallowRef<LibraryProfile | null>(null)
  const deletedElsewhere = ref(false)

  const baseline = (): Baseline =>
    saved.value ? { name: saved.value.name, note: saved.value.note ?? '', profile: saved.value.profile } : { name: seed?.name ?? '', note: seed?.note ?? '', profile: seed?.profile ?? {} }

  function load(from: Baseline): void {
    name.value = from.name
    note.value = from.note
    Object.assign(draft, draftFromProfile(from.profile))
    jsonText.value = JSON.stringify(from.profile, null, 2)
    switchError.value = null
  }
  load(baseline())

  const built = computed(() => buildProfile(draft))
  const formErrors = computed(() => built.value.errors)
  const json = computed(() => {
    const parsed = checkJson(jsonText.value)
    if (!parsed.ok) return { error: parsed.message, profile: null as unknown, from: undefined }
    const unwrapped = unwrapProfile(parsed.value)
    if (typeof unwrapped.profile !== 'object' || unwrapped.profile === null || Array.isArray(unwrapped.profile))
      return { error: 'A charging profile is a JSON object ({ "stackLevel": … })', profile: null as unknown, from: undefined }
    return { error: null, profile: unwrapped.profile, from: unwrapped.from }
  })
  /** The profile as it stands, or null while the form or the JSON cannot be read. */
  const profile = computed<unknown>(() => {
    if (mode.value === 'json') return json.value.error ? null : json.value.profile
    return Object.keys(formErrors.value).length ? null : built.value.profile
  })
  const profileKey = computed(() => {
    if (mode.value === 'json') return json.value.error ? `invalid:${jsonText.value}` : stableKey(json.value.profile)
    return stableKey(built.value.profile)
  })
  const dirty = computed(() => {
    const base = baseline()
    return !saved.value || name.value !== base.name || note.value.trim() !== base.note || profileKey.value !== stableKey(base.profile)
  })
  const nameError = computed(() => {
    const length = name.value.trim().length
    if (length === 0) return 'A name is required'
    return length > 100 ? `At most 100 characters (${length})` : undefined
  })

  function showForm(): boolean {
    if (mode.value === 'form') return true
    if (json.value.error) {
      switchError.value = `Fix the JSON first: ${json.value.error}`
      return false
    }
    Object.assign(draft, draftFromProfile(json.value.profile))
    switchError.value = null
    mode.value = 'form'
    return true
  }
  function showJson(): void {
    if (mode.value === 'json') return
    jsonText.value = JSON.stringify(built.value.profile, null, 2)
    mode.value = 'json'
  }

  function setField(key: keyof ProfileDraft, value: string): void {
    ;(draft as unknown as Record<string, string>)[key] = value
  }
  function setPeriod(index: number, key: keyof PeriodDraft, value: string): void {
    const period = draft.periods[index]
    if (period) period[key] = value
  }
  function addPeriod(): void {
    draft.periods.push(emptyPeriod(draft.periods.at(-1)))
  }
  function removePeriod(index: number): void {
    draft.periods.splice(index, 1)
    draft.periodExtra.splice(index, 1)
  }

  function revert(): void {
    changedElsewhere.value = null
    saveError.value = null
    load(baseline())
  }

  /** The newer version saved elsewhere replaces the edits. */
  function takeTheirs(): void {
    if (changedElsewhere.value) saved.value = changedElsewhere.value
    revert()
  }

  async function save(): Promise<LibraryProfile | null> {
    if (profile.value === null || nameError.value) return null
    saving.value = true
    saveError.value = null
    try {
      const trimmedNote = note.value.trim()
      // An emptied note is sent as '' so it is cleared whether main replaces or merges the entry.
      const hadNote = !!saved.value?.note
      const result = await library.save({
        ...(saved.value ? { id: saved.value.id } : {}),
        name: name.value.trim(),
        ...(trimmedNote || hadNote ? { note: trimmedNote } : {}),
        profile: profile.value,
      })
      saved.value = result.record
      saveWarnings.value = result.warnings
      changedElsewhere.value = null
      deletedElsewhere.value = false
      load(baseline())
      return result.record
    } catch (err) {
      const refused = err instanceof ApiError && err.code === 'BadRequest'
      saveError.value = refused ? `The CSMS refused the profile: ${errorMessage(err)}` : `Could not save: ${errorMessage(err)}`
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
    const same = next.name === name.value && (next.note ?? '') === note.value.trim() && stableKey(next.profile) === profileKey.value
    if (!dirty.value || same) {
      saved.value = next
      if (!same) load(baseline())
      changedElsewhere.value = null
    } else changedElsewhere.value = next
  })

  return {
    saved,
    name,
    note,
    draft,
    mode,
    jsonText,
    json,
    switchError,
    formErrors,
    profile,
    dirty,
    nameError,
    saving,
    saveError,
    saveWarnings,
    changedElsewhere,
    deletedElsewhere,
    showForm,
    showJson,
    setField,
    setPeriod,
    addPeriod,
    removePeriod,
    revert,
    takeTheirs,
    save,
  }
}
