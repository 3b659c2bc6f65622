/**
 * The counter's reservations at their edges (DESIGN rule 9: an id is never handed out twice): the
 * last id of a block, the half-block mark, block growth once per reservation, warmUp after use,
 * nextAbove after a crash, and a counter closed before its state store.
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { CounterRepository, DEFAULT_COUNTER_BLOCK } from '../../../src/main/storage/counter-repository'
import { StateStore } from '../../../src/main/storage/state-store'
import { recordingLogger, tempDirs } from './helpers'

const dirs = tempDirs()
const stores: StateStore[] = []
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()))
  await dirs.cleanup()
})

async function openStore(file?: string): Promise<StateStore> {
  const store = await StateStore.open({ ...(file ? { file } : {}), logger: recordingLogger() })
  stores.push(store)
  return store
}

const reservedOnDisk = (store: StateStore, name: string) => store.read((data) => data.counters[name])

describe('counter reservations', () => {
  it('with a block of one id, each id is handed out once it is reserved, the last of its block included', async () => {
    const store = await openStore()
    const counters = new CounterRepository(store, 1)
    const ids: number[] = []
    for (let i = 0; i < 5; i += 1) ids.push(await counters.next('x'))
    expect(ids).toEqual([1, 2, 3, 4, 5])
    expect(reservedOnDisk(store, 'x')).toBeGreaterThanOrEqual(5)
  })

  it('the next block is reserved once more than half of the current one is used, not before', async () => {
    const store = await openStore()
    const counters = new CounterRepository(store)
    for (let i = 0; i < DEFAULT_COUNTER_BLOCK / 2; i += 1) await counters.next('x')
    await store.flushNow()
    expect(reservedOnDisk(store, 'x')).toBe(DEFAULT_COUNTER_BLOCK)
    await counters.next('x')
    await store.flushNow()
    expect(reservedOnDisk(store, 'x')).toBe(2 * DEFAULT_COUNTER_BLOCK)
  })

  it('callers outrunning one reservation double the block once, however many of them wait on it', async () => {
    const store = await openStore()
    const counters = new CounterRepository(store)
    counters.warmUp('x')
    await store.flushNow()
    const ids = await Promise.all(Array.from({ length: DEFAULT_COUNTER_BLOCK + 10 }, () => counters.next('x')))
    expect(new Set(ids).size).toBe(ids.length)
    expect(Math.max(...ids)).toBe(DEFAULT_COUNTER_BLOCK + 10)
    expect(counters.block('x')).toBe(2 * DEFAULT_COUNTER_BLOCK)
  })

  it('warmUp after ids were handed out changes nothing: the next id follows the last one', async () => {
    const store = await openStore()
    const counters = new CounterRepository(store)
    expect(await counters.next('x')).toBe(1)
    counters.warmUp('x')
    expect(await counters.next('x')).toBe(2)
  })

  it('warmUp after close reserves nothing', async () => {
    const store = await openStore()
    const counters = new CounterRepository(store)
    await counters.close()
    counters.warmUp('x')
    await store.flushNow()
    expect(reservedOnDisk(store, 'x')).toBeUndefined()
  })

  it('a counter closed before its state store refuses ids and says which counter', async () => {
    const store = await openStore()
    const counters = new CounterRepository(store)
    await counters.next('x')
    await counters.close()
    await expect(counters.next('x')).rejects.toMatchObject({ code: 'STORE_CLOSED', message: expect.stringMatching(/Counter "x".*closed/) })
  })

  it('closing a counter that handed out no ids does not rewrite the state file', async () => {
    const store = await openStore()
    const counters = new CounterRepository(store)
    await counters.close()
    await store.close()
    expect(store.writes).toBe(0)
  })

  it('after a crash, nextAbove a floor just below the stored reservation still hands out an id above the reservation', async () => {
    const dir = await dirs.make()
    const file = join(dir, 'state.json')
    // Ids up to 1000 were reserved, and may have been handed out, before the crash.
    await writeFile(file, JSON.stringify({ version: 1, counters: { reservationId: 1000 } }))
    const counters = new CounterRepository(await openStore(file))
    expect(await counters.nextAbove('reservationId', 999)).toBe(1001)
  })
})
