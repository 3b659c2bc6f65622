import { ref } from 'vue'
import { defineStore } from 'pinia'
import type { CommandResult } from '@shared/contract'
import { getClient } from '../api'
import { downloadText } from '../utils/download'
import { createTransactionList } from './transaction-list'

export const PAGE_SIZES = [50, 100, 200]

/**
 * The Transactions page: one filtered page of transactions (listTransactions, newest first) kept
 * live by transactionUpdated events, with paging and CSV export of the whole filter. It listens
 * only while the page is open (the page attaches and detaches it).
 */
export const useTransactionsStore = defineStore('transactions', () => {
  const client = getClient()
  const list = createTransactionList({ client, limit: PAGE_SIZES[0], attached: false })
  const exporting = ref(false)

  /** Every transaction matching the current filter as CSV, downloaded as a file. */
  async function exportCsv(): Promise<CommandResult<'exportTransactionsCsv'>> {
    exporting.value = true
    try {
      const result = await client.invoke('exportTransactionsCsv', { ...list.filter.value })
      downloadText(result.fileName, result.content, 'text/csv')
      return result
    } finally {
      exporting.value = false
    }
  }

  return { ...list, exporting, exportCsv }
})
