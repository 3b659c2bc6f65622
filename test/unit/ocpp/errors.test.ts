/** The one OCPP error type (errors.ts): what a handler throws to answer a CALL with a CALLERROR. */
import { describe, expect, it } from 'vitest'
import { OcppError, isOcppError } from '../../../src/main/ocpp/errors'

describe('OcppError', () => {
  it('carries its code, message and details, and names itself in logs', () => {
    const error = new OcppError('SecurityError', 'not allowed now', { hint: 'wait' })
    expect(error).toMatchObject({ code: 'SecurityError', message: 'not allowed now', details: { hint: 'wait' } })
    expect(String(error)).toBe('OcppError: not allowed now')
    expect(error).toBeInstanceOf(Error)
  })

  it('has empty details when none are given (a CALLERROR always carries an object)', () => {
    expect(new OcppError('NotSupported', 'no').details).toEqual({})
  })

  it('is told apart from any other error, even one shaped like it', () => {
    expect(isOcppError(new OcppError('GenericError', 'x'))).toBe(true)
    expect(isOcppError(Object.assign(new Error('x'), { code: 'GenericError', details: {}, name: 'OcppError' }))).toBe(false)
    expect(isOcppError({ code: 'GenericError', message: 'x' })).toBe(false)
    expect(isOcppError(undefined)).toBe(false)
  })
})
