import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { setClient } from '@renderer/api'
import { useStationsStore } from '@renderer/stores/stations'
import type { StationSummary } from '@shared/contract'
import { deferred, FakeClient } from '../fake-client'
import { station } from '../fixtures'

let client: FakeClient

beforeEach(() => {
  setActivePinia(createPinia())
  client = new FakeClient()
  setClient(client)
})

describe('stations store', () => {
  it('loads the listStations snapshot, sorted by identity in natural order, and counts the online ones', async () => {
    client.handle('listStations', () => [station('CP10', true), station('CP2', false), station('CP1', true)])
    const store = useStationsStore()
    await store.load()
    expect(store.list.map((s) => s.id)).toEqual(['CP1', 'CP2', 'CP10'])
    expect(store.onlineCount).toBe(2)
    expect(store.count).toBe(3)
    expect(store.loaded).toBe(true)
  })

  it('replaces a station by id on stationConnected / stationDisconnected / stationUpdated', async () => {
    client.handle('listStations', () => [station('CP1', false), station('CP2', false)])
    const store = useStationsStore()
    await store.load()

    client.emit('stationConnected', station('CP1', true))
    expect(store.get('CP1')?.connection.connected).toBe(true)
    expect(store.onlineCount).toBe(1)

    client.emit('stationUpdated', station('CP1', true, { registrationStatus: 'Pending' }))
    expect(store.get('CP1')?.registrationStatus).toBe('Pending')
    expect(store.count).toBe(2)

    client.emit('stationDisconnected', station('CP1', false))
    expect(store.onlineCount).toBe(0)
  })

  it('keeps natural order as stations appear; updates of known stations do not reorder or re-sort', async () => {
    client.handle('listStations', () => [station('CP10', false), station('CP2', false)])
    const store = useStationsStore()
    await store.load()
    client.emit('stationConnected', station('CP3', true))
    client.emit('stationConnected', station('CP1', true))
    client.emit('stationConnected', station('CP20', true))
    expect(store.list.map((s) => s.id)).toEqual(['CP1', 'CP2', 'CP3', 'CP10', 'CP20'])
    const compare = vi.spyOn(Intl.Collator.prototype, 'compare', 'get')
    for (let i = 0; i < 100; i += 1) client.emit('stationUpdated', station('CP2', i % 2 === 0))
    expect(store.list.map((s) => s.id)).toEqual(['CP1', 'CP2', 'CP3', 'CP10', 'CP20'])
    expect(store.get('CP2')?.connection.connected).toBe(false)
    expect(compare).not.toHaveBeenCalled()
    compare.mockRestore()
  })

  it('adds a station it did not know when it connects', async () => {
    client.handle('listStations', () => [])
    const store = useStationsStore()
    await store.load()
    client.emit('stationConnected', station('NEW', true))
    expect(store.list.map((s) => s.id)).toEqual(['NEW'])
  })

  it('keeps an event that arrives while the snapshot is in flight', async () => {
    const snapshot = deferred<StationSummary[]>()
    client.handle('listStations', () => snapshot.promise)
    const store = useStationsStore()
    const loading = store.load()
    client.emit('stationConnected', station('CP1', true))
    snapshot.resolve([station('CP1', false), station('CP2', false)])
    await loading
    expect(store.get('CP1')?.connection.connected).toBe(true)
    expect(store.count).toBe(2)
  })

  it('reloads the snapshot when the transport asks for a resync', async () => {
    let answer = [station('CP1', false)]
    client.handle('listStations', () => answer)
    const store = useStationsStore()
    await store.load()
    answer = [station('CP1', true), station('CP2', true)]
    client.resync()
    await new Promise((r) => setTimeout(r, 0))
    expect(store.onlineCount).toBe(2)
    expect(client.callsOf('listStations')).toHaveLength(2)
  })

  it('says what failed when the snapshot cannot be loaded', async () => {
    client.handle('listStations', () => {
      throw new Error('socket hang up')
    })
    const store = useStationsStore()
    await store.load()
    expect(store.error).toContain('socket hang up')
    expect(store.loading).toBe(false)
  })
})
