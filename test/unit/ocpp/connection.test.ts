/**
 * One station's OCPP-J connection, driven through a fake socket: what it answers, what it logs,
 * what it refuses, how it keeps the socket alive and how it fails its pending CALLs. The same rules
 * are tested over real sockets in test/integration/ocpp; here each one is held where it lives.
 */
import { EventEmitter } from 'node:events'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { WebSocket } from 'ws'
import { OcppConnection, LARGE_FRAME_CHARS, type ConnectionHooks, type ConnectionSettings, type FrameLogEntry } from '../../../src/main/ocpp/connection'
import type { CallOutcome } from '../../../src/main/ocpp/call-outcome'
import { OcppError } from '../../../src/main/ocpp/errors'
import type { OcppAction } from '../../../src/shared/ocpp/actions'
import { createOcppValidator } from '../../../src/main/ocpp/validator'

class FakeSocket extends EventEmitter {
  readonly OPEN = 1
  readonly CONNECTING = 0
  readyState = 1
  readonly sent: unknown[][] = []
  readonly closed: { code: number; reason: string }[] = []
  pings = 0
  terminated = 0
  send(text: string): void {
    this.sent.push(JSON.parse(text) as unknown[])
  }
  ping(): void {
    this.pings += 1
  }
  close(code: number, reason: string): void {
    this.closed.push({ code, reason })
  }
  terminate(): void {
    this.terminated += 1
  }
  deliver(frame: unknown, isBinary = false): void {
    this.emit('message', Buffer.from(typeof frame === 'string' ? frame : JSON.stringify(frame)), isBinary)
  }
}

const validator = createOcppValidator()
const TIME = '2024-05-01T10:00:00.000Z'
const status = { connectorId: 1, status: 'Available', errorCode: 'NoError' }

interface Rig {
  socket: FakeSocket
  ocpp: OcppConnection
  logs: FrameLogEntry[]
  violations: Parameters<NonNullable<ConnectionHooks['onViolation']>>[0][]
  handled: { action: string; payload: unknown; messageId: string }[]
  settings: ConnectionSettings
  activity: number
  /** Sends a CALL from the CSMS; `id` is the message id it went out with. */
  callOut(action: OcppAction, payload: unknown): { outcome: Promise<CallOutcome>; id: string }
  /** The station sends a Heartbeat CALL with this id. */
  heartbeat(id: string): void
}

function rig(over: { settings?: Partial<ConnectionSettings>; handleCall?: ConnectionHooks['handleCall']; log?: (entry: FrameLogEntry) => void; bare?: boolean } = {}): Rig {
  const socket = new FakeSocket()
  const logs: FrameLogEntry[] = []
  const violations: Rig['violations'] = []
  const handled: Rig['handled'] = []
  const settings: ConnectionSettings = { callTimeoutMs: 30_000, pingIntervalMs: 0, lenient: false, ...over.settings }
  const state = { activity: 0 }
  const hooks: ConnectionHooks = {
    handleCall:
      over.handleCall ??
      (async (action, payload, messageId) => {
        handled.push({ action, payload, messageId })
        if (action === 'Heartbeat') return { currentTime: TIME }
        if (action === 'StatusNotification') return {}
        if (action === 'DataTransfer') return { status: 'Accepted' }
        return {}
      }),
    log: over.log ?? ((entry) => void logs.push(entry)),
    settings: () => settings,
    ...(over.bare
      ? {}
      : {
          onActivity: () => void (state.activity += 1),
          onViolation: (info: Parameters<NonNullable<ConnectionHooks['onViolation']>>[0]) => void violations.push(info),
        }),
  }
  const ocpp = new OcppConnection('CP1', socket as unknown as WebSocket, validator, hooks, '127.0.0.1')
  return {
    socket,
    ocpp,
    logs,
    violations,
    handled,
    settings,
    get activity() {
      return state.activity
    },
    callOut(action, payload) {
      const outcome = ocpp.call(action, payload)
      return { outcome, id: String(socket.sent.at(-1)![1]) }
    },
    heartbeat: (id) => socket.deliver([2, id, 'Heartbeat', {}]),
  }
}

/** A rig on a fake clock (timers and Date), for pings, timeouts and floods. */
function clocked(settings: Partial<ConnectionSettings> = {}): Rig {
  vi.useFakeTimers()
  return rig({ settings })
}

/** A GetConfiguration answer over 64 KiB, handled in slices. */
const largeConfiguration = () => ({ configurationKey: Array.from({ length: 2000 }, (_, i) => ({ key: `Key${i}`, readonly: false, value: 'v'.repeat(30) })) })

/** Waits (a condition, not a time) for what a handler does after the frame's tick. */
const until = (check: () => void) => vi.waitFor(check, { timeout: 10_000, interval: 2 })

