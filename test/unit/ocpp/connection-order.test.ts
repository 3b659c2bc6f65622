/**
 * Issue 18 §3: slicing never reorders a station's frames, and an answer's effects come before the
 * station's next frame. ws emits every frame of one socket read in the same tick, before any
 * promise callback runs: before, a StatusNotification read together with the TriggerMessage answer
 * that asked for it was handled before that answer's outcome reached the call's owner.
 */
import { EventEmitter } from 'node:events'
import { describe, expect, it, vi } from 'vitest'
import type { WebSocket } from 'ws'
import { OcppConnection, type ConnectionHooks } from '../../../src/main/ocpp/connection'
import { createOcppValidator } from '../../../src/main/ocpp/validator'

class FakeSocket extends EventEmitter {
  readonly OPEN = 1
  readonly CONNECTING = 0
  readyState = 1
  readonly sent: unknown[][] = []
  send(text: string): void {
    this.sent.push(JSON.parse(text) as unknown[])
  }
  ping(): void {}
  close(): void {}
  terminate(): void {}
  /** Frames as ws delivers the frames of one read: one after the other, in one tick. */
  deliver(...frames: unknown[][]): void {
    for (const frame of frames) this.emit('message', Buffer.from(JSON.stringify(frame)), false)
  }
}

const validator = createOcppValidator()
const status = { connectorId: 1, status: 'Available', errorCode: 'NoError' }
/** Waits (a condition, not a time) until `count` events happened. */
const settled = (events: string[], count: number) => vi.waitFor(() => expect(events).toHaveLength(count), { timeout: 10_000, interval: 5 })

function connection(events: string[]) {
  const socket = new FakeSocket()
  const hooks: ConnectionHooks = {
    handleCall: async (action) => {
      events.push(`${action} handled`)
      return {}
    },
    log: () => undefined,
    settings: () => ({ callTimeoutMs: 30_000, pingIntervalMs: 0, lenient: false }),
  }
  return { socket, ocpp: new OcppConnection('CP1', socket as unknown as WebSocket, validator, hooks) }
}

describe('a station’s frames in order', () => {
  it('an answer read in the same tick as the next frame reaches the call’s owner before that frame is handled', async () => {
    const events: string[] = []
    const { socket, ocpp } = connection(events)
    void ocpp.call('TriggerMessage', { requestedMessage: 'StatusNotification', connectorId: 1 }).then((outcome) => events.push(`answer applied (${outcome.kind})`))
    const [, id] = socket.sent[0]!
    socket.deliver([3, id, { status: 'Accepted' }], [2, 'm2', 'StatusNotification', status])
    await settled(events, 2)
    expect(events).toEqual(['answer applied (result)', 'StatusNotification handled'])
  })

  it('the same for a CALLERROR', async () => {
    const events: string[] = []
    const { socket, ocpp } = connection(events)
    void ocpp.call('ChangeConfiguration', { key: 'HeartbeatInterval', value: '60' }).then((outcome) => events.push(`answer applied (${outcome.kind})`))
    const [, id] = socket.sent[0]!
    socket.deliver([4, id, 'NotSupported', '', {}], [2, 'm2', 'Heartbeat', {}])
    await settled(events, 2)
    expect(events).toEqual(['answer applied (error)', 'Heartbeat handled'])
  })

  it('a large answer is handled in several turns; the frames behind it wait and keep their order', async () => {
    const events: string[] = []
    const { socket, ocpp } = connection(events)
    void ocpp.call('GetConfiguration', {}).then((outcome) => events.push(`answer applied (${outcome.kind})`))
    const [, id] = socket.sent[0]!
    const large = { configurationKey: Array.from({ length: 3000 }, (_, i) => ({ key: `Key${i}`, readonly: false, value: 'v'.repeat(10) })) }
    socket.deliver([3, id, large], [2, 'm2', 'Heartbeat', {}], [2, 'm3', 'StatusNotification', status])
    // The large answer has not been settled in the tick it arrived in: nothing else ran either.
    expect(events).toEqual([])
    await settled(events, 3)
    expect(events).toEqual(['answer applied (result)', 'Heartbeat handled', 'StatusNotification handled'])
    await vi.waitFor(() => expect(socket.sent).toHaveLength(3), { timeout: 10_000, interval: 5 })
    expect(socket.sent.slice(1).map((frame) => frame[1])).toEqual(['m2', 'm3'])
  })
})
