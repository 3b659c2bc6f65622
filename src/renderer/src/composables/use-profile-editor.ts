import { computed, reactive, ref, type Ref } from 'vue'
import type { LibraryProfile } from '@shared/contract'
import { useChargingLibraryStore } from '../stores/charging-library'
import { checkJson } from '../utils/json-check'
import { buildProfile, draftFromProfile, emptyPeriod, stableKey, unwrapProfile, type PeriodDraft, type ProfileDraft } from '../utils/profile-draft'
import { useLibraryEditor } from './use-library-editor'

/** What a new (not yet saved) library entry starts from. */
export interface ProfileSeed {
  name: string
  note?: string
  profile: unknown
}

/**
 * The editor's state for one library profile: name, note, the form (or JSON text) of the profile,
 * whether it differs from what is saved, and saving (useLibraryEditor). A failed save keeps every edit.
 */
export function useProfileEditor(record: Ref<LibraryProfile | undefined>, seed: ProfileSeed | undefined) {
  const library = useChargingLibraryStore()
  const draft = reactive<ProfileDraft>(draftFromProfile({}))
  const mode = ref<'form' | 'json'>('form')
  const jsonText = ref('')
  /** Why the JSON view could not be turned back into the form. */
  const switchError = ref<string | null>(null)

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

  const entry = useLibraryEditor({
    record,
    seed,
    loadContent: (from) => {
      const loaded = from ? from.profile : (seed?.profile ?? {})
      Object.assign(draft, draftFromProfile(loaded))
      jsonText.value = JSON.stringify(loaded, null, 2)
      switchError.value = null
    },
    contentDiffers: (base) => profileKey.value !== stableKey(base.profile),
    checkName: (name) => {
      const length = name.trim().length
      if (length === 0) return 'A name is required'
      return length > 100 ? `At most 100 characters (${length})` : undefined
    },
    content: () => (profile.value === null ? null : { profile: profile.value }),
    save: (args) => library.save(args),
    what: 'the profile',
    adoptEqual: true,
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

  return { ...entry, draft, mode, jsonText, json, switchError, formErrors, profile, showForm, showJson, setField, setPeriod, addPeriod, removePeriod }
}
