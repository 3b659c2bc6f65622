/**
 * Rules of the transactions journal the other tests do not hold on their own: who may stop a
 * transaction, what a start replayed twice does to the indexes, and what a reopen finds.
 */
import { appendFile, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startKey, TransactionStore } from '../../../src/main/storage/transaction-store'
import { recordingLogger, tempDirs } from './helpers'
import { start, stop } from './transaction-fixtures'

const dirs = tempDirs()
afterEach(() => dirs.cleanup())

describe('transaction store rules', () => {
  it('a stop from another station for a known id is an orphan: the transaction keeps running', async () => {
    const dir = await dirs.make()
    const store = await TransactionStore.open({ dir, logger: recordingLogger() })
    await store.recordStart(start(1))
    const answer = await store.recordStop('CP-OTHER', 1, stop)
    expect(answer).toMatchObject({ duplicate: false, record: { orphan: true, stationId: 'CP-OTHER', transactionId: 1, idTagInfo: { status: 'Invalid' } } })
    expect(store.get(1)?.stop).toBeUndefined()
    expect(store.activeOn('CP1', 1)?.transactionId).toBe(1)
    expect(store.hasActiveTag('TAG-1')).toBe(true)
    // The owner's stop still ends it.
    expect((await store.recordStop('CP1', 1, stop)).duplicate).toBe(false)
    expect(store.get(1)?.stop?.meterStop).toBe(900)
    expect(store.activeOn('CP1', 1)).toBeUndefined()
    await store.close()
    const reopened = await TransactionStore.open({ dir, logger: recordingLogger() })
    expect(reopened.get(1)?.stop?.meterStop).toBe(900)
    expect(reopened.page().items.map((t) => [t.transactionId, t.stationId, t.orphan === true])).toEqual([
      [1, 'CP-OTHER', true],
      [1, 'CP1', false],
    ])
    await reopened.close()
  })

  it('an orphan stop keeps what the station sent: idTag, times and meter reading', async () => {
    const store = await TransactionStore.open({ dir: await dirs.make(), logger: recordingLogger() })
    const { record } = await store.recordStop('CP9', 77, { ...stop, idTag: 'TAG-X' })
    expect(record).toEqual({
      transactionId: 77,
      stationId: 'CP9',
      connectorId: 0,
      idTag: 'TAG-X',
      meterStart: 0,
      timestamp: stop.timestamp,
      idTagInfo: { status: 'Invalid' },
      receivedAt: stop.receivedAt,
      stop: { ...stop, idTag: 'TAG-X' },
      orphan: true,
    })
    expect((await store.recordStop('CP9', 78, stop)).record.idTag).toBe('')
    expect(store.active()).toEqual([])
    await store.close()
  })

  it('an orphan stop repeated with another meter reading or time is a new orphan; the same one is a duplicate of the first', async () => {
    const store = await TransactionStore.open({ dir: await dirs.make(), logger: recordingLogger() })
    const first = await store.recordStop('CP9', -1, stop)
    expect((await store.recordStop('CP9', -1, { ...stop, timestamp: '2026-01-01T12:00:00Z' })).duplicate).toBe(false)
    const again = await store.recordStop('CP9', -1, { ...stop, reason: 'Remote', receivedAt: 'later' })
    expect(again.duplicate).toBe(true)
    expect(again.record).toBe(first.record)
    expect((await store.recordStop('CP8', -1, stop)).duplicate).toBe(false)
    expect(store.page().total).toBe(3)
    await store.close()
  })

  it('a start found twice in the journal (a retransmit written twice) is one transaction, counted once in every index', async () => {
    const dir = await dirs.make()
    const store = await TransactionStore.open({ dir, logger: recordingLogger() })
    await store.recordStart(start(5))
    await store.recordStart(start(5))
    expect(store.page()).toMatchObject({ total: 1 })
    expect(store.active().map((t) => t.transactionId)).toEqual([5])
    await store.recordStop('CP1', 5, stop)
    // Counted twice, the idTag and the connector would still look busy after the stop.
    expect(store.hasActiveTag('TAG-1')).toBe(false)
    expect(store.activeOn('CP1', 1)).toBeUndefined()
    await store.close()
    const reopened = await TransactionStore.open({ dir, logger: recordingLogger() })
    expect(reopened.page().total).toBe(1)
    expect(reopened.hasActiveTag('TAG-1')).toBe(false)
    expect(reopened.activeOn('CP1', 1)).toBeUndefined()
    await reopened.close()
  })

  it('two transactions of one idTag: the tag stays active until both are stopped', async () => {
    const store = await TransactionStore.open({ dir: await dirs.make(), logger: recordingLogger() })
    await store.recordStart(start(1, { idTag: 'tag-1' }))
    await store.recordStart(start(2, { connectorId: 2 }))
    await store.recordStop('CP1', 1, stop)
    expect(store.hasActiveTag('Tag-1')).toBe(true)
    expect(store.activeOn('CP1', 2)?.transactionId).toBe(2)
    await store.recordStop('CP1', 2, stop)
    expect(store.hasActiveTag('TAG-1')).toBe(false)
    expect(store.hasActiveTag('')).toBe(false)
    await store.close()
  })

  it('stopping an older transaction of a connector leaves the newer one running there', async () => {
    const store = await TransactionStore.open({ dir: await dirs.make(), logger: recordingLogger() })
    await store.recordStart(start(1))
    await store.recordStart(start(2, { idTag: 'TAG-2' }))
    await store.recordStop('CP1', 1, stop)
    expect(store.activeOn('CP1', 1)?.transactionId).toBe(2)
    await store.recordStop('CP1', 2, stop)
    expect(store.activeOn('CP1', 1)).toBeUndefined()
    await store.close()
  })

  it('filters combine, an idTag matches in any case, and a page past the end is empty with its total', async () => {
    const store = await TransactionStore.open({ dir: await dirs.make(), logger: recordingLogger() })
    await store.recordStart(start(1, { idTag: 'abc' }))
    await store.recordStart(start(2, { stationId: 'CP2', idTag: 'ABC' }))
    await store.recordStart(start(3, { idTag: 'other' }))
    await store.recordStop('CP1', 1, stop)
    expect(store.list({ idTag: 'AbC' }).map((t) => t.transactionId)).toEqual([2, 1])
    expect(store.list({ idTag: 'abc', stationId: 'CP1' }).map((t) => t.transactionId)).toEqual([1])
    expect(store.list({ idTag: 'abc', active: true }).map((t) => t.transactionId)).toEqual([2])
    expect(store.list({ stationId: 'CP1', active: true }).map((t) => t.transactionId)).toEqual([3])
    expect(store.page({ offset: 5 })).toEqual({ items: [], total: 3 })
    expect(store.page({ limit: 0 })).toEqual({ items: [], total: 3 })
    expect(store.page({ offset: 1, limit: 1 }).items.map((t) => t.transactionId)).toEqual([2])
    await store.close()
  })

  it('the highest id survives a reopen even when it was only a stop, and unreadable events of no station count as such', async () => {
    const dir = await dirs.make()
    const store = await TransactionStore.open({ dir, logger: recordingLogger() })
    await store.recordStart(start(3))
    await store.recordStart(start(2))
    await store.close()
    await appendFile(
      join(dir, 'transactions-000001.jsonl'),
      'not json, "transactionId":12345}\n{"type":"start","record":{"transactionId":99999999999999999}}\n{"type":"start","record":{"transactionId":9999999999999999}}\n{"type":"stop"}\n',
    )
    const reasons: string[] = []
    const reopened = await TransactionStore.open({ dir, logger: recordingLogger(), quarantine: (item) => (reasons.push(item.reason), 'aside') })
    // 9999999999999999 is not a safe integer: it cannot be an id the CSMS handed out.
    expect(reopened.maxTransactionId).toBe(12345)
    expect(reasons).toEqual(['it is not valid JSON', 'record.stationId is missing', 'record.stationId is missing', 'record is missing'])
    expect(reopened.unreadable('')).toBe(4)
    expect(reopened.unreadable()).toBe(4)
    expect(reopened.unreadable('CP1')).toBe(0)
    expect(reopened.list().map((t) => t.transactionId)).toEqual([2, 3])
    await reopened.close()
  })

  it('a retransmitted start is found by the same time written another way, not by another meterStart', async () => {
    const store = await TransactionStore.open({ dir: await dirs.make(), logger: recordingLogger() })
    await store.recordStart(start(4, { timestamp: '2026-01-01T12:00:00+02:00' }))
    expect(store.findRetransmit(startKey('CP1', 1, 'TAG-1', 100, '2026-01-01T10:00:00.000Z'))?.transactionId).toBe(4)
    expect(store.findRetransmit(startKey('CP1', 1, 'TAG-1', 101, '2026-01-01T10:00:00.000Z'))).toBeUndefined()
    expect(store.findRetransmit(startKey('CP1', 1, 'TAG-1', 100, 'garbage'))).toBeUndefined()
    await store.close()
  })

  it('a stop whose start could not be read leaves no half record behind; the rest of the journal loads', async () => {
    const dir = await dirs.make()
    const store = await TransactionStore.open({ dir, logger: recordingLogger() })
    await store.recordStart(start(1))
    await store.recordStart(start(2))
    await store.recordStop('CP1', 2, stop)
    await store.close()
    const file = join(dir, 'transactions-000001.jsonl')
    const lines = (await readFile(file, 'utf8')).split('\n')
    lines[1] = lines[1]!.replace('"meterStart":100', '"meterStart":"100"') // the start of 2 no longer fits its shape
    await writeFile(file, lines.join('\n'))
    const reopened = await TransactionStore.open({ dir, logger: recordingLogger() })
    expect(reopened.get(2)).toBeUndefined()
    expect(reopened.list().map((t) => t.transactionId)).toEqual([1])
    expect(reopened.maxTransactionId).toBe(2)
    await reopened.close()
  })

  it('an orphan stop does not swallow the same stop of a later transaction that got that id', async () => {
    const store = await TransactionStore.open({ dir: await dirs.make(), logger: recordingLogger() })
    expect((await store.recordStop('CP1', 9, stop)).record.orphan).toBe(true)
    await store.recordStart(start(9))
    const answer = await store.recordStop('CP1', 9, stop)
    expect(answer.duplicate).toBe(false)
    expect(answer.record.orphan).toBeUndefined()
    expect(store.get(9)?.stop).toEqual(stop)
    await store.close()
  })

  it('flush resolves once everything recorded so far is durable', async () => {
    let release!: () => void
    const released = new Promise<void>((resolve) => (release = resolve))
    let synced = 0
    const store = await TransactionStore.open({ dir: await dirs.make(), logger: recordingLogger(), datasync: async (handle) => (await released, await handle.datasync(), void (synced += 1)) })
    const started = store.recordStart(start(1))
    let flushed = false
    const flushing = store.flush().then(() => (flushed = true))
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(flushed).toBe(false)
    release()
    await Promise.all([started, flushing])
    expect(synced).toBe(1)
    await store.close()
  })
})
