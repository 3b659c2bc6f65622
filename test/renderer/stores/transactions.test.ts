import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { setClient } from '@renderer/api'
import { useTransactionsStore } from '@renderer/stores/transactions'
import type { TransactionPage } from '@shared/contract'
import { deferred, FakeClient } from '../fake-client'
import { orphan, stopped, tx } from '../transaction-fixtures'

let client: FakeClient

/** The store as the Transactions page uses it: attached while the page is open. */
function openTransactions() {
  const store = useTransactionsStore()
  store.attach()
  return store
}

beforeEach(() => {
  setActivePinia(createPinia())
  client = new FakeClient()
  setClient(client)
})

const ids = (store: ReturnType<typeof useTransactionsStore>): number[] => store.items.map((t) => t.transactionId)

describe('transactions store', () => {
  it('listens only while its page is open, for the filtered station only, and reloads on return', async () => {
    client.handle('listTransactions', () => ({ items: [tx(1)], total: 1 }))
    const store = useTransactionsStore()
    expect(client.listenerCount('transactionUpdated')).toBe(0)
    store.attach()
    await store.load()
    expect(client.subscription()).toEqual({ transactionUpdated: 'all' })
    await store.setFilter({ stationId: 'CP7' })
    expect(client.subscription()).toEqual({ transactionUpdated: ['CP7'] })
    store.detach()
    expect(client.subscription()).toEqual({})
    const before = client.callsOf('listTransactions').length
    store.attach()
    await vi.waitFor(() => expect(client.callsOf('listTransactions')).toHaveLength(before + 1))
    expect(client.subscription()).toEqual({ transactionUpdated: ['CP7'] })
  })

  it('loads the first page of listTransactions with the filter, offset and limit', async () => {
    client.handle('listTransactions', () => ({ items: [tx(2), stopped(1, 5000)], total: 2 }))
    const store = openTransactions()
    await store.setFilter({ stationId: 'CP1', idTag: '  TAG1 ' })
    expect(client.callsOf('listTransactions')).toEqual([{ stationId: 'CP1', idTag: 'TAG1', offset: 0, limit: 50 }])
    expect(ids(store)).toEqual([2, 1])
    expect(store.total).toBe(2)
    expect(store.loaded).toBe(true)
  })

  it('puts a started transaction at the top and replaces a transaction by id on later updates', async () => {
    client.handle('listTransactions', () => ({ items: [tx(2), tx(1)], total: 2 }))
    const store = openTransactions()
    await store.load()

    client.emit('transactionUpdated', tx(3))
    expect(ids(store)).toEqual([3, 2, 1])
    expect(store.total).toBe(3)

    client.emit('transactionUpdated', tx(2, { registerEnergyWh: 1234 }))
    client.emit('transactionUpdated', stopped(1, 9000))
    expect(ids(store)).toEqual([3, 2, 1])
    expect(store.items[1]?.registerEnergyWh).toBe(1234)
    expect(store.items[2]?.active).toBe(false)
    expect(store.total).toBe(3)
  })

  it('ignores a late running copy of a transaction that already stopped', async () => {
    client.handle('listTransactions', () => ({ items: [stopped(1, 9000)], total: 1 }))
    const store = openTransactions()
    await store.load()
    client.emit('transactionUpdated', tx(1, { registerEnergyWh: 10 }))
    expect(store.items[0]?.active).toBe(false)
    expect(store.items[0]?.energyWh).toBe(8000)
  })

  it('respects the filter: other stations and idTags are not added, a stop leaves the running view', async () => {
    client.handle('listTransactions', () => ({ items: [tx(1)], total: 1 }))
    const store = openTransactions()
    await store.setFilter({ stationId: 'CP1', active: true, idTag: 'tag1' })

    client.emit('transactionUpdated', tx(2, { stationId: 'CP2' }))
    client.emit('transactionUpdated', tx(3, { idTag: 'OTHER' }))
    client.emit('transactionUpdated', tx(4, { idTag: 'Tag1' }))
    expect(ids(store)).toEqual([4, 1])

    client.emit('transactionUpdated', stopped(1, 3000))
    expect(ids(store)).toEqual([4])
    expect(store.total).toBe(1)
  })

  it('keeps orphan stops apart: repeated ids from other stations or times are separate rows, never a real transaction', async () => {
    client.handle('listTransactions', () => ({ items: [tx(5, { stationId: 'CP2' })], total: 1 }))
    const store = openTransactions()
    await store.load()

    client.emit('transactionUpdated', orphan('CP1', '2024-05-02T10:00:00.000Z'))
    client.emit('transactionUpdated', orphan('CP2', '2024-05-02T10:00:05.000Z'))
    client.emit('transactionUpdated', orphan('CP1', '2024-05-02T10:00:09.000Z'))
    // An orphan that happens to carry a real transaction's id, from another station.
    client.emit('transactionUpdated', orphan('CP9', '2024-05-02T10:00:10.000Z', 5))
    // The same orphan again (a repeated event) does not add a row.
    client.emit('transactionUpdated', orphan('CP1', '2024-05-02T10:00:09.000Z'))

    expect(store.items.map((t) => `${t.stationId}:${t.transactionId}:${t.orphan ? 'orphan' : 'tx'}`)).toEqual([
      'CP9:5:orphan',
      'CP1:-1:orphan',
      'CP2:-1:orphan',
      'CP1:-1:orphan',
      'CP2:5:tx',
    ])
    expect(store.items.at(-1)?.active).toBe(true)
    expect(store.total).toBe(5)
  })

  it('keeps events that arrive while the snapshot is in flight', async () => {
    const snapshot = deferred<TransactionPage>()
    client.handle('listTransactions', () => snapshot.promise)
    const store = openTransactions()
    const loading = store.load()
    client.emit('transactionUpdated', tx(3))
    client.emit('transactionUpdated', stopped(1, 2500))
    snapshot.resolve({ items: [tx(2), tx(1)], total: 2 })
    await loading
    expect(ids(store)).toEqual([3, 2, 1])
    expect(store.items[2]?.active).toBe(false)
    expect(store.total).toBe(3)
  })

  it('pages with offset and limit, and only counts a new start when an older page is shown', async () => {
    client.handle('listTransactions', (args) => ({ items: args.offset === 2 ? [tx(2), tx(1)] : [tx(4), tx(3)], total: 4 }))
    const store = openTransactions()
    await store.setPage(2, 2)
    expect(client.callsOf('listTransactions').at(-1)).toEqual({ offset: 2, limit: 2 })
    expect(store.page).toBe(2)
    expect(ids(store)).toEqual([2, 1])

    client.emit('transactionUpdated', tx(5))
    expect(ids(store)).toEqual([2, 1])
    expect(store.total).toBe(5)

    await store.setPage(1)
    client.emit('transactionUpdated', tx(6))
    // Full page: the oldest row moves to the next page.
    expect(ids(store)).toEqual([6, 4])
  })

  it('says what failed and how to get the list when listTransactions fails', async () => {
    client.handle('listTransactions', () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:8180')
    })
    const store = openTransactions()
    await store.load()
    expect(store.error).toBe('Could not load the transactions: connect ECONNREFUSED 127.0.0.1:8180')
    expect(store.loading).toBe(false)
    expect(store.loaded).toBe(false)
  })

  it('reloads the page when the transport asks for a resync', async () => {
    let page: TransactionPage = { items: [tx(1)], total: 1 }
    client.handle('listTransactions', () => page)
    const store = openTransactions()
    await store.load()
    page = { items: [tx(2), tx(1)], total: 2 }
    client.resync()
    await vi.waitFor(() => expect(ids(store)).toEqual([2, 1]))
  })

  it('exports the current filter as CSV and downloads it', async () => {
    client.handle('listTransactions', () => ({ items: [], total: 0 }))
    client.handle('exportTransactionsCsv', () => ({ fileName: 'transactions-CP1.csv', content: 'transactionId\n', count: 0 }))
    const createObjectURL = vi.fn(() => 'blob:x')
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() })
    const store = openTransactions()
    await store.setFilter({ stationId: 'CP1', active: false })
    const result = await store.exportCsv()
    expect(client.callsOf('exportTransactionsCsv')).toEqual([{ stationId: 'CP1', active: false }])
    expect(result.fileName).toBe('transactions-CP1.csv')
    expect(createObjectURL).toHaveBeenCalledOnce()
    const blob = (createObjectURL.mock.calls[0] as unknown as [Blob])[0]
    expect(blob.type).toContain('text/csv')
    expect(await blob.text()).toBe('transactionId\n')
  })
})
