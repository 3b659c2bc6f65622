import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { EventMessage } from '@shared/contract/events'
import { COMMAND_NAMES } from '@shared/contract/commands'
import { startHarness, type Harness } from '../../support/csms-harness'

describe('web bridge', () => {
  let h: Harness
  beforeEach(async () => {
    h = await startHarness()
  })
  afterEach(async () => h.stop())

  it('GET /api lists every command with its argument schema', async () => {
    const response = await fetch(h.apiUrl)
    const body = (await response.json()) as { commands: { name: string; description: string; args: { type: string } }[]; events: string[] }
    expect(body.commands.map((c) => c.name).sort()).toEqual([...COMMAND_NAMES].sort())
    const sendCall = body.commands.find((c) => c.name === 'sendCall')!
    expect(sendCall.args.type).toBe('object')
    expect(sendCall.description).toMatch(/CS→CP/)
    expect(body.events).toContain('messagesLogged')
  })

  it('POST /api/<command> answers the result as JSON', async () => {
    const { status, body } = await h.http('getSettings')
    expect(status).toBe(200)
    expect(body).toMatchObject({ ocpp: { heartbeatIntervalSec: expect.any(Number) } })
  })

  it('an invalid argument is refused with 400 and a message naming the problem, before any domain code', async () => {
    const { status, body } = await h.http('updateSettings', { ocpp: { heartbeatIntervalSec: -5 } })
    expect(status).toBe(400)
    expect(body).toMatchObject({ error: { code: 'BadRequest', message: expect.stringMatching(/heartbeatIntervalSec/) } })
    const settings = await h.invoke<{ ocpp: { heartbeatIntervalSec: number } }>('getSettings')
    expect(settings.ocpp.heartbeatIntervalSec).not.toBe(-5)
  })

  it('an unknown property in an argument is refused', async () => {
    const { status, body } = await h.http('listStations', { everything: true })
    expect(status).toBe(400)
    expect(JSON.stringify(body)).toMatch(/everything/)
  })

  it('a body that is not JSON is refused with 400', async () => {
    const { status, body } = await h.http('getSettings', '{nope')
    expect(status).toBe(400)
    expect(body).toMatchObject({ error: { code: 'BadRequest' } })
  })

  it('an unknown command answers 404 UnknownCommand', async () => {
    const { status, body } = await h.http('launchRocket')
    expect(status).toBe(404)
    expect(body).toMatchObject({ error: { code: 'UnknownCommand' } })
  })

  it('an unknown station answers 404 NotFound', async () => {
    const { status, body } = await h.http('getStation', { stationId: 'nobody' })
    expect(status).toBe(404)
    expect(body).toMatchObject({ error: { code: 'NotFound' } })
  })

  it('a request that is not JSON-typed is refused (no cross-site simple requests)', async () => {
    const { status } = await h.http('getSettings', '{}', 'text/plain')
    expect(status).toBe(415)
  })

  it('pushes station and message events over /api/events, messages batched', async () => {
    const events: EventMessage[] = []
    const socket = new WebSocket(h.apiUrl.replace(/^http/, 'ws') + '/events')
    socket.on('message', (data) => events.push(JSON.parse(data.toString()) as EventMessage))
    await new Promise((resolve) => socket.once('open', resolve))
    const cp = await h.booted('CP-EV')
    for (let i = 0; i < 20; i += 1) await cp.call('Heartbeat', {})
    await expect.poll(() => events.filter((e) => e.event === 'messagesLogged').flatMap((e) => e.data as unknown[]).length).toBeGreaterThanOrEqual(42)
    expect(events.some((e) => e.event === 'stationConnected' && (e.data as { id: string }).id === 'CP-EV')).toBe(true)
    const batches = events.filter((e) => e.event === 'messagesLogged')
    expect(batches.length).toBeLessThan(42) // batched, not one event per frame
    socket.close()
  })

  it('a client that subscribes gets only the events it named, and frames only of the stations it named', async () => {
    const events: Array<EventMessage | { subscribed?: true; error?: { code: string; message: string } }> = []
    const socket = new WebSocket(h.apiUrl.replace(/^http/, 'ws') + '/events')
    socket.on('message', (data) => events.push(JSON.parse(data.toString()) as EventMessage))
    await new Promise((resolve) => socket.once('open', resolve))
    socket.send(JSON.stringify({ subscribe: { messagesLogged: ['CP-A'], stationConnected: 'all' } }))
    await expect.poll(() => events.some((e) => 'subscribed' in e)).toBe(true)
    const a = await h.booted('CP-A')
    const b = await h.booted('CP-B')
    for (let i = 0; i < 5; i += 1) {
      await a.call('Heartbeat', {})
      await b.call('Heartbeat', {})
    }
    await expect.poll(() => events.filter((e) => 'event' in e && e.event === 'messagesLogged').flatMap((e) => (e as EventMessage<'messagesLogged'>).data).length).toBeGreaterThanOrEqual(12)
    const received = events.filter((e): e is EventMessage => 'event' in e)
    const frames = received.filter((e) => e.event === 'messagesLogged').flatMap((e) => (e as EventMessage<'messagesLogged'>).data)
    expect(new Set(frames.map((f) => f.stationId))).toEqual(new Set(['CP-A']))
    expect(new Set(received.map((e) => e.event))).toEqual(new Set(['messagesLogged', 'stationConnected']))
    expect(received.filter((e) => e.event === 'stationConnected').map((e) => (e.data as { id: string }).id).sort()).toEqual(['CP-A', 'CP-B'])
    socket.close()
  })

  it('a wrong subscription is answered with a BadRequest naming the problem and leaves the subscription as it was', async () => {
    const replies: Array<{ event?: string; subscribed?: true; error?: { code: string; message: string } }> = []
    const socket = new WebSocket(h.apiUrl.replace(/^http/, 'ws') + '/events')
    socket.on('message', (data) => replies.push(JSON.parse(data.toString()) as (typeof replies)[number]))
    await new Promise((resolve) => socket.once('open', resolve))
    socket.send(JSON.stringify({ subscribe: { stationConnected: 'all' } }))
    socket.send(JSON.stringify({ subscribe: { rocketLaunched: 'all' } }))
    socket.send(JSON.stringify({ subscribe: { messagesLogged: 42 } }))
    socket.send('{not json')
    socket.send(JSON.stringify({ hello: 'there' }))
    socket.send(`{"subscribe":${'['.repeat(100_000)}${']'.repeat(100_000)}}`)
    await expect.poll(() => replies.filter((r) => r.error || r.subscribed).length).toBe(6)
    const errors = replies.filter((r) => r.error).map((r) => r.error!)
    expect(errors.map((e) => e.code)).toEqual(['BadRequest', 'BadRequest', 'BadRequest', 'BadRequest', 'BadRequest'])
    expect(errors[4]!.message).toMatch(/nested deeper than 64 levels/)
    expect(errors[0]!.message).toMatch(/Unknown event "rocketLaunched"/)
    expect(errors[1]!.message).toMatch(/"messagesLogged" takes "all" or an array/)
    expect(errors[2]!.message).toMatch(/not JSON/)
    expect(errors[3]!.message).toMatch(/subscribe/)
    const cp = await h.booted('CP-KEPT')
    await cp.call('Heartbeat', {})
    await expect.poll(() => replies.some((r) => r.event === 'stationConnected')).toBe(true)
    expect(replies.some((r) => r.event === 'messagesLogged')).toBe(false)
    socket.close()
  })

  it('refuses an events WebSocket opened by a page from another site (403: its Origin is not an allowed host)', async () => {
    const socket = new WebSocket(h.apiUrl.replace(/^http/, 'ws') + '/events', { headers: { Origin: 'http://evil.example' } })
    const status = await new Promise<number>((resolve) => {
      socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
      socket.once('open', () => resolve(101))
      socket.once('error', () => undefined)
    })
    expect(status).toBe(403)
  })
})
