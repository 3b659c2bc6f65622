/**
 * A TransactionService over real transaction and meter-value journals in a temporary folder, and
 * the requests the transaction tests send. Everything opened is closed and removed after each test.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, vi } from 'vitest'
import type { TransactionSummary } from '@shared/contract/dto'
import type { IdTagInfo, MeterValuesRequest } from '@shared/ocpp/payloads'
import { TransactionService, type TransactionServiceDeps } from '../../../src/main/services/transaction-service'
import { MeterValueStore } from '../../../src/main/storage/meter-value-store'
import { TransactionStore } from '../../../src/main/storage/transaction-store'

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined }
const tags: Record<string, IdTagInfo> = { GOOD: { status: 'Accepted' }, OTHER: { status: 'Accepted' }, BAD: { status: 'Blocked' } }
const cleanup: (() => Promise<void>)[] = []
afterEach(async () => {
  vi.restoreAllMocks()
  for (const fn of cleanup.splice(0).reverse()) await fn()
})

export async function setup(over: Partial<TransactionServiceDeps> = {}, dir?: string) {
  const d = dir ?? (await mkdtemp(join(tmpdir(), 'txr-')))
  if (!dir) cleanup.push(() => rm(d, { recursive: true, force: true }))
  const transactions = await TransactionStore.open({ dir: d, logger: quiet })
  const meterValues = await MeterValueStore.open({ dir: d, logger: quiet })
  let open = true
  const close = async () => {
    if (!open) return
    open = false
    await transactions.close()
    await meterValues.close()
  }
  cleanup.push(close)
  const events: TransactionSummary[] = []
  let counter = 0
  const svc = new TransactionService({
    transactions,
    meterValues,
    nextId: async () => ++counter,
    authorize: (idTag) => tags[idTag.toUpperCase()] ?? { status: 'Invalid' },
    concurrentTxCheck: () => true,
    onChange: (summary) => void events.push(summary),
    meterEventDelayMs: 60_000,
    ...over,
  })
  return { svc, transactions, meterValues, events, close, dir: d }
}

export const startReq = (over: Record<string, unknown> = {}) => ({ connectorId: 1, idTag: 'GOOD', meterStart: 1000, timestamp: '2026-01-01T10:00:00Z', ...over })
export const energy = (wh: number, timestamp = '2026-01-01T10:05:00Z') => [{ timestamp, sampledValue: [{ value: String(wh), measurand: 'Energy.Active.Import.Register' as const, unit: 'Wh' as const }] }]
export const power = (w: number, timestamp = '2026-01-01T10:05:00Z') => [{ timestamp, sampledValue: [{ value: String(w), measurand: 'Power.Active.Import' as const, unit: 'W' as const }] }]
export const mv = (over: Partial<MeterValuesRequest>): MeterValuesRequest => ({ connectorId: 1, meterValue: energy(1500), ...over })
export const stopReq = (transactionId: number, over: Record<string, unknown> = {}) => ({ transactionId, meterStop: 5000, timestamp: '2026-01-01T11:00:00Z', ...over })

