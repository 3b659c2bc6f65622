import { ref, shallowRef, watch, type WatchSource } from 'vue'
import { errorMessage } from '../api'

/**
 * The state behind a Send button: one send at a time, what it started, and why it failed
 * (`failure` is said before the reason). Both are cleared when `resetOn` changes: another station
 * or operation, whose result is not this one.
 */
export function useSend<T>(resetOn: WatchSource, failure: string) {
  const sending = ref(false)
  const error = ref<string | null>(null)
  const started = shallowRef<T | null>(null)

  watch(resetOn, () => {
    started.value = null
    error.value = null
  })

  /** Runs `start` unless a send is under way: what it returns is kept, a failure becomes `error`. */
  async function send(start: () => Promise<T>): Promise<T | null> {
    if (sending.value) return null
    sending.value = true
    error.value = null
    try {
      const result = await start()
      started.value = result
      return result
    } catch (err) {
      error.value = `${failure}: ${errorMessage(err)}`
      return null
    } finally {
      sending.value = false
    }
  }

  return { sending, error, started, send }
}
