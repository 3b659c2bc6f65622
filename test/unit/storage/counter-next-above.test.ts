/**
 * Ids are never handed out twice (DESIGN rule 9), also when an id was used outside the counter: a
 * reservationId an operator typed, a list version a station reported. `nextAbove(name, floor)`
 * must hand out an id above `floor` even when `floor` is exactly the counter's next id.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { CounterRepository } from '../../../src/main/storage/counter-repository'
import { memoryStores } from './helpers'

const stores = memoryStores()
afterEach(() => stores.closeAll())

async function counters(): Promise<CounterRepository> {
  return new CounterRepository(await stores.open())
}

describe('counter: nextAbove at its boundary', () => {
  it('a floor equal to the next id is not handed out again: the id after it is', async () => {
    const c = await counters()
    expect(await c.next('reservationId')).toBe(1)
    // The counter would hand out 2 next; 2 was used elsewhere (typed by a person).
    expect(await c.nextAbove('reservationId', 2), 'nextAbove handed out its floor').toBe(3)
    expect(await c.next('reservationId')).toBe(4)
  })

  it('a floor equal to the first id of a fresh counter is skipped too', async () => {
    const c = await counters()
    expect(await c.nextAbove('localListVersion:CP1', 1)).toBe(2)
  })

  it('a floor just below the next id skips nothing; one above it jumps past it', async () => {
    const c = await counters()
    expect(await c.next('chargingProfileId')).toBe(1)
    expect(await c.nextAbove('chargingProfileId', 1)).toBe(2)
    expect(await c.nextAbove('chargingProfileId', 10)).toBe(11)
    expect(await c.next('chargingProfileId')).toBe(12)
  })

  it('never hands out the same id twice, whatever floors come in', async () => {
    const c = await counters()
    const handed: number[] = []
    for (let i = 0; i < 200; i += 1) {
      // Floors at, below and just above the next id, as typed and reported ids would be.
      const next = (handed.at(-1) ?? 0) + 1
      const floor = [next, next - 1, next + 1, 0][i % 4]!
      handed.push(await c.nextAbove('reservationId', floor))
      expect(handed.at(-1)!).toBeGreaterThan(floor)
    }
    expect(new Set(handed).size).toBe(handed.length)
  })
})
