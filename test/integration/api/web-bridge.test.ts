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

  it('refuses an events WebSocket opened by a page from another site', async () => {
    const socket = new WebSocket(h.apiUrl.replace(/^http/, 'ws') + '/events', { headers: { Origin: 'http://evil.example' } })
    const status = await new Promise<number>((resolve) => {
      socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
      socket.once('open', () => resolve(101))
      socket.once('error', () => undefined)
    })
    expect(status).toBe(404)
  })
})
