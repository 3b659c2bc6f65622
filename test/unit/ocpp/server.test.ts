/**
 * The OCPP-J endpoint (server.ts) over loopback sockets: what it refuses before upgrading and
 * why, one connection per identity, and what it reports when a connection goes.
 */
import { request as httpRequest } from 'node:http'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { AdmissionDecision } from '../../../src/main/ocpp/server'
import { closeOf, forget, open, refusal, start, stopEverything } from './ocpp-server-rig'

afterEach(stopEverything)

describe('refusals before the upgrade', () => {
  it('a charge point that does not offer ocpp1.6 is told what it offered and what is required', async () => {
    const { port, refused } = await start()
    const result = refusal(await open(port, '/ocpp/CP1', { protocols: ['ocpp2.0.1', 'ocpp1.5'] }))
    expect(result.status).toBe(400)
    expect(result.body).toContain('Unsupported WebSocket subprotocol: the charge point offered ocpp2.0.1, ocpp1.5; this Central System requires ocpp1.6')
    expect(refused).toEqual([{ identity: 'CP1', status: 400, message: expect.stringContaining('offered ocpp2.0.1, ocpp1.5'), remoteAddress: '127.0.0.1' }])
    const none = refusal(await open(port, '/ocpp/CP1', { protocols: [] }))
    expect(none.body).toContain('the charge point offered no subprotocol')
  })

  it('a URL without an identity is 404', async () => {
    const { port, refused } = await start()
    const result = refusal(await open(port, '/'))
    expect(result.status).toBe(404)
    expect(result.body).toContain('No charge point identity in the URL')
    expect(refused[0]).toMatchObject({ status: 404, identity: undefined })
  })

  it('a browser origin not on the list is 403 with where to allow it; one on the list is served; none (a charge point) is served', async () => {
    const { port, connected } = await start({ allowedOrigins: () => ['http://tool.local'] })
    const result = refusal(await open(port, '/ocpp/CP1', { headers: { Origin: 'http://evil.example' } }))
    expect(result.status).toBe(403)
    expect(result.body).toContain('Browser pages may not open the OCPP endpoint: the origin')
    expect(result.body).toContain('Allowed OCPP origins')
    expect('ws' in (await open(port, '/ocpp/CP2', { headers: { Origin: 'http://tool.local' } }))).toBe(true)
    expect('ws' in (await open(port, '/ocpp/CP3'))).toBe(true)
    expect(connected.map((c) => c.identity)).toEqual(['CP2', 'CP3'])
  })

  it('without an origin list every browser origin is refused', async () => {
    const { port } = await start()
    expect(refusal(await open(port, '/ocpp/CP1', { headers: { Origin: 'http://127.0.0.1' } })).status).toBe(403)
  })

  it('the admission policy’s refusal is answered with its status, message and headers, and reported', async () => {
    const { port, refused } = await start({ admit: (): AdmissionDecision => ({ ok: false, status: 401, message: 'Basic auth needed', headers: { 'WWW-Authenticate': 'Basic realm="OCPP"' } }) })
    const result = refusal(await open(port, '/ocpp/CP1'))
    expect(result.status).toBe(401)
    expect(result.body).toContain('Basic auth needed')
    expect(result.headers['www-authenticate']).toBe('Basic realm="OCPP"')
    expect(refused).toEqual([{ identity: 'CP1', status: 401, message: 'Basic auth needed', remoteAddress: '127.0.0.1' }])
  })

  it('a refusal the policy logged itself is answered but not reported again', async () => {
    const { port, refused } = await start({ admit: async (): Promise<AdmissionDecision> => ({ ok: false, status: 429, message: 'Slow down', logged: true }) })
    expect(refusal(await open(port, '/ocpp/CP1')).status).toBe(429)
    expect(refused).toEqual([])
  })

  it('a policy that fails is a 500 saying to try again; the log gets its words, the station does not', async () => {
    const { port, refused } = await start({
      admit: () => {
        throw new Error('secret store down')
      },
    })
    const result = refusal(await open(port, '/ocpp/CP1'))
    expect(result.status).toBe(500)
    expect(result.body).toContain('Could not admit CP1 because of an internal error; try again')
    expect(result.body).not.toContain('secret store down')
    expect(refused[0]!.message).toBe('Could not admit CP1 because of an internal error; try again (secret store down)')
  })

  it('a plain HTTP request is told this is a WebSocket endpoint (426)', async () => {
    const { port } = await start()
    const answer = await new Promise<{ status: number; body: string; upgrade: unknown }>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/ocpp/CP1' }, (res) => {
        let body = ''
        res.on('data', (c: Buffer) => (body += c.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, upgrade: res.headers.upgrade }))
      })
      req.on('error', reject)
      req.end()
    })
    expect(answer).toEqual({ status: 426, body: 'This is an OCPP 1.6-J endpoint: connect with a WebSocket to <this URL>/<identity>, subprotocol ocpp1.6\n', upgrade: 'websocket' })
  })
})

