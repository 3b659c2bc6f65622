import { computed, onScopeDispose, ref, shallowRef, watch, type Ref } from 'vue'
import type { ProfileCheck, ProfilePreview } from '@shared/contract'
import { errorMessage, getClient } from '../api'
import { stableKey } from '../utils/profile-draft'

export type PreviewWindow = 3600 | 86_400 | 604_800

export interface FeedbackOptions {
  /** The preview's length in seconds. */
  duration: Ref<PreviewWindow>
  /** Where the preview starts: now (to the minute), or this instant when set. */
  startAt: Ref<string | null>
  delayMs?: number
}

/** The minute now is in, as ISO-8601 UTC. */
function thisMinute(): string {
  return new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString()
}

/**
 * What main says about the profile being edited, as it is typed: checkChargingProfile (library use)
 * and previewChargingProfile, debounced; an answer to an older version of the profile is dropped.
 * `profile` null = the form cannot be turned into a profile yet (nothing is asked).
 */
export function useProfileFeedback(profile: Ref<unknown | null>, options: FeedbackOptions) {
  const client = getClient()
  const delay = options.delayMs ?? 300
  const check = shallowRef<ProfileCheck | null>(null)
  const checkError = ref<string | null>(null)
  const preview = shallowRef<ProfilePreview | null>(null)
  const previewError = ref<string | null>(null)
  /** A request is waiting for its debounce or its answer. */
  const busy = ref(false)
  /** The results are for an older version of the profile (the form has errors now). */
  const stale = ref(false)

  let timer: ReturnType<typeof setTimeout> | null = null
  let generation = 0

  async function run(): Promise<void> {
    timer = null
    const current = profile.value
    if (current === null) return
    const mine = ++generation
    const from = options.startAt.value ?? thisMinute()
    const [checked, previewed] = await Promise.allSettled([
      client.invoke('checkChargingProfile', { profile: current, usage: 'library' }),
      client.invoke('previewChargingProfile', { profile: current, from, duration: options.duration.value }),
    ])
    if (mine !== generation) return
    busy.value = false
    stale.value = false
    if (checked.status === 'fulfilled') {
      check.value = checked.value
      checkError.value = null
    } else {
      check.value = null
      checkError.value = `Could not check the profile: ${errorMessage(checked.reason)}`
    }
    if (previewed.status === 'fulfilled') {
      preview.value = previewed.value
      previewError.value = null
    } else {
      preview.value = null
      previewError.value = errorMessage(previewed.reason)
    }
  }

  function schedule(immediate: boolean): void {
    if (timer) clearTimeout(timer)
    timer = null
    if (profile.value === null) {
      generation++
      busy.value = false
      stale.value = check.value !== null || preview.value !== null
      return
    }
    busy.value = true
    if (immediate) void run()
    else timer = setTimeout(() => void run(), delay)
  }

  const key = computed(() => (profile.value === null ? null : stableKey(profile.value)))
  watch(key, () => schedule(false))
  watch([options.duration, options.startAt], () => schedule(true))
  schedule(true)
  onScopeDispose(() => {
    if (timer) clearTimeout(timer)
    generation++
  })

  /** Warnings of both answers, each once. */
  const warnings = computed(() => [...new Set([...(check.value?.warnings ?? []), ...(preview.value?.warnings ?? [])])])
  const violations = computed(() => check.value?.violations ?? [])

  return { check, checkError, preview, previewError, busy, stale, warnings, violations, refresh: () => schedule(true) }
}
