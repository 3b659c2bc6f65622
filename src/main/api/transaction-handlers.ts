/** The transaction commands of the contract, over the TransactionService. */
import type { CommandArgs, CommandResult } from '@shared/contract/commands'
import type { TransactionService } from '../services/transaction-service'
import { meterValuesCsvSliced, transactionsCsv } from '../services/transaction-csv'
import { ApiError } from './api-error'

type TransactionCommand = 'listTransactions' | 'getTransaction' | 'exportTransactionsCsv' | 'exportMeterValuesCsv' | 'closeTransaction'

const DEFAULT_PAGE = 200

function stamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-')
}

function safe(text: string): string {
  return text.replace(/[^\w.-]+/g, '_')
}

export function createTransactionHandlers(transactions: TransactionService): { [C in TransactionCommand]: (args: CommandArgs<C>) => Promise<CommandResult<C>> } {
  const detail = async (transactionId: number, maxMeterBytes?: number) => {
    const found = await transactions.detail(transactionId, maxMeterBytes)
    if (!found) throw new ApiError('NotFound', `No transaction ${transactionId} was started at this Central System (stops for unknown ids are listed as orphans)`)
    return found
  }
  return {
    listTransactions: async ({ limit, ...filter }) => transactions.list({ ...filter, limit: limit ?? DEFAULT_PAGE }),
    getTransaction: async ({ transactionId }) => detail(transactionId),
    exportTransactionsCsv: async (filter) => {
      const all = transactions.all(filter)
      const scope = filter.stationId ? `-${safe(filter.stationId)}` : ''
      return { fileName: `transactions${scope}-${stamp()}.csv`, content: transactionsCsv(all), count: all.length }
    },
    exportMeterValuesCsv: async ({ transactionId }) => {
      const found = await detail(transactionId, Number.POSITIVE_INFINITY)
      const count = found.meterValues.reduce((sum, batch) => sum + batch.meterValue.reduce((n, mv) => n + mv.sampledValue.length, 0), 0)
      return { fileName: `meter-values-${transactionId}-${stamp()}.csv`, content: await meterValuesCsvSliced(found.meterValues), count }
    },
    closeTransaction: async ({ transactionId, ...options }) => {
      const result = await transactions.closeByOperator(transactionId, options)
      switch (result.outcome) {
        case 'closed':
          return result.summary
        case 'unknown':
          throw new ApiError('NotFound', `No transaction ${transactionId} was started at this Central System: there is nothing to close`)
        case 'alreadyStopped':
          throw new ApiError('Conflict', `Transaction ${transactionId} is already stopped (${result.summary.stop?.reason ?? 'stopped'}); nothing was changed`)
        case 'meterBelowStart':
          throw new ApiError('BadRequest', `meterStop is below the transaction's meterStart (${result.meterStart} Wh): give a reading of at least ${result.meterStart} Wh, or none to use the last register reading`)
      }
    },
  }
}