describe('connections', () => {
  it('an admitted station is connected with its identity and address, speaking ocpp1.6, and can be found', async () => {
    const seen: string[] = []
    const { server, port, connected } = await start({ admit: (identity) => (seen.push(identity), { ok: true }) })
    const result = await open(port, '/steve/websocket/CentralSystemService/CP%201', { protocols: ['ocpp1.5', 'ocpp1.6'] })
    if (!('ws' in result)) throw new Error(`refused: ${result.status}`)
    expect(result.ws.protocol).toBe('ocpp1.6')
    expect(seen).toEqual(['CP 1'])
    expect(connected.map((c) => [c.identity, c.remoteAddress])).toEqual([['CP 1', '127.0.0.1']])
    expect(server.get('CP 1')).toBe(connected[0])
    expect(server.size).toBe(1)
    expect([...server.connections()]).toEqual(connected)
  })

  it('a second connection with the same identity replaces the first, which is closed (1000) and reported as replaced', async () => {
    const { server, port, connected, disconnected } = await start()
    const first = await open(port, '/ocpp/CP1')
    if (!('ws' in first)) throw new Error('refused')
    const firstClosed = closeOf(first.ws)
    await open(port, '/ocpp/CP1')
    expect(await firstClosed).toEqual({ code: 1000, reason: 'Replaced by a new connection with the same identity' })
    expect(disconnected).toEqual([{ connection: connected[0], info: { code: 1000, reason: 'Replaced by a new connection with the same identity', replaced: true } }])
    expect(server.get('CP1')).toBe(connected[1])
    expect(server.size).toBe(1)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(disconnected).toHaveLength(1)
  })

  it('a station that goes is reported once with its close code and reason, and forgotten', async () => {
    const { server, port, disconnected } = await start()
    const result = await open(port, '/ocpp/CP1')
    if (!('ws' in result)) throw new Error('refused')
    result.ws.close(4000, 'leaving')
    await vi.waitFor(() => expect(disconnected).toHaveLength(1), { timeout: 5000, interval: 5 })
    expect(disconnected[0]!.info).toEqual({ code: 4000, reason: 'leaving', replaced: false })
    expect(disconnected[0]!.connection.isOpen).toBe(false)
    expect(disconnected[0]!.connection.closeReason).toBe('Connection closed (leaving)')
    expect(server.get('CP1')).toBeUndefined()
  })

  it('a close without a reason is described by its code', async () => {
    const { port, disconnected } = await start()
    for (const [id, code] of [['A', 1000], ['B', 1001], ['C', 4001]] as const) {
      const result = await open(port, `/ocpp/${id}`)
      if (!('ws' in result)) throw new Error('refused')
      result.ws.close(code)
    }
    await vi.waitFor(() => expect(disconnected).toHaveLength(3), { timeout: 5000, interval: 5 })
    expect(Object.fromEntries(disconnected.map((d) => [d.connection.identity, d.info.reason]))).toEqual({ A: 'normal closure', B: 'going away', C: 'close code 4001' })
    const lost = await open(port, '/ocpp/D')
    if (!('ws' in lost)) throw new Error('refused')
    lost.ws.terminate()
    await vi.waitFor(() => expect(disconnected).toHaveLength(4), { timeout: 5000, interval: 5 })
    expect(disconnected[3]!.info).toMatchObject({ code: 1006, reason: 'connection lost without a close frame' })
  })

  it('a frame larger than maxPayloadBytes closes the connection; one within it is answered', async () => {
    const { server, port, disconnected } = await start({ maxPayloadBytes: 1000 })
    const result = await open(port, '/ocpp/CP1')
    if (!('ws' in result)) throw new Error('refused')
    const answered = new Promise((resolve) => result.ws.once('message', resolve))
    result.ws.send(JSON.stringify([2, 'small', 'DataTransfer', { vendorId: 'v', data: 'x'.repeat(800) }]))
    await answered
    result.ws.send(JSON.stringify([2, 'big', 'DataTransfer', { vendorId: 'v', data: 'x'.repeat(2000) }]))
    await vi.waitFor(() => expect(disconnected).toHaveLength(1), { timeout: 5000, interval: 5 })
    expect(disconnected[0]!.info.replaced).toBe(false)
    expect(server.get('CP1')).toBeUndefined()
  })

  it('stopping closes every connection as going away (1001)', async () => {
    const { server, port } = await start()
    const result = await open(port, '/ocpp/CP1')
    if (!('ws' in result)) throw new Error('refused')
    const closed = closeOf(result.ws)
    await server.stop(1000)
    forget(server)
    expect(await closed).toEqual({ code: 1001, reason: 'Central System shutting down' })
  })
})
