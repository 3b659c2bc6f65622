/**
 * The OCPP-J endpoint's rules (server.ts) that a station or a stray client meets at the upgrade:
 * malformed request targets and handshakes refused with the endpoint's own answer, what the upgrade
 * grants (no compression, a 1 MiB frame limit by default), and what happens to newcomers and
 * silent stations while the Central System stops.
 */
import { EventEmitter } from 'node:events'
import { connect, type Socket } from 'node:net'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { WebSocket } from 'ws'
import { installLastResort, type ProcessEvents } from '../../../src/main/util/last-resort'
import { accepted, forget, open, rawExchange, refusal, start, stopEverything, upgradeRequest } from './ocpp-server-rig'

afterEach(stopEverything)

/** The status line and body of a raw HTTP answer. */
function parsed(answer: string): { status: number; head: string; body: string } {
  const [head = '', body = ''] = answer.split('\r\n\r\n')
  return { status: Number(head.split(' ')[1]), head, body }
}

/** A plain HTTP GET of `target` (no upgrade); its answer is plain text that closes the connection. */
async function plainGet(target: string) {
  const { port } = await start()
  const answer = parsed(await rawExchange(port, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`))
  expect(answer.head).toMatch(/\r\ncontent-type: text\/plain; charset=utf-8\r\n/i)
  expect(answer.head).toMatch(/\r\nconnection: close\r\n/i)
  return answer
}

describe('request targets and handshakes the endpoint refuses itself', () => {
  it('an upgrade to a full URL instead of a path is 400, said and reported', async () => {
    const { port, refused, connected } = await start()
    const answer = parsed(await rawExchange(port, upgradeRequest('http://127.0.0.1/ocpp/CP1')))
    expect(answer.status).toBe(400)
    expect(answer.body).toContain('Only a path is accepted as the request target')
    expect(refused).toEqual([{ identity: undefined, status: 400, message: expect.stringContaining('Only a path'), remoteAddress: '127.0.0.1' }])
    expect(connected).toEqual([])
  })

  it('an identity with a broken percent escape is 400, not a connection under a garbled name', async () => {
    const { port, connected } = await start()
    const answer = parsed(await rawExchange(port, upgradeRequest('/ocpp/CP%zz')))
    expect(answer.status).toBe(400)
    expect(answer.body).toContain('not valid percent-encoding')
    expect(connected).toEqual([])
  })

  it('a blank identity is 404 saying so', async () => {
    const { port, refused } = await start()
    expect(refusal(await open(port, '/ocpp/%20%20'))).toMatchObject({ status: 404, body: expect.stringContaining('The charge point identity is blank') })
    expect(refused[0]).toMatchObject({ status: 404, identity: undefined })
  })

  it('an upgrade by POST is 405 with Allow: GET; an unknown WebSocket version is 400 naming the versions served; both are reported', async () => {
    const { port, refused, connected } = await start()
    const post = parsed(await rawExchange(port, upgradeRequest('/ocpp/CP1', { method: 'POST', headers: { 'Content-Length': '0' } })))
    expect(post.status).toBe(405)
    expect(post.head).toMatch(/\r\nAllow: GET/i)
    expect(post.body).toContain('A WebSocket is opened with GET')
    const version = parsed(await rawExchange(port, upgradeRequest('/ocpp/CP1', { headers: { 'Sec-WebSocket-Version': '12' } })))
    expect(version.status).toBe(400)
    expect(version.head).toMatch(/\r\nSec-WebSocket-Version: 13, 8/i)
    expect(version.body).toContain('Unsupported WebSocket version')
    expect(refused.map((r) => r.status)).toEqual([405, 400])
    expect(connected).toEqual([])
  })

  it('a plain HTTP request with a broken target is told what is wrong with it, not sent to the WebSocket notice', async () => {
    const answer = await plainGet('/ocpp/%zz')
    expect(answer.status).toBe(400)
    expect(answer.body).toMatch(/The request path is not valid percent-encoding.*\n/)
  })

  it('the plain HTTP notice may not be framed or loaded as a page', async () => {
    const answer = await plainGet('/ocpp/CP1')
    expect(answer.status).toBe(426)
    expect(answer.head).toMatch(/\r\nupgrade: websocket\r\n/i)
    expect(answer.head).toMatch(/\r\ncontent-security-policy: default-src 'none'; frame-ancestors 'none'/i)
    expect(answer.head).toMatch(/\r\nx-frame-options: DENY/i)
  })

  it('a refusal listener that throws: the station gets a 500, and the last resort hears which endpoint and request', async () => {
    const lines: string[] = []
    const lastResort = installLastResort({ process: new EventEmitter() as unknown as ProcessEvents, log: (line) => void lines.push(line), onFatal: () => undefined })
    try {
      const { port } = await start({
        onRefused: () => {
          throw new Error('refusal log is broken')
        },
      })
      const answer = refusal(await open(port, '/ocpp/CP1', { protocols: ['ocpp2.0.1'] }))
      expect(answer.status).toBe(500)
      expect(answer.body).not.toContain('refusal log is broken')
      expect(lines).toEqual([expect.stringMatching(/^Unexpected error in OCPP endpoint \(upgrade GET \/ocpp\/CP1\)[\s\S]*refusal log is broken/)])
    } finally {
      lastResort.uninstall()
    }
  })

  it('without a refusal listener a refusal is still answered', async () => {
    const { port } = await start({ onRefused: undefined })
    expect(refusal(await open(port, '/ocpp/CP1', { protocols: ['ocpp2.0.1'] })).status).toBe(400)
  })
})

describe('what the upgrade grants', () => {
  it('no per-message compression, even when the station offers it (a compressed frame would dodge the size limit)', async () => {
    const { port } = await start()
    const ws = accepted(await open(port, '/ocpp/CP1', { client: { perMessageDeflate: true } }))
    expect(ws.extensions).toBe('')
  })

  it('without a configured limit, a frame of 1 MiB is answered and a larger one closes the connection as too large (1009)', async () => {
    const { port, disconnected } = await start()
    const ws = accepted(await open(port, '/ocpp/CP1'))
    const frame = (id: string, size: number) => {
      const head = JSON.stringify([2, id, 'DataTransfer', { vendorId: 'v', data: '' }])
      return JSON.stringify([2, id, 'DataTransfer', { vendorId: 'v', data: 'x'.repeat(size - head.length) }])
    }
    expect(frame('a', 1024 * 1024)).toHaveLength(1024 * 1024)
    /** What the station hears next: an answer, or the close with its code. */
    const next = () => new Promise<string>((resolve) => {
      ws.once('message', () => resolve('answered'))
      ws.once('close', (code) => resolve(`closed ${code}`))
    })
    const first = next()
    ws.send(frame('a', 1024 * 1024))
    expect(await first).toBe('answered')
    expect(disconnected).toEqual([])
    const second = next()
    ws.send(frame('b', 1024 * 1024 + 1))
    expect(await second).toBe('closed 1009')
    await vi.waitFor(() => expect(disconnected).toHaveLength(1), { timeout: 10_000, interval: 5 })
    // The station did not lose the connection: the Central System closed it for the frame's size.
    expect(disconnected[0]!.info).toMatchObject({ code: 1009, replaced: false })
    expect(disconnected[0]!.info.reason).toContain('frame too large')
  })

  it('a connection the Central System closes is reported with the Central System’s whole reason, not the part a close frame carries', async () => {
    const { server, port, disconnected } = await start()
    accepted(await open(port, '/ocpp/CP1'))
    const reason = `Reset by the operator: ${'r'.repeat(200)}`
    server.get('CP1')!.close(1000, reason)
    await vi.waitFor(() => expect(disconnected).toHaveLength(1), { timeout: 10_000, interval: 5 })
    expect(disconnected[0]!.info).toEqual({ code: 1000, reason, replaced: false })
  })

  it('a station that closes with 1009 and no reason is reported as having found a frame too large', async () => {
    const { port, disconnected } = await start()
    accepted(await open(port, '/ocpp/CP1')).close(1009)
    await vi.waitFor(() => expect(disconnected).toHaveLength(1), { timeout: 10_000, interval: 5 })
    expect(disconnected[0]!.info).toEqual({ code: 1009, reason: 'frame too large', replaced: false })
  })
})

/** A station that upgraded by hand and never answers a close frame. */
function silentStation(port: number, identity: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => socket.write(upgradeRequest(`/ocpp/${identity}`)))
    socket.once('data', (chunk: Buffer) => (chunk.toString().startsWith('HTTP/1.1 101') ? resolve(socket) : reject(new Error(chunk.toString()))))
    socket.on('error', () => undefined)
  })
}

describe('stopping', () => {
  it('while the Central System stops, a new station is refused 503 saying so, and reported', async () => {
    const { server, port, refused, connected } = await start()
    const silent = await silentStation(port, 'Silent')
    await vi.waitFor(() => expect(connected).toHaveLength(1), { timeout: 5000, interval: 5 })
    const stopped = server.stop(60_000)
    try {
      const late = refusal(await open(port, '/ocpp/Late'))
      expect(late).toMatchObject({ status: 503, body: expect.stringContaining('Central System is shutting down') })
      expect(refused).toEqual([{ identity: undefined, status: 503, message: 'Central System is shutting down', remoteAddress: '127.0.0.1' }])
    } finally {
      silent.destroy()
      await stopped
      forget(server)
    }
  })

  it('a station that does not answer the close is cut after the grace period, and stopping ends', async () => {
    const { server, port, connected, disconnected } = await start()
    const silent = await silentStation(port, 'Silent')
    await vi.waitFor(() => expect(connected).toHaveLength(1), { timeout: 5000, interval: 5 })
    const gone = new Promise((resolve) => silent.once('close', resolve))
    // Cut by the Central System's grace period, not by ws's own 30 s close timer.
    const terminate = vi.spyOn(WebSocket.prototype, 'terminate')
    await server.stop(100)
    forget(server)
    await gone
    expect(terminate).toHaveBeenCalledTimes(1)
    terminate.mockRestore()
    expect(disconnected).toHaveLength(1)
    expect(disconnected[0]!.info.replaced).toBe(false)
  })
})
