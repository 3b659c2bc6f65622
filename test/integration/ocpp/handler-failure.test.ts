import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { OcppServer } from '../../../src/main/ocpp/server'
import { OcppError } from '../../../src/main/ocpp/errors'
import { createOcppValidator } from '../../../src/main/ocpp/validator'
import { ScriptedChargePoint } from '../../support/scripted-charge-point'

describe('handler failures', () => {
  let server: OcppServer
  let url: string
  let handle: () => Promise<unknown>
  beforeEach(async () => {
    server = new OcppServer({
      host: '127.0.0.1',
      port: 0,
      validator: createOcppValidator(),
      admit: () => ({ ok: true }),
      hooksFor: () => ({
        handleCall: () => handle(),
        log: () => undefined,
        settings: () => ({ callTimeoutMs: 1000, pingIntervalMs: 0, lenient: false }),
      }),
      onConnected: () => undefined,
      onDisconnected: () => undefined,
    })
    const address = await server.listen()
    url = `ws://127.0.0.1:${address.port}/ocpp`
  })
  afterEach(async () => server.stop())

  it('a handler that throws is answered with InternalError naming an id, never its own words, and the connection stays up', async () => {
    const logged: string[] = []
    const spy = vi.spyOn(console, 'error').mockImplementation((line: unknown) => void logged.push(String(line)))
    handle = async () => {
      throw new Error("database on fire: ENOENT, open '/home/op/.config/csms/state.json'")
    }
    const cp = await ScriptedChargePoint.connect(url, 'CP-ERR')
    const answer = await cp.call('Heartbeat', {})
    spy.mockRestore()
    expect(answer.slice(0, 3)).toEqual([4, answer[1], 'InternalError'])
    expect(answer[3]).not.toMatch(/database|ENOENT|\/home|state\.json|\.ts:\d+/)
    const id = /error id ([0-9a-f]{8})/.exec(String(answer[3]))?.[1]
    expect(id).toBeDefined()
    // The log has the whole error under the id the station was given.
    expect(logged.some((line) => line.includes(id!) && line.includes('database on fire') && line.includes('CP-ERR'))).toBe(true)
    handle = async () => ({ currentTime: new Date().toISOString() })
    expect((await cp.call('Heartbeat', {}))[0]).toBe(3)
    await cp.close()
  })

  it('a handler that throws OcppError is answered with that code', async () => {
    handle = async () => {
      throw new OcppError('SecurityError', 'not yet')
    }
    const cp = await ScriptedChargePoint.connect(url, 'CP-SEC')
    const answer = await cp.call('Heartbeat', {})
    expect(answer[2]).toBe('SecurityError')
    await cp.close()
  })

  it('a handler answer that breaks the response schema is never sent: InternalError instead', async () => {
    handle = async () => ({ currentTime: 'not a time' })
    const cp = await ScriptedChargePoint.connect(url, 'CP-BUG')
    const answer = await cp.call('Heartbeat', {})
    expect(answer[2]).toBe('InternalError')
    await cp.close()
  })
})
