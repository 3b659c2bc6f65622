import { reactive, ref, watch, type UnwrapNestedRefs } from 'vue'

/**
 * A dialog's form, its saving flag and its error: each time the dialog opens the form starts from
 * `blank()` again and the last error is cleared.
 */
export function useDialogForm<T extends object>(shown: () => boolean, blank: () => T) {
  const form = reactive(blank()) as UnwrapNestedRefs<T>
  const saving = ref(false)
  const error = ref<string | null>(null)
  watch(shown, (show) => {
    if (!show) return
    Object.assign(form, blank())
    error.value = null
  })
  return { form, saving, error }
}
