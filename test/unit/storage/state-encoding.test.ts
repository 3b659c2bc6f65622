import { describe, expect, it, vi } from 'vitest'
import { encodeState } from '../../../src/main/storage/state-encoding'
import { deepFreeze } from '../../../src/main/storage/immutable'

const text = async (value: unknown): Promise<string> => (await encodeState(value)).toString('utf8')

describe('state file encoding (frozen records encoded once, in slices)', () => {
  it('writes exactly what JSON.stringify writes for mixed frozen and mutable data', async () => {
    const data = {
      version: 1,
      text: 'ünïcode "quoted" \n',
      empty: {},
      list: [1, undefined, null, 'x', { a: undefined, b: [true, false] }, () => 1],
      skipped: undefined,
      fn: () => 1,
      when: new Date(Date.UTC(2026, 10, 30)),
      stations: { 'CP "1"': deepFreeze({ id: 'CP "1"', connectors: { 1: { status: 'Available' } }, gone: undefined }), 'CP-2': { id: 'CP-2', nested: deepFreeze([{ n: 1 }]) } },
      counters: { transactionId: 1000 },
      last: undefined,
    }
    expect(await text(data)).toBe(JSON.stringify(data))
    expect(await text(undefined)).toBe('null')
    expect(await text('x')).toBe('"x"')
    expect(await text(deepFreeze({ a: 1 }))).toBe('{"a":1}')
  })

  it('encodes a frozen record once; a replaced record is encoded anew', async () => {
    let reads = 0
    const record = Object.defineProperty({ id: 'CP-1' }, 'status', { enumerable: true, get: () => (reads += 1, 'Available') })
    const state: { stations: Record<string, unknown> } = { stations: { 'CP-1': Object.freeze(record) } }
    const first = await text(state)
    expect(await text(state)).toBe(first)
    expect(reads).toBe(1)
    state.stations['CP-1'] = deepFreeze({ id: 'CP-1', status: 'Charging' })
    expect(await text(state)).toBe('{"stations":{"CP-1":{"id":"CP-1","status":"Charging"}}}')
  })

  it('changes made while a write is being encoded do not leak into it', async () => {
    const stations: Record<string, unknown> = {}
    for (let i = 0; i < 5000; i += 1) stations[`CP-${i}`] = deepFreeze({ id: `CP-${i}`, note: 'x'.repeat(200) })
    const state = { stations, counters: { n: 1 } }
    const expected = JSON.stringify(state)
    const pending = encodeState(state)
    state.counters.n = 2
    stations['CP-0'] = deepFreeze({ id: 'CP-0', note: 'changed' })
    delete stations['CP-1']
    expect((await pending).toString('utf8')).toBe(expected)
  })
})

describe('state file encoding holds the event loop only in short slices', () => {
  it('a large state is encoded in slices: other work runs between them, and the bytes are the same', async () => {
    const stations: Record<string, unknown> = {}
    for (let i = 0; i < 1000; i += 1) stations[`CP-${i}`] = deepFreeze({ id: `CP-${i}` })
    const state = { stations }
    // Every reading of the clock is 5 ms later: each check finds its slice used up.
    let clock = 0
    const now = vi.spyOn(performance, 'now').mockImplementation(() => (clock += 5))
    let turnsBetween = 0
    let done = false
    const tick = (): void => {
      if (done) return
      turnsBetween += 1
      setImmediate(tick)
    }
    setImmediate(tick)
    const bytes = await encodeState(state)
    done = true
    now.mockRestore()
    expect(bytes.toString('utf8')).toBe(JSON.stringify(state))
    // About one slice per 64 records, not one per record.
    expect(turnsBetween).toBeGreaterThanOrEqual(10)
    expect(turnsBetween).toBeLessThan(100)
  })

  it('a state encoded within its slice does not wait for the event loop', async () => {
    const stations: Record<string, unknown> = {}
    for (let i = 0; i < 1000; i += 1) stations[`CP-${i}`] = deepFreeze({ id: `CP-${i}` })
    const now = vi.spyOn(performance, 'now').mockReturnValue(1000)
    let turned = false
    setImmediate(() => (turned = true))
    await encodeState({ stations })
    now.mockRestore()
    expect(turned).toBe(false)
  })
})
