import { watch, type Ref } from 'vue'
import { getClient } from '../api'
import { createTransactionList } from '../stores/transaction-list'

/** A station's running transactions, newest first, kept current by transactionUpdated (for pickers). */
export function useRunningTransactions(stationId: Ref<string>) {
  const running = createTransactionList({ client: getClient(), filter: { stationId: stationId.value, active: true }, limit: 100 })
  watch(stationId, (id) => void running.setFilter({ stationId: id, active: true }), { immediate: true })
  return { list: running.items, load: running.load }
}
