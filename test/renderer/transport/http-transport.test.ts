import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '@renderer/api'
import { createHttpTransport, eventsUrl, type WebSocketLike } from '@renderer/transport/http-transport'
import type { CsmsTransport } from '@renderer/transport/transport'
import { station } from '../fixtures'

class FakeSocket implements WebSocketLike {
  onopen: ((ev: unknown) => void) | null = null
  onclose: ((ev: unknown) => void) | null = null
  onerror: ((ev: unknown) => void) | null = null
  onmessage: ((ev: { data: unknown }) => void) | null = null
  closed = false
  /** What the transport sent to main, parsed. */
  readonly sent: unknown[] = []
  constructor(readonly url: string) {}
  open(): void {
    this.onopen?.({})
  }
  /** Main → page. */
  push(message: unknown): void {
    this.onmessage?.({ data: JSON.stringify(message) })
  }
  /** Page → main. */
  send(data: string): void {
    this.sent.push(JSON.parse(data))
  }
  drop(): void {
    this.onerror?.({})
    this.onclose?.({})
  }
  close(): void {
    this.closed = true
  }
}

let sockets: FakeSocket[]
let transport: CsmsTransport | undefined
const last = (): FakeSocket => sockets[sockets.length - 1] as FakeSocket

function make(fetchImpl: typeof fetch = vi.fn()): CsmsTransport {
  transport = createHttpTransport({
    baseUrl: 'http://127.0.0.1:8180',
    fetch: fetchImpl,
    webSocket: (url) => {
      const s = new FakeSocket(url)
      sockets.push(s)
      return s
    },
    minDelayMs: 500,
    maxDelayMs: 5000,
  })
  return transport
}

const json = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

beforeEach(() => {
  sockets = []
  vi.useFakeTimers()
})
afterEach(() => {
  transport?.close()
  transport = undefined
  vi.useRealTimers()
})

