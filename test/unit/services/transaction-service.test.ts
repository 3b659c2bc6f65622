import { describe, expect, it } from 'vitest'
import { setup, startReq } from './transaction-fixture'

describe('transaction service', () => {
  it('a retransmitted StartTransaction gets the same transactionId back', async () => {
    const { svc, close } = await setup()
    const first = await svc.start('CP1', startReq())
    const again = await svc.start('CP1', startReq({ idTag: 'good' }))
    expect(again.transactionId).toBe(first.transactionId)
    expect((await svc.start('CP1', startReq({ meterStart: 1001 }))).transactionId).not.toBe(first.transactionId)
    await close()
  })

  it('TC_037_3_CSMS an invalid tag still gets a transactionId, with status Invalid', async () => {
    const { svc, close } = await setup()
    const answer = await svc.start('CP1', startReq({ idTag: 'NOBODY' }))
    expect(answer.transactionId).toBeGreaterThan(0)
    expect(answer.idTagInfo.status).toBe('Invalid')
    await close()
  })

  it('answers ConcurrentTx when the tag already has a transaction running, unless switched off', async () => {
    const { svc, close } = await setup()
    await svc.start('CP1', startReq())
    expect((await svc.start('CP2', startReq({ meterStart: 5 }))).idTagInfo.status).toBe('ConcurrentTx')
    await close()
    const other = await setup({ concurrentTxCheck: () => false })
    await other.svc.start('CP1', startReq())
    expect((await other.svc.start('CP2', startReq({ meterStart: 5 }))).idTagInfo.status).toBe('Accepted')
    await other.close()
  })

  it('never reuses a transactionId after a restart, even if the counter went back', async () => {
    const { svc, close, dir } = await setup()
    const a = await svc.start('CP1', startReq())
    await close()
    const second = await setup({}, dir) // counter state lost: starts from 0 again
    const b = await second.svc.start('CP1', startReq({ meterStart: 2 }))
    expect(b.transactionId).toBeGreaterThan(a.transactionId)
    await second.close()
  })

  it('stop: idTagInfo when an idTag is sent, orphans acknowledged, transactionData linked to the transaction', async () => {
    const { svc, transactions, meterValues, close } = await setup()
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