afterEach(() => {
  vi.useRealTimers()
})

describe('a CALL from the station', () => {
  it('is handed to its handler with the message id, logged as sent, and answered with a CALLRESULT that is logged too', async () => {
    const r = rig()
    r.heartbeat('h1')
    await until(() => expect(r.socket.sent).toHaveLength(1))
    expect(r.handled).toEqual([{ action: 'Heartbeat', payload: {}, messageId: 'h1' }])
    expect(r.socket.sent[0]).toEqual([3, 'h1', { currentTime: TIME }])
    expect(r.logs).toEqual([
      { time: expect.any(String), stationId: 'CP1', direction: 'in', kind: 'CALL', messageId: 'h1', action: 'Heartbeat', payload: {} },
      { time: expect.any(String), stationId: 'CP1', direction: 'out', kind: 'CALLRESULT', messageId: 'h1', action: 'Heartbeat', payload: { currentTime: TIME } },
    ])
    expect(r.activity).toBe(1)
  })

  it('an unknown action is answered NotImplemented, saying actions are case-sensitive', async () => {
    const r = rig()
    r.socket.deliver([2, 'u1', 'heartbeat', {}])
    expect(r.socket.sent).toEqual([[4, 'u1', 'NotImplemented', expect.stringMatching(/Unknown action "heartbeat".*case-sensitive/), {}]])
    expect(r.handled).toEqual([])
    expect(r.logs.map((l) => [l.direction, l.kind, l.action])).toEqual([
      ['in', 'CALL', 'heartbeat'],
      ['out', 'CALLERROR', 'heartbeat'],
    ])
    expect(r.logs[1]).toMatchObject({ errorCode: 'NotImplemented', messageId: 'u1' })
    expect(r.logs[0]).not.toHaveProperty('violations')
  })

  it('an action a Central System sends is answered NotSupported', async () => {
    const r = rig()
    r.socket.deliver([2, 'c1', 'Reset', { type: 'Hard' }])
    expect(r.socket.sent).toEqual([[4, 'c1', 'NotSupported', 'Reset is sent by a Central System, not to it', {}]])
    expect(r.handled).toEqual([])
  })

  it('strict: a payload that breaks its schema is refused with the code, the reason and the violations, logged with them, and reported as not accepted', async () => {
    const r = rig()
    r.socket.deliver([2, 's1', 'StatusNotification', { ...status, connectorId: 'one' }])
    expect(r.handled).toEqual([])
    expect(r.socket.sent).toHaveLength(1)
    const [type, id, code, description, details] = r.socket.sent[0]!
    expect([type, id, code]).toEqual([4, 's1', 'TypeConstraintViolation'])
    expect(description).toBe('/connectorId: must be of type integer')
    expect(details).toEqual({ violations: [{ code: 'TypeConstraintViolation', path: '/connectorId', message: 'must be of type integer' }] })
    expect(r.logs[0]).toMatchObject({ direction: 'in', kind: 'CALL', messageId: 's1', action: 'StatusNotification', violations: [{ path: '/connectorId' }] })
    expect(r.logs[1]).toMatchObject({ direction: 'out', kind: 'CALLERROR', errorCode: 'TypeConstraintViolation', errorDescription: '/connectorId: must be of type integer' })
    expect(r.violations).toEqual([{ action: 'StatusNotification', messageId: 's1', direction: 'in', accepted: false, violations: [expect.objectContaining({ path: '/connectorId' })] }])
  })

  it('the same refusal again within the window is answered but neither logged nor recorded again; after it, the count of those held back is said', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const r = rig()
    const broken = (id: string) => r.socket.deliver([2, id, 'StatusNotification', { ...status, connectorId: 'one' }])
    broken('a')
    broken('b')
    broken('c')
    expect(r.socket.sent.map((f) => f[1])).toEqual(['a', 'b', 'c'])
    expect(r.logs.map((l) => l.messageId)).toEqual(['a', 'a'])
    expect(r.violations).toHaveLength(1)
    vi.setSystemTime(Date.now() + 10_001)
    broken('d')
    expect(r.logs.map((l) => l.messageId)).toEqual(['a', 'a', 'd', 'd'])
    expect(r.logs[3]!.errorDescription).toMatch(/ \(and 2 more like it before\)$/)
    // What the station is told never carries the count.
    expect(r.socket.sent[3]![3]).toBe('/connectorId: must be of type integer')
    expect(r.violations).toHaveLength(2)
  })

  it('lenient: a repaired payload reaches the handler repaired, the log keeps it as sent with the violations, and it is reported as accepted', async () => {
    const r = rig({ settings: { lenient: true } })
    r.socket.deliver([2, 'l1', 'StatusNotification', { ...status, connectorId: '1' }])
    await until(() => expect(r.socket.sent).toHaveLength(1))
    expect(r.handled[0]!.payload).toEqual(status)
    expect(r.socket.sent[0]).toEqual([3, 'l1', {}])
    expect(r.logs[0]).toMatchObject({ kind: 'CALL', payload: { ...status, connectorId: '1' }, violations: [{ path: '/connectorId', code: 'TypeConstraintViolation' }] })
    expect(r.violations).toEqual([{ action: 'StatusNotification', messageId: 'l1', direction: 'in', accepted: true, violations: [expect.objectContaining({ path: '/connectorId' })] }])
  })

  it('a sound CALL is logged without a violations field and reported to no one', async () => {
    const r = rig({ settings: { lenient: true } })
    r.socket.deliver([2, 'ok', 'StatusNotification', status])
    await until(() => expect(r.socket.sent).toHaveLength(1))
    expect(r.logs[0]).not.toHaveProperty('violations')
    expect(r.violations).toEqual([])
  })

  it('a handler’s OcppError is answered with its code, message and details', async () => {
    const r = rig({
      handleCall: async () => {
        throw new OcppError('SecurityError', 'not allowed now', { hint: 'wait' })
      },
    })
    r.heartbeat('e1')
    await until(() => expect(r.socket.sent).toHaveLength(1))
    expect(r.socket.sent[0]).toEqual([4, 'e1', 'SecurityError', 'not allowed now', { hint: 'wait' }])
    expect(r.logs[1]).toMatchObject({ direction: 'out', kind: 'CALLERROR', action: 'Heartbeat', errorCode: 'SecurityError', errorDescription: 'not allowed now', payload: { hint: 'wait' } })
  })

  it('any other failure is answered InternalError with an error id and never the failure’s own words', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    try {
      const r = rig({
        handleCall: async () => {
          throw new Error('ENOENT /home/secret/state.json')
        },
      })
      r.heartbeat('e2')
      await until(() => expect(r.socket.sent).toHaveLength(1))
      const [, id, code, description, details] = r.socket.sent[0]!
      expect([id, code, details]).toEqual(['e2', 'InternalError', {}])
      expect(description).toMatch(/^The Central System could not process this Heartbeat \(error id [0-9a-f]{8}\); send it again later$/)
      expect(description).not.toMatch(/secret/)
      expect(errors.mock.calls.join(' ')).toMatch(/Heartbeat from CP1/)
    } finally {
      errors.mockRestore()
    }
  })

  it('an answer of ours that would break the schema is never sent: InternalError instead', async () => {
    const r = rig({ handleCall: async () => ({ currentTime: 5 }) })
    r.heartbeat('e3')
    await until(() => expect(r.socket.sent).toHaveLength(1))
    expect(r.socket.sent[0]).toEqual([4, 'e3', 'InternalError', expect.stringMatching(/^The Central System built an invalid Heartbeat response: \/currentTime: must be of type string/), {}])
    expect(r.logs.some((l) => l.kind === 'CALLRESULT')).toBe(false)
  })

  it('an answer to a station whose socket closed meanwhile is dropped quietly', async () => {
    let release!: () => void
    const r = rig({ handleCall: () => new Promise((resolve) => (release = () => resolve({ currentTime: TIME }))) })
    r.heartbeat('late')
    r.socket.readyState = 3
    release()
    await until(() => expect(r.logs.map((l) => l.kind)).toEqual(['CALL', 'CALLRESULT']))
    expect(r.socket.sent).toEqual([])
  })

  it('a large CALL (over 64 KiB) is handled in slices and answered like any other', async () => {
    const r = rig()
    const data = 'x'.repeat(LARGE_FRAME_CHARS + 10)
    r.socket.deliver([2, 'big', 'DataTransfer', { vendorId: 'v', data }])
    expect(r.handled).toEqual([])
    await until(() => expect(r.socket.sent).toHaveLength(1))
    expect(r.handled[0]).toMatchObject({ action: 'DataTransfer', messageId: 'big' })
    expect(r.socket.sent[0]).toEqual([3, 'big', { status: 'Accepted' }])
  })

  it('a large CALL that breaks its schema is refused, in slices too', async () => {
    const r = rig()
    r.socket.deliver([2, 'big2', 'DataTransfer', { vendorId: 5, data: 'x'.repeat(LARGE_FRAME_CHARS) }])
    await until(() => expect(r.socket.sent).toHaveLength(1))
    expect(r.socket.sent[0]!.slice(0, 3)).toEqual([4, 'big2', 'TypeConstraintViolation'])
    expect(r.handled).toEqual([])
  })

  it('a large CALL of an unknown action is refused NotImplemented', async () => {
    const r = rig()
    r.socket.deliver([2, 'big3', 'Nope', { data: 'x'.repeat(LARGE_FRAME_CHARS) }])
    await until(() => expect(r.socket.sent).toHaveLength(1))
    expect(r.socket.sent[0]!.slice(0, 3)).toEqual([4, 'big3', 'NotImplemented'])
  })
})

