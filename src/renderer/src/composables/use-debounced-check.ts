import { computed, onBeforeUnmount, ref, shallowRef, watch, type ComputedRef } from 'vue'
import { errorMessage } from '../api'

const DEFAULT_DELAY_MS = 250

/**
 * Asks main about what the person is typing, a moment after they stop: `input` is the thing to
 * check (undefined = nothing to check yet), `run` the command. A stale answer never judges newer
 * input; a failure is a message, never a block.
 */
export function useDebouncedCheck<I, R>(input: () => I | undefined, run: (value: I) => Promise<R>, what: string, delayMs = DEFAULT_DELAY_MS) {
  const key = computed(() => {
    const value = input()
    return value === undefined ? '' : JSON.stringify(value)
  })
  const answered = shallowRef<{ key: string; result: R } | null>(null)
  const error = ref<string | null>(null)
  const checking = ref(false)
  let timer: ReturnType<typeof setTimeout> | null = null
  let generation = 0

  async function check(forKey: string, value: I): Promise<void> {
    const gen = ++generation
    checking.value = true
    try {
      const result = await run(value)
      if (gen !== generation) return
      answered.value = { key: forKey, result }
      error.value = null
    } catch (err) {
      if (gen !== generation) return
      answered.value = null
      error.value = `Could not check ${what} (${errorMessage(err)}); it can still be sent.`
    } finally {
      if (gen === generation) checking.value = false
    }
  }

  watch(
    key,
    (current) => {
      if (timer) clearTimeout(timer)
      timer = null
      generation++
      checking.value = false
      const value = input()
      if (value === undefined) return
      checking.value = true
      timer = setTimeout(() => {
        timer = null
        void check(current, value)
      }, delayMs)
    },
    { immediate: true },
  )
  onBeforeUnmount(() => {
    if (timer) clearTimeout(timer)
    generation++
  })

  /** The answer for the input as it is now, or null while none has come. */
  const result: ComputedRef<R | null> = computed(() => (answered.value && answered.value.key === key.value ? answered.value.result : null))
  return { result, checking, error }
}
