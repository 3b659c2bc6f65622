import { afterEach, describe, expect, it } from 'vitest'
import { startKey, TransactionStore } from '../../../src/main/storage/transaction-store'
import { recordingLogger, tempDirs } from './helpers'
import { start, stop } from './transaction-fixtures'

const quiet = recordingLogger()
const dirs = tempDirs()
const dir = () => dirs.make()
afterEach(() => dirs.cleanup())

describe('transaction store', () => {
  it('keeps starts and stops across a reopen, with historic timestamps as sent', async () => {
    const d = await dir()
    const store = await TransactionStore.open({ dir: d, logger: quiet })
    await store.recordStart(start(1, { timestamp: '2025-12-31T06:00:00+02:00' }))
    await store.recordStart(start(2))
    await store.recordStop('CP1', 1, stop)
    await store.close()
    const reopened = await TransactionStore.open({ dir: d, logger: quiet })
    expect(reopened.get(1)).toMatchObject({ timestamp: '2025-12-31T06:00:00+02:00', stop: { meterStop: 900 } })
    expect(reopened.list({ active: true }).map((t) => t.transactionId)).toEqual([2])
    expect(reopened.maxTransactionId).toBe(2)
    await reopened.close()
  })

  it('finds a retransmitted start by station, connector, idTag (any case), meterStart and timestamp', async () => {
    const store = await TransactionStore.open({ dir: await dir(), logger: quiet })
    await store.recordStart(start(7))
    expect(store.findRetransmit(startKey('CP1', 1, 'tag-1', 100, '2026-01-01T10:00:00.000Z'))?.transactionId).toBe(7)
    expect(store.findRetransmit(startKey('CP1', 2, 'TAG-1', 100, '2026-01-01T10:00:00Z'))).toBeUndefined()
    await store.close()
  })

  it('a duplicate stop is idempotent; an unknown or -1 id is kept as an orphan', async () => {
    const store = await TransactionStore.open({ dir: await dir(), logger: quiet })
    await store.recordStart(start(3))
    expect((await store.recordStop('CP1', 3, stop)).duplicate).toBe(false)
    expect((await store.recordStop('CP1', 3, { ...stop, meterStop: 1 })).duplicate).toBe(true)
    expect(store.get(3)?.stop?.meterStop).toBe(900)
    const orphan = await store.recordStop('CP1', -1, stop)
    expect(orphan).toMatchObject({ duplicate: false, record: { orphan: true, transactionId: -1 } })
    expect((await store.recordStop('CP1', -1, stop)).duplicate).toBe(true)
    await store.close()
  })

  it('pages newest first with a total, filters by station, state and idTag, and indexes running transactions by connector', async () => {
    const d = await dir()
    const store = await TransactionStore.open({ dir: d, logger: quiet })
    for (let id = 1; id <= 5; id += 1) await store.recordStart(start(id, { stationId: id % 2 ? 'CP1' : 'CP2', connectorId: id, idTag: id === 4 ? 'other' : 'TAG-1' }))
    await store.recordStop('CP1', 1, stop)
    await store.recordStop('CP9', 42, stop) // orphan
    expect(store.page({ limit: 2 })).toEqual({ items: [expect.objectContaining({ transactionId: 42, orphan: true }), expect.objectContaining({ transactionId: 5 })], total: 6 })
    expect(store.page({ offset: 2, limit: 2 }).items.map((t) => t.transactionId)).toEqual([4, 3])
    expect(store.page({ stationId: 'CP1' }).items.map((t) => t.transactionId)).toEqual([5, 3, 1])
    expect(store.page({ active: true }).items.map((t) => t.transactionId)).toEqual([5, 4, 3, 2])
    expect(store.page({ active: false }).items.map((t) => t.transactionId)).toEqual([42, 1])
    expect(store.page({ idTag: 'OTHER' }).items.map((t) => t.transactionId)).toEqual([4])
    expect(store.activeOn('CP2', 4)?.transactionId).toBe(4)
    expect(store.activeOn('CP1', 1)).toBeUndefined()
    await store.close()
    const reopened = await TransactionStore.open({ dir: d, logger: quiet })
    expect(reopened.page({}).items.map((t) => t.transactionId)).toEqual([42, 5, 4, 3, 2, 1])
    expect(reopened.active().map((t) => t.transactionId)).toEqual([2, 3, 4, 5])
    await reopened.close()
  })

  it('finds the running transaction of a connector, a running idTag and a repeated orphan stop through indexes, also after a reopen', async () => {
    const d = await dir()
    const store = await TransactionStore.open({ dir: d, logger: quiet })
    for (let id = 1; id <= 300; id += 1) await store.recordStart(start(id, { connectorId: id <= 200 ? 1 : id, idTag: `TAG-${id}` }))
    expect(store.activeOn('CP1', 1)?.transactionId).toBe(200)
    expect(store.activeOn('CP1', 250)?.transactionId).toBe(250)
    expect(store.activeOn('CP2', 1)).toBeUndefined()
    expect(store.hasActiveTag('tag-7')).toBe(true)
    await store.recordStop('CP1', 200, stop)
    await store.recordStop('CP1', 7, stop)
    expect(store.activeOn('CP1', 1)?.transactionId).toBe(199)
    expect(store.hasActiveTag('TAG-7')).toBe(false)
    expect((await store.recordStop('CP9', 2 ** 31 - 1, stop)).duplicate).toBe(false)
    await store.close()
    const reopened = await TransactionStore.open({ dir: d, logger: quiet })
    expect(reopened.activeOn('CP1', 1)?.transactionId).toBe(199)
    expect(reopened.hasActiveTag('TAG-7')).toBe(false)
    expect(reopened.hasActiveTag('TAG-8')).toBe(true)
    expect((await reopened.recordStop('CP9', 2 ** 31 - 1, stop)).duplicate).toBe(true)
    expect((await reopened.recordStop('CP9', 2 ** 31 - 1, { ...stop, meterStop: 901 })).duplicate).toBe(false)
    await reopened.close()
  })
})