describe('frames that cannot be used', () => {
  it('a binary frame is a FormationViolation answered with id -1', () => {
    const r = rig()
    r.socket.deliver([2, 'b1', 'Heartbeat', {}], true)
    expect(r.socket.sent).toEqual([[4, '-1', 'FormationViolation', 'Binary frames are not OCPP-J: send JSON as a text frame', {}]])
    expect(r.handled).toEqual([])
    expect(r.logs[0]).toMatchObject({ direction: 'in', kind: 'INVALID', messageId: '-1', errorCode: 'FormationViolation', raw: expect.stringContaining('Heartbeat') })
  })

  it('a broken CALL is answered by its id; the log keeps at most 2000 characters of it', () => {
    const r = rig()
    const text = `[2,"j1","DataTransfer",{"data":"${'y'.repeat(3000)}"`
    r.socket.deliver(text)
    expect(r.socket.sent).toEqual([[4, 'j1', 'FormationViolation', 'Frame is not valid JSON', {}]])
    expect(r.logs[0]).toMatchObject({ direction: 'in', kind: 'INVALID', messageId: 'j1', errorCode: 'FormationViolation', raw: text.slice(0, 2000) })
    expect(r.logs[1]).toMatchObject({ direction: 'out', kind: 'CALLERROR', messageId: 'j1', errorCode: 'FormationViolation', errorDescription: 'Frame is not valid JSON' })
    expect(r.logs).toHaveLength(2)
  })

  it('the same broken frame again within the window is answered but logged once, then with the count held back', () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const r = rig()
    r.socket.deliver('nonsense')
    r.socket.deliver('nonsense')
    expect(r.socket.sent).toEqual([
      [4, '-1', 'FormationViolation', 'Frame is not valid JSON', {}],
      [4, '-1', 'FormationViolation', 'Frame is not valid JSON', {}],
    ])
    expect(r.logs.map((l) => [l.direction, l.kind, l.errorDescription])).toEqual([
      ['in', 'INVALID', 'Frame is not valid JSON'],
      ['out', 'CALLERROR', 'Frame is not valid JSON'],
    ])
    vi.setSystemTime(Date.now() + 10_001)
    r.socket.deliver('nonsense')
    expect(r.logs).toHaveLength(4)
    expect(r.logs[2]!.errorDescription).toBe('Frame is not valid JSON (and 1 more like it before)')
  })

  it('a broken answer is logged and never answered; it fails the CALL it names at once, as malformed', async () => {
    const r = rig()
    const { outcome, id } = r.callOut('ChangeConfiguration', { key: 'K', value: '1' })
    r.socket.deliver(`[3,"${id}",{},{}]`)
    expect(await outcome).toEqual({ kind: 'malformed', messageId: id, violations: [], reason: expect.stringMatching(/^The station's answer to ChangeConfiguration could not be used: CALLRESULT must have 3 elements.* Nothing of it was adopted/) })
    expect(r.socket.sent).toHaveLength(1)
    expect(r.logs.at(-1)).toMatchObject({ direction: 'in', kind: 'INVALID', messageId: id, raw: `[3,"${id}",{},{}]` })
  })

  it('a broken answer naming no CALL in flight is only logged', () => {
    const r = rig()
    r.socket.deliver('[3,"nobody",{},{}]')
    r.socket.deliver('[3,"",{}]')
    expect(r.socket.sent).toEqual([])
    expect(r.logs.map((l) => [l.kind, l.messageId])).toEqual([
      ['INVALID', 'nobody'],
      ['INVALID', '-1'],
    ])
  })
})

describe('answers to the CSMS’s CALLs', () => {
  it('a CALL is sent once, logged outbound, and settled by its answer; the answer is logged with its action', async () => {
    const r = rig()
    const sentIds: string[] = []
    const outcome = r.ocpp.call('ChangeConfiguration', { key: 'K', value: '1' }, { onSent: (id) => void sentIds.push(id) })
    expect(r.socket.sent).toHaveLength(1)
    const [type, id, action, payload] = r.socket.sent[0]!
    expect([type, action, payload]).toEqual([2, 'ChangeConfiguration', { key: 'K', value: '1' }])
    expect(sentIds).toEqual([id])
    expect(r.ocpp.pendingCalls).toBe(1)
    expect(r.logs[0]).toEqual({ time: expect.any(String), stationId: 'CP1', direction: 'out', kind: 'CALL', messageId: id, action: 'ChangeConfiguration', payload: { key: 'K', value: '1' } })
    r.socket.deliver([3, id, { status: 'Accepted' }])
    expect(await outcome).toEqual({ kind: 'result', messageId: id, payload: { status: 'Accepted' }, violations: [] })
    expect(r.logs[1]).toEqual({ time: expect.any(String), stationId: 'CP1', direction: 'in', kind: 'CALLRESULT', messageId: id, action: 'ChangeConfiguration', payload: { status: 'Accepted' } })
    expect(r.ocpp.pendingCalls).toBe(0)
    expect(r.violations).toEqual([])
  })

  it('a CALL whose payload breaks the schema is refused here and never sent', async () => {
    const r = rig()
    const outcome = await r.ocpp.call('ChangeConfiguration', { key: 5 })
    expect(outcome).toMatchObject({ kind: 'refused', reason: expect.stringMatching(/^Not sent: the ChangeConfiguration payload breaks the OCPP 1\.6 schema \(.*\/key/) })
    expect(outcome.kind === 'refused' && outcome.violations.length).toBeGreaterThan(0)
    expect(r.socket.sent).toEqual([])
    expect(r.logs).toEqual([])
  })

  it('a CALL times out after the callTimeoutMs the settings give', async () => {
    const r = clocked({ callTimeoutMs: 1234 })
    const { outcome, id } = r.callOut('ClearCache', {})
    vi.advanceTimersByTime(1233)
    expect(r.ocpp.pendingCalls).toBe(1)
    vi.advanceTimersByTime(2)
    expect(await outcome).toEqual({ kind: 'timeout', messageId: id, timeoutMs: 1234 })
  })

  it('a failure to log the outbound CALL does not unsend it', async () => {
    const r = rig({
      log: () => {
        throw new Error('log is full')
      },
    })
    const outcome = r.ocpp.call('ClearCache', {})
    expect(r.socket.sent).toHaveLength(1)
    expect(r.ocpp.pendingCalls).toBe(1)
    r.socket.readyState = 3
    r.ocpp.shutDown('gone')
    expect(await outcome).toMatchObject({ kind: 'closed', reason: 'gone' })
  })

  it('a CALL on a socket that is not open fails as closed', async () => {
    const r = rig()
    r.socket.readyState = 3
    expect(await r.ocpp.call('ClearCache', {})).toMatchObject({ kind: 'closed', reason: expect.stringMatching(/socket is not open/) })
  })

  it('an answer that breaks the schema: strict fails the CALL as malformed and reports it; the log keeps the violations', async () => {
    const r = rig()
    const { outcome, id } = r.callOut('ChangeConfiguration', { key: 'K', value: '1' })
    r.socket.deliver([3, id, { status: 'accepted' }])
    const result = await outcome
    expect(result).toMatchObject({ kind: 'malformed', messageId: id, reason: expect.stringMatching(/^The ChangeConfiguration answer breaks the OCPP 1\.6 schema/) })
    expect(r.logs[1]).toMatchObject({ kind: 'CALLRESULT', action: 'ChangeConfiguration', violations: [{ path: '/status' }] })
    expect(r.violations).toEqual([{ action: 'ChangeConfiguration', messageId: id, direction: 'in', accepted: false, violations: [expect.objectContaining({ path: '/status' })] }])
  })

  it('lenient: a repairable answer settles the CALL with the repaired payload and its violations', async () => {
    const r = rig({ settings: { lenient: true } })
    const { outcome, id } = r.callOut('ChangeConfiguration', { key: 'K', value: '1' })
    r.socket.deliver([3, id, { status: 'accepted' }])
    expect(await outcome).toMatchObject({ kind: 'result', payload: { status: 'Accepted' }, violations: [{ path: '/status' }] })
    expect(r.violations[0]).toMatchObject({ direction: 'in', accepted: true })
  })

  it('an answer with an unknown id is logged and changes nothing', async () => {
    const r = rig()
    void r.ocpp.call('ClearCache', {})
    r.socket.deliver([3, 'someone-else', { status: 'Accepted' }])
    expect(r.logs[1]).toEqual({ time: expect.any(String), stationId: 'CP1', direction: 'in', kind: 'CALLRESULT', messageId: 'someone-else', action: undefined, payload: { status: 'Accepted' } })
    expect(r.ocpp.pendingCalls).toBe(1)
  })

  it('a CALLERROR settles the CALL as an error with its code, description and details, and is logged with the action', async () => {
    const r = rig()
    const { outcome, id } = r.callOut('ClearCache', {})
    r.socket.deliver([4, id, 'NotSupported', 'no cache', { why: 1 }])
    expect(await outcome).toEqual({ kind: 'error', messageId: id, code: 'NotSupported', description: 'no cache', details: { why: 1 } })
    expect(r.logs[1]).toEqual({ time: expect.any(String), stationId: 'CP1', direction: 'in', kind: 'CALLERROR', messageId: id, action: 'ClearCache', errorCode: 'NotSupported', errorDescription: 'no cache', payload: { why: 1 } })
  })

  it('a CALLERROR with an unknown id is only logged', () => {
    const r = rig()
    void r.ocpp.call('ClearCache', {})
    r.socket.deliver([4, 'other', 'GenericError', 'x', {}])
    expect(r.logs[1]).toMatchObject({ kind: 'CALLERROR', messageId: 'other', action: undefined })
    expect(r.ocpp.pendingCalls).toBe(1)
    expect(r.socket.sent).toHaveLength(1)
  })

  it('a large answer (over 64 KiB) is sanitised and settles its CALL', async () => {
    const r = rig()
    const { outcome, id } = r.callOut('GetConfiguration', {})
    const answer = largeConfiguration()
    r.socket.deliver([3, id, answer])
    expect(await outcome).toMatchObject({ kind: 'result', payload: answer })
  })
})

describe('closing', () => {
  it('close fails the pending CALLs with the reason, closes the socket with the code and a reason cut to 120 characters', async () => {
    const r = rig()
    const outcome = r.ocpp.call('ClearCache', {})
    const reason = `Replaced ${'r'.repeat(200)}`
    r.ocpp.close(1000, reason)
    expect(await outcome).toMatchObject({ kind: 'closed', reason })
    expect(r.socket.closed).toEqual([{ code: 1000, reason: reason.slice(0, 120) }])
    expect(r.ocpp.isOpen).toBe(false)
    expect(r.ocpp.closeReason).toBe(reason)
  })

  it('close on a socket still connecting closes it; on one already closing it does not', () => {
    const connecting = rig()
    connecting.socket.readyState = 0
    connecting.ocpp.close(1001, 'bye')
    expect(connecting.socket.closed).toHaveLength(1)
    const closing = rig()
    closing.socket.readyState = 2
    closing.ocpp.close(1001, 'bye')
    expect(closing.socket.closed).toEqual([])
    expect(closing.ocpp.isOpen).toBe(false)
  })

  it('the first reason stays; frames that arrive after the close are not handled', async () => {
    const r = rig()
    expect(r.ocpp.isOpen).toBe(true)
    expect(r.ocpp.closeReason).toBeUndefined()
    r.ocpp.shutDown('first')
    r.ocpp.shutDown('second')
    expect(r.ocpp.closeReason).toBe('first')
    r.heartbeat('after')
    expect(r.logs).toEqual([])
    expect(r.activity).toBe(0)
    expect(await r.ocpp.call('ClearCache', {})).toMatchObject({ kind: 'closed', reason: 'first' })
  })
})

describe('keeping the socket alive', () => {
  it('pings every interval; a pong, a ping or any frame in between keeps the connection', () => {
    const r = clocked({ pingIntervalMs: 1000 })
    vi.advanceTimersByTime(999)
    expect(r.socket.pings).toBe(0)
    vi.advanceTimersByTime(1)
    expect(r.socket.pings).toBe(1)
    r.socket.emit('pong')
    expect(r.activity).toBe(1)
    vi.advanceTimersByTime(1000)
    expect(r.socket.pings).toBe(2)
    r.heartbeat('h')
    vi.advanceTimersByTime(1000)
    expect(r.socket.pings).toBe(3)
    r.socket.emit('ping')
    expect(r.activity).toBe(3)
    expect(r.ocpp.isOpen).toBe(true)
    expect(r.socket.terminated).toBe(0)
  })

  it('no answer to a ping for a whole interval drops the half-open connection', async () => {
    const r = clocked({ pingIntervalMs: 1000 })
    const outcome = r.ocpp.call('ClearCache', {})
    vi.advanceTimersByTime(1000)
    expect(r.socket.pings).toBe(1)
    vi.advanceTimersByTime(1000)
    expect(r.socket.terminated).toBe(1)
    expect(r.ocpp.isOpen).toBe(false)
    expect(r.ocpp.closeReason).toMatch(/No answer to WebSocket ping/)
    expect(await outcome).toMatchObject({ kind: 'closed', reason: expect.stringMatching(/No answer to WebSocket ping/) })
    vi.advanceTimersByTime(5000)
    expect(r.socket.pings).toBe(1)
  })

  it('a ping that throws is left to the close handler; pinging goes on', () => {
    const r = clocked({ pingIntervalMs: 1000 })
    r.socket.ping = () => {
      throw new Error('not open')
    }
    expect(() => vi.advanceTimersByTime(1000)).not.toThrow()
    expect(r.ocpp.isOpen).toBe(true)
    vi.advanceTimersByTime(1000)
    expect(r.socket.terminated).toBe(1)
  })

  it('an interval of 0 sends no pings; rescheduling takes the new interval and forgets an unanswered ping', () => {
    const r = clocked()
    vi.advanceTimersByTime(60_000)
    expect(r.socket.pings).toBe(0)
    r.settings.pingIntervalMs = 500
    r.ocpp.reschedulePing()
    vi.advanceTimersByTime(500)
    expect(r.socket.pings).toBe(1)
    r.ocpp.reschedulePing()
    vi.advanceTimersByTime(500)
    expect(r.socket.pings).toBe(2)
    expect(r.socket.terminated).toBe(0)
  })

  it('no ping after the connection closed, and a closed connection does not reschedule', () => {
    const r = clocked({ pingIntervalMs: 1000 })
    r.ocpp.shutDown('gone')
    vi.advanceTimersByTime(5000)
    r.ocpp.reschedulePing()
    vi.advanceTimersByTime(5000)
    expect(r.socket.pings).toBe(0)
    expect(r.socket.terminated).toBe(0)
  })
})

describe('a station that floods', () => {
  it('its frames over the rate are dropped unread, said once per window, and it is disconnected (1008) when it goes on for over 30 s', () => {
    const r = clocked({ maxMessagesPerSecond: 1 })
    for (let i = 0; i < 5; i += 1) r.heartbeat(`f${i}`)
    // A burst of twice the rate is let through; the rest is dropped unread.
    expect(r.logs.filter((l) => l.kind === 'CALL').map((l) => l.messageId)).toEqual(['f0', 'f1'])
    const notes = r.logs.filter((l) => l.kind === 'INVALID')
    expect(notes).toHaveLength(1)
    expect(notes[0]).toMatchObject({ direction: 'in', errorDescription: 'Too many frames: more than 1 a second; 1 dropped unread so far' })
    expect(r.activity).toBe(5)
    vi.advanceTimersByTime(30_000)
    // Tokens came back: this one goes through, and the flood is over.
    r.heartbeat('g')
    expect(r.socket.closed).toEqual([])
    for (let i = 0; i < 200; i += 1) {
      r.heartbeat(`x${i}`)
      vi.advanceTimersByTime(200)
    }
    expect(r.socket.closed).toEqual([{ code: 1008, reason: 'Flooding: too many frames for too long' }])
    expect(r.ocpp.isOpen).toBe(false)
  })

  it('a flood that stops in time is not disconnected', () => {
    const r = clocked({ maxMessagesPerSecond: 1 })
    for (let i = 0; i < 3; i += 1) r.heartbeat(`f${i}`)
    vi.advanceTimersByTime(29_000)
    r.heartbeat('ok')
    vi.advanceTimersByTime(2_000)
    r.heartbeat('ok2')
    r.heartbeat('ok3')
    r.heartbeat('over')
    expect(r.socket.closed).toEqual([])
  })

  it('a flood is closed only once it has lasted more than 30 s', () => {
    const r = clocked({ maxMessagesPerSecond: 1 })
    r.heartbeat('a')
    r.heartbeat('b')
    r.heartbeat('dropped at 0')
    // Every half second: one frame let through (the bucket refilled), the next dropped.
    for (let t = 500; t <= 30_000; t += 500) {
      vi.advanceTimersByTime(500)
      r.heartbeat(`f${t}`)
    }
    r.heartbeat('dropped at 30 000')
    expect(r.socket.closed).toEqual([])
    vi.advanceTimersByTime(1)
    r.heartbeat('dropped at 30 001')
    expect(r.socket.closed).toEqual([{ code: 1008, reason: 'Flooding: too many frames for too long' }])
  })
})

describe('frames as ws delivers them', () => {
  it('a text frame in fragments or as an ArrayBuffer is read as one text', async () => {
    const r = rig()
    const text = JSON.stringify([2, 'frag', 'Heartbeat', {}])
    r.socket.emit('message', [Buffer.from(text.slice(0, 7)), Buffer.from(text.slice(7))], false)
    const bytes = Buffer.from(JSON.stringify([2, 'ab', 'Heartbeat', {}]))
    r.socket.emit('message', bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length), false)
    await until(() => expect(r.socket.sent.map((f) => f[1])).toEqual(['frag', 'ab']))
  })
})

describe('edges the mutation run asked for', () => {
  it('without the optional hooks, pings, pongs, violations and answers go on', async () => {
    const r = rig({ bare: true, settings: { lenient: true } })
    expect(() => r.socket.emit('pong')).not.toThrow()
    expect(() => r.socket.emit('ping')).not.toThrow()
    r.socket.deliver([2, 'v1', 'StatusNotification', { ...status, connectorId: '1' }])
    r.socket.deliver([2, 'v2', 'StatusNotification', { ...status, connectorId: 'x' }])
    const outcome = r.ocpp.call('ChangeConfiguration', { key: 'K', value: '1' })
    const [, id] = r.socket.sent.find((f) => f[0] === 2)!
    r.socket.deliver([3, id, { status: 'accepted' }])
    expect(await outcome).toMatchObject({ kind: 'result' })
    await until(() => expect(r.socket.sent.map((f) => f[1])).toEqual(expect.arrayContaining(['v1', 'v2'])))
  })

  it('a frame of exactly 64 KiB is handled at once; one character more is handled in slices', () => {
    const r = rig()
    const frame = (id: string, length: number) => {
      const head = `[2,"${id}","Nope",{"d":"`
      return `${head}${'x'.repeat(length - head.length - 3)}"}]`
    }
    const exact = frame('e1', LARGE_FRAME_CHARS)
    expect(exact).toHaveLength(LARGE_FRAME_CHARS)
    r.socket.deliver(exact)
    expect(r.socket.sent.map((f) => f[1])).toEqual(['e1'])
    r.socket.deliver(frame('e2', LARGE_FRAME_CHARS + 1))
    expect(r.socket.sent.map((f) => f[1])).toEqual(['e1'])
  })

  it('a large frame nested too deeply is refused as such, after the sliced scan', async () => {
    const r = rig()
    const deep = `${'['.repeat(100)}${']'.repeat(100)}`
    r.socket.deliver(`[2,"d1","DataTransfer",{"vendorId":"v","data":${deep},"pad":"${'p'.repeat(LARGE_FRAME_CHARS)}"}]`)
    await until(() => expect(r.socket.sent).toHaveLength(1))
    expect(r.socket.sent[0]!.slice(0, 3)).toEqual([4, 'd1', 'FormationViolation'])
    expect(String(r.socket.sent[0]![3])).toMatch(/nested deeper than 64 levels/)
  })

  it('a broken answer is logged with at most 2000 characters of it', () => {
    const r = rig()
    const text = `[3,"x",{"a":"${'z'.repeat(3000)}"},{}]`
    r.socket.deliver(text)
    expect(r.logs[0]!.raw).toBe(text.slice(0, 2000))
  })

  it('different refusals within one window are each logged once', () => {
    const r = rig()
    r.socket.deliver('nonsense')
    r.socket.deliver([2, 'b', 'Heartbeat', {}], true)
    r.socket.deliver([2, 'c1', 'Reset', { type: 'Hard' }])
    r.socket.deliver([2, 'c2', 'ChangeAvailability', { connectorId: 0, type: 'Operative' }])
    r.socket.deliver([2, 's1', 'StatusNotification', { ...status, connectorId: 'x' }])
    r.socket.deliver([2, 's2', 'StatusNotification', { ...status, errorCode: 'Nope' }])
    r.socket.deliver([2, 's3', 'Authorize', {}])
    const logged = r.logs.filter((l) => l.direction === 'in').map((l) => l.messageId)
    expect(logged).toEqual(['-1', '-1', 'c1', 'c2', 's1', 's2', 's3'])
  })

  it('a flood ends once a frame passes after a whole second without drops', () => {
    const r = clocked({ maxMessagesPerSecond: 1 })
    r.heartbeat('a')
    r.heartbeat('b')
    r.heartbeat('dropped at 0')
    vi.advanceTimersByTime(1000)
    r.heartbeat('passes at 1000: the flood is over')
    r.heartbeat('dropped at 1000: a new flood')
    for (let t = 1500; t <= 30_500; t += 500) {
      vi.advanceTimersByTime(500)
      r.heartbeat(`f${t}`)
    }
    expect(r.socket.closed).toEqual([])
  })
})

describe('the last resort', () => {
  it('what a sliced handler throws becomes an unhandled rejection, never silence', async () => {
    const saved = process.listeners('unhandledRejection')
    process.removeAllListeners('unhandledRejection')
    const seen: unknown[] = []
    process.on('unhandledRejection', (reason) => void seen.push(reason))
    try {
      let calls = 0
      const r = rig({
        log: () => {
          calls += 1
          if (calls > 1) throw new Error('log is broken')
        },
      })
      const { outcome, id } = r.callOut('GetConfiguration', {})
      r.socket.deliver([3, id, largeConfiguration()])
      await until(() => expect(seen).toHaveLength(1))
      expect((seen[0] as Error).message).toBe('log is broken')
      r.ocpp.shutDown('done')
      expect(await outcome).toMatchObject({ kind: 'closed' })
    } finally {
      process.removeAllListeners('unhandledRejection')
      for (const listener of saved) process.on('unhandledRejection', listener)
    }
  })
})

