import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { IdTagInfo } from '@shared/ocpp/payloads'
import { TransactionService } from '../../../src/main/services/transaction-service'
import { MeterValueStore } from '../../../src/main/storage/meter-value-store'
import { TransactionStore } from '../../../src/main/storage/transaction-store'

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined }
const tags: Record<string, IdTagInfo> = { GOOD: { status: 'Accepted' }, BAD: { status: 'Blocked' } }
const cleanup: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const fn of cleanup.splice(0)) await fn()
})

async function service(dir?: string, counterStart = 0, concurrent = true) {
  const d = dir ?? (await mkdtemp(join(tmpdir(), 'txs-')))
  const transactions = await TransactionStore.open({ dir: d, logger: quiet })
  const meterValues = await MeterValueStore.open({ dir: d, logger: quiet })
  let counter = counterStart
  const svc = new TransactionService({
    transactions,
    meterValues,
    nextId: async () => ++counter,
    authorize: (idTag) => tags[idTag.toUpperCase()] ?? { status: 'Invalid' },
    concurrentTxCheck: () => concurrent,
  })
  const close = async () => {
    await transactions.close()
    await meterValues.close()
  }
  if (!dir) cleanup.push(async () => rm(d, { recursive: true, force: true }))
  return { svc, transactions, meterValues, close, dir: d }
}

const startReq = (over: Record<string, unknown> = {}) => ({ connectorId: 1, idTag: 'GOOD', meterStart: 1000, timestamp: '2026-01-01T10:00:00Z', ...over })

describe('transaction service', () => {
  it('a retransmitted StartTransaction gets the same transactionId back', async () => {
    const { svc, close } = await service()
    const first = await svc.start('CP1', startReq())
    const again = await svc.start('CP1', startReq({ idTag: 'good' }))
    expect(again.transactionId).toBe(first.transactionId)
    expect((await svc.start('CP1', startReq({ meterStart: 1001 }))).transactionId).not.toBe(first.transactionId)
    await close()
  })

  it('TC_037_3_CSMS an invalid tag still gets a transactionId, with status Invalid', async () => {
    const { svc, close } = await service()
    const answer = await svc.start('CP1', startReq({ idTag: 'NOBODY' }))
    expect(answer.transactionId).toBeGreaterThan(0)
    expect(answer.idTagInfo.status).toBe('Invalid')
    await close()
  })

  it('answers ConcurrentTx when the tag already has a transaction running, unless switched off', async () => {
    const { svc, close } = await service()
    await svc.start('CP1', startReq())
    expect((await svc.start('CP2', startReq({ meterStart: 5 }))).idTagInfo.status).toBe('ConcurrentTx')
    await close()
    const other = await service(undefined, 0, false)
    await other.svc.start('CP1', startReq())
    expect((await other.svc.start('CP2', startReq({ meterStart: 5 }))).idTagInfo.status).toBe('Accepted')
    await other.close()
  })

  it('never reuses a transactionId after a restart, even if the counter went back', async () => {
    const { svc, close, dir } = await service()
    const a = await svc.start('CP1', startReq())
    await close()
    const second = await service(dir, 0) // counter state lost: starts from 0 again
    const b = await second.svc.start('CP1', startReq({ meterStart: 2 }))
    expect(b.transactionId).toBeGreaterThan(a.transactionId)
    await second.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('stop: idTagInfo when an idTag is sent, orphans acknowledged, transactionData linked to the transaction', async () => {
    const { svc, transactions, meterValues, close } = await service()
    const { transactionId } = await svc.start('CP1', startReq())
    const stop = await svc.stop('CP1', { transactionId, meterStop: 5000, timestamp: '2026-01-01T11:00:00Z', idTag: 'GOOD', reason: 'Remote', transactionData: [{ timestamp: '2026-01-01T11:00:00Z', sampledValue: [{ value: '5000', context: 'Transaction.End' }] }] })
    expect(stop).toEqual({ idTagInfo: { status: 'Accepted' } })
    expect(transactions.get(transactionId)?.stop).toMatchObject({ meterStop: 5000, reason: 'Remote' })
    expect((await meterValues.forTransaction(transactionId))[0]!.source).toBe('StopTransaction')
    expect(await svc.stop('CP1', { transactionId: -1, meterStop: 1, timestamp: '2026-01-01T11:00:00Z' })).toEqual({})
    expect(transactions.list().find((t) => t.transactionId === -1)).toMatchObject({ orphan: true, stop: { reason: 'Local' } })
    await close()
  })
})
