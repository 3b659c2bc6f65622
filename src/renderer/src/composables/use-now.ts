import { getCurrentScope, onScopeDispose, ref, type Ref } from 'vue'

const now = ref(Date.now())
let users = 0
let timer: ReturnType<typeof setInterval> | null = null

/** One shared clock ticking every second while someone shows relative times. */
export function useNow(): Readonly<Ref<number>> {
  if (getCurrentScope()) {
    users++
    if (!timer) {
      now.value = Date.now()
      timer = setInterval(() => {
        now.value = Date.now()
      }, 1000)
    }
    onScopeDispose(() => {
      users--
      if (users === 0 && timer) {
        clearInterval(timer)
        timer = null
      }
    })
  }
  return now
}
