/** The API's argument intake refuses arguments nested too deeply, before any validator or handler sees them. */
import { describe, expect, it } from 'vitest'
import { createApi, ApiError, type ApiCore } from '../../../src/main/api'

function nested(depth: number): unknown {
  let value: unknown = {}
  for (let i = 1; i < depth; i += 1) value = { a: value }
  return value
}

describe('api.invoke: argument depth', () => {
  const touched: string[] = []
  // No handler may run: every service the handlers would reach records that it was touched.
  const core = new Proxy({}, { get: (_target, name) => (touched.push(String(name)), undefined) }) as unknown as ApiCore
  const api = createApi(core)

  it('answers BadRequest naming the limit for an argument 5,000 levels deep, and for one that contains itself', async () => {
    const deep = api.invoke('sendCall', { stationId: 'CP', action: 'DataTransfer', payload: { vendorId: 'v', data: nested(5_000) } })
    await expect(deep).rejects.toBeInstanceOf(ApiError)
    await expect(deep).rejects.toMatchObject({ code: 'BadRequest', message: 'The argument of sendCall is nested deeper than 64 levels of arrays and objects: not read. Send a flatter structure.' })
    const looped: Record<string, unknown> = { stationId: 'CP' }
    looped.self = looped
    await expect(api.invoke('listTasks', looped)).rejects.toMatchObject({ code: 'BadRequest' })
    expect(touched).not.toContain('calls')
    expect(touched).not.toContain('stations')
  })

  it('an unknown command is still told first', async () => {
    await expect(api.invoke('noSuchCommand', nested(100))).rejects.toMatchObject({ code: 'UnknownCommand' })
  })

  it('an argument within the limit goes on to the contract check', async () => {
    await expect(api.invoke('listTasks', { stationId: 'CP', extra: nested(60) })).rejects.toMatchObject({ code: 'BadRequest', message: expect.stringMatching(/unknown property "extra"/) })
  })
})
