import { describe, expect, it } from 'vitest'
import { ApiError, toErrorBody } from '../../../src/main/api'

describe('the error body a client gets', () => {
  it('an ApiError is answered as it is (meant for the client)', () => {
    expect(toErrorBody(new ApiError('NotFound', 'No charge point "CP1"', { stationId: 'CP1' }), () => undefined)).toEqual({ code: 'NotFound', message: 'No charge point "CP1"', details: { stationId: 'CP1' } })
  })

  it('an internal error is answered with a generic message and an id; the whole error is logged under that id', () => {
    const logged: string[] = []
    const error = new Error("ENOENT: no such file or directory, open '/home/op/.config/csms/state.json'")
    const body = toErrorBody(error, (line) => logged.push(line))
    expect(body.code).toBe('Internal')
    expect(body.message).not.toMatch(/ENOENT|\/home|state\.json|\.ts:\d+|at /)
    const id = /id ([0-9a-f]{8})/.exec(body.message)?.[1]
    expect(id).toBeDefined()
    expect(logged).toHaveLength(1)
    expect(logged[0]).toContain(id)
    expect(logged[0]).toContain('/home/op/.config/csms/state.json')
    expect(logged[0]).toContain('at ')
  })

  it('a thrown non-Error is handled the same way', () => {
    const logged: string[] = []
    expect(toErrorBody('v8 internal 12.4.254', (line) => logged.push(line)).message).not.toContain('12.4')
    expect(logged[0]).toContain('v8 internal 12.4.254')
  })
})