describe('http transport', () => {
  it('posts the command arguments as JSON to /api/<command> and answers the result', async () => {
    const fetchImpl = vi.fn(async () => json(200, [station('CP1', true)]))
    const t = make(fetchImpl as unknown as typeof fetch)
    const result = await t.invoke('getStation', { stationId: 'CP1' })
    expect(result).toEqual([station('CP1', true)])
    const [url, init] = fetchImpl.mock.calls[0] as unknown as [string, RequestInit]
    expect(url).toBe('http://127.0.0.1:8180/api/getStation')
    expect(init.method).toBe('POST')
    expect(JSON.parse(String(init.body))).toEqual({ stationId: 'CP1' })
  })

  it('turns an error body into an ApiError with its code, message and details', async () => {
    const body = { error: { code: 'NotFound', message: 'Unknown station CP9', details: { stationId: 'CP9' } } }
    const t = make((async () => json(404, body)) as unknown as typeof fetch)
    const err = await t.invoke('getStation', { stationId: 'CP9' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({ code: 'NotFound', message: 'Unknown station CP9', details: { stationId: 'CP9' } })
  })

  it('reports an HTTP failure without an error body, and an unreachable API, as ApiErrors', async () => {
    const t = make((async () => new Response('oops', { status: 502, statusText: 'Bad Gateway' })) as unknown as typeof fetch)
    await expect(t.invoke('listStations', {})).rejects.toMatchObject({ code: 'Internal' })

    const down = make((async () => {
      throw new TypeError('Failed to fetch')
    }) as unknown as typeof fetch)
    await expect(down.invoke('listStations', {})).rejects.toMatchObject({ code: 'NetworkError' })
  })

  it('opens the event socket on ws://<host>/api/events and dispatches each event to its listeners', () => {
    const t = make()
    expect(last().url).toBe('ws://127.0.0.1:8180/api/events')
    expect(eventsUrl('https://example.test:9000')).toBe('wss://example.test:9000/api/events')
    const connected = vi.fn()
    const tasks = vi.fn()
    t.on('stationConnected', connected)
    const off = t.on('taskUpdated', tasks)
    last().open()
    last().push({ event: 'stationConnected', data: station('CP1', true) })
    off()
    last().push({ event: 'taskUpdated', data: {} })
    last().onmessage?.({ data: 'not json' })
    expect(connected).toHaveBeenCalledWith(station('CP1', true))
    expect(tasks).not.toHaveBeenCalled()
  })

  it('exposes the connection state and reconnects with a bounded backoff', () => {
    const t = make()
    const states: string[] = []
    t.onState((s) => states.push(s))
    expect(t.getState()).toBe('connecting')
    last().open()
    expect(t.getState()).toBe('open')

    last().drop()
    expect(t.getState()).toBe('closed')
    vi.advanceTimersByTime(499)
    expect(sockets).toHaveLength(1)
    vi.advanceTimersByTime(1)
    expect(sockets).toHaveLength(2)
    expect(t.getState()).toBe('connecting')

    // Failing attempts back off 1 s, 2 s, 4 s, then stay at the 5 s bound.
    for (const delay of [1000, 2000, 4000, 5000, 5000]) {
      last().drop()
      const before = sockets.length
      vi.advanceTimersByTime(delay - 1)
      expect(sockets).toHaveLength(before)
      vi.advanceTimersByTime(1)
      expect(sockets).toHaveLength(before + 1)
    }
    last().open()
    expect(states).toEqual(['open', 'closed', 'connecting', ...Array(5).fill(['closed', 'connecting']).flat(), 'open'])
  })

  it('asks for a resync after a reconnect, not on the first connection', () => {
    const t = make()
    const resync = vi.fn()
    t.onResync(resync)
    last().open()
    expect(resync).not.toHaveBeenCalled()
    last().drop()
    vi.advanceTimersByTime(500)
    last().open()
    expect(resync).toHaveBeenCalledOnce()
  })

  it('asks for a resync on the first connection when a snapshot was fetched before the socket opened', async () => {
    const t = make((async () => json(200, [])) as unknown as typeof fetch)
    const resync = vi.fn()
    t.onResync(resync)
    await t.invoke('listStations', {})
    last().open()
    expect(resync).toHaveBeenCalledOnce()
  })

  it('stops reconnecting once closed', () => {
    const t = make()
    last().open()
    t.close()
    expect(last().closed).toBe(true)
    vi.advanceTimersByTime(60_000)
    expect(sockets).toHaveLength(1)
    expect(t.getState()).toBe('closed')
  })

  it('tells main which events its listeners want, on opening and whenever the listeners change', async () => {
    const t = make()
    t.on('stationUpdated', vi.fn())
    const offLog = t.on('messagesLogged', vi.fn(), { stationId: 'CP2' })
    t.on('messagesLogged', vi.fn(), { stationId: 'CP1' })
    last().open()
    expect(last().sent).toEqual([{ subscribe: { stationUpdated: 'all', messagesLogged: ['CP1', 'CP2'] } }])
    offLog()
    await Promise.resolve()
    expect(last().sent[1]).toEqual({ subscribe: { stationUpdated: 'all', messagesLogged: ['CP1'] } })
    // After a reconnect main knows nothing of this page: it is told again.
    last().drop()
    vi.advanceTimersByTime(500)
    last().open()
    expect(last().sent).toEqual([{ subscribe: { stationUpdated: 'all', messagesLogged: ['CP1'] } }])
  })

  it('a listener for one station sees only that station’s frames, whatever else arrives', () => {
    const t = make()
    const mine = vi.fn()
    const everything = vi.fn()
    t.on('messagesLogged', mine, { stationId: 'CP1' })
    t.on('messagesLogged', everything)
    last().open()
    const frames = [
      { seq: 1, stationId: 'CP1' },
      { seq: 2, stationId: 'CP2' },
    ]
    last().push({ event: 'messagesLogged', data: frames })
    last().push({ event: 'messagesLogged', data: [{ seq: 3, stationId: 'CP2' }] })
    expect(mine.mock.calls).toEqual([[[{ seq: 1, stationId: 'CP1' }]]])
    expect(everything).toHaveBeenCalledTimes(2)
  })

  it('a command sent right after subscribing waits until main confirmed the subscription, so its snapshot misses no event', async () => {
    const fetchImpl = vi.fn(async () => json(200, []))
    const t = make(fetchImpl as unknown as typeof fetch)
    last().open()
    last().push({ subscribed: true }) // main confirms what the page wanted on opening (nothing yet)
    t.on('transactionUpdated', vi.fn())
    const answered = t.invoke('listTransactions', {})
    await vi.advanceTimersByTimeAsync(0)
    expect(last().sent.at(-1)).toEqual({ subscribe: { transactionUpdated: 'all' } })
    expect(fetchImpl).not.toHaveBeenCalled()
    last().push({ subscribed: true })
    await answered
    expect(fetchImpl).toHaveBeenCalledOnce()
    // Nothing changed since: the next command goes at once.
    await t.invoke('listTransactions', {})
    expect(fetchImpl).toHaveBeenCalledTimes(2)
  })

  it('a command does not wait for ever when main never confirms the subscription', async () => {
    const fetchImpl = vi.fn(async () => json(200, []))
    const t = make(fetchImpl as unknown as typeof fetch)
    last().open()
    t.on('transactionUpdated', vi.fn())
    const answered = t.invoke('listTransactions', {})
    await vi.advanceTimersByTimeAsync(1999)
    expect(fetchImpl).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    await answered
    expect(fetchImpl).toHaveBeenCalledOnce()
  })
})
