import { computed, onScopeDispose, ref, shallowRef, watch, type Ref } from 'vue'
import type { TransactionDetail, TransactionSummary } from '@shared/contract'
import { errorMessage, getClient, onResync } from '../api'
import { transactionKey } from '../stores/transaction-list'

/** At most one getTransaction per second while updates come in. */
export const DETAIL_THROTTLE_MS = 1000

/**
 * One transaction with its meter values (getTransaction), kept current: a transactionUpdated for it
 * updates the figures at once and reloads the meter values at most once a second. An orphan stop
 * has no start and no meter values at the CSMS: its summary is all there is.
 */
export function useTransactionDetail(target: Ref<TransactionSummary | null>) {
  const client = getClient()
  const detail = shallowRef<TransactionDetail | null>(null)
  const loading = ref(false)
  const error = ref<string | null>(null)
  let generation = 0
  let lastLoadAt = 0
  let timer: ReturnType<typeof setTimeout> | null = null

  function cancelTimer(): void {
    if (timer) clearTimeout(timer)
    timer = null
  }

  async function load(): Promise<void> {
    cancelTimer()
    const t = target.value
    const gen = ++generation
    if (!t || t.orphan) {
      loading.value = false
      return
    }
    lastLoadAt = Date.now()
    loading.value = true
    try {
      const d = await client.invoke('getTransaction', { transactionId: t.transactionId })
      if (gen !== generation) return
      detail.value = d
      error.value = null
    } catch (err) {
      if (gen !== generation) return
      error.value = `Could not load transaction ${t.transactionId}: ${errorMessage(err)}`
    } finally {
      if (gen === generation) loading.value = false
    }
  }

  function scheduleReload(): void {
    if (timer) return
    const wait = Math.max(0, lastLoadAt + DETAIL_THROTTLE_MS - Date.now())
    timer = setTimeout(() => {
      timer = null
      void load()
    }, wait)
  }

  function onUpdate(t: TransactionSummary): void {
    const current = target.value
    if (!current || current.orphan || t.orphan || t.transactionId !== current.transactionId) return
    // A stopped transaction never runs again: a late copy of a running one changes nothing.
    if (detail.value && (detail.value.active || !t.active)) detail.value = { ...detail.value, ...t }
    scheduleReload()
  }

  watch(
    () => (target.value ? transactionKey(target.value) : null),
    () => {
      detail.value = null
      error.value = null
      void load()
    },
    { immediate: true },
  )

  const offs = [client.on('transactionUpdated', onUpdate), onResync(() => void load())]
  onScopeDispose(() => {
    offs.forEach((off) => off())
    cancelTimer()
  })

  /** The freshest figures known: the detail once loaded, the summary clicked until then. */
  const summary = computed<TransactionSummary | null>(() => detail.value ?? target.value)
  const meterValues = computed(() => detail.value?.meterValues ?? [])

  return { detail, summary, meterValues, loading, error, load }
}
