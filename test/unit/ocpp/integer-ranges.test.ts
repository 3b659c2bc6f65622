/**
 * The ranges of the integers a station sends (integer-ranges.ts): each named field's bounds, with
 * both ends inclusive, and the compiled check the boundary runs on every schema-valid payload.
 */
import { describe, expect, it } from 'vitest'
import { compileRangeCheck, INT32_MAX, INT32_MIN, integerRange } from '../../../src/main/ocpp/integer-ranges'
import type { Schema } from '../../../src/main/ocpp/schema-node'
import { createPayloadSanitizer } from '../../../src/main/ocpp/payload-sanitizer'
import { createOcppValidator } from '../../../src/main/ocpp/validator'

const SAFE = Number.MAX_SAFE_INTEGER

describe('the range of each integer field', () => {
  it('32-bit signed is -2^31..2^31-1', () => {
    expect(INT32_MIN).toBe(-2147483648)
    expect(INT32_MAX).toBe(2147483647)
  })

  it.each([
    ['connectorId', 0, INT32_MAX],
    ['transactionId', INT32_MIN, INT32_MAX],
    ['reservationId', INT32_MIN, INT32_MAX],
    ['chargingProfileId', INT32_MIN, INT32_MAX],
    ['id', INT32_MIN, INT32_MAX],
    ['listVersion', -1, INT32_MAX],
    ['stackLevel', 0, INT32_MAX],
    ['duration', 0, INT32_MAX],
    ['startPeriod', 0, INT32_MAX],
    ['interval', 0, INT32_MAX],
    ['retries', 0, INT32_MAX],
    ['retryInterval', 0, INT32_MAX],
    ['numberPhases', 1, 3],
    ['meterStart', -SAFE, SAFE],
    ['meterStop', -SAFE, SAFE],
    ['anythingElse', -SAFE, SAFE],
  ])('%s: %d to %d', (name, min, max) => {
    expect(integerRange(name)).toMatchObject({ min, max })
  })

  it('a field without a name (an array item) is only required to be a safe integer', () => {
    expect(integerRange(undefined)).toMatchObject({ min: -SAFE, max: SAFE })
  })

  it('each range says why, in words a person can act on', () => {
    expect(integerRange('connectorId').why).toMatch(/connector ids are 0 .*or above, in 32 bits/)
    expect(integerRange('listVersion').why).toMatch(/-1 = not supported, 0 = empty/)
    expect(integerRange('duration').why).toMatch(/duration in seconds, not negative/)
    expect(integerRange('startPeriod').why).toMatch(/seconds from the schedule start, not negative/)
    expect(integerRange('transactionId').why).toMatch(/32 bits/)
    expect(integerRange('stackLevel').why).toMatch(/32 bits/)
    expect(integerRange('numberPhases').why).toMatch(/1 to 3 phases/)
    expect(integerRange('meterStart').why).toMatch(/lose precision/)
  })
})

describe('the compiled range check', () => {
  const object = (properties: Record<string, Schema>, extra: Partial<Schema> = {}): Schema => ({ type: 'object', properties, ...extra })

  it('finds an integer out of its range at the top level, and takes both ends of the range', () => {
    const check = compileRangeCheck(object({ connectorId: { type: 'integer' }, numberPhases: { type: 'integer' } }), {})!
    expect(check({ connectorId: 0, numberPhases: 1 })).toBe(false)
    expect(check({ connectorId: INT32_MAX, numberPhases: 3 })).toBe(false)
    expect(check({ connectorId: -1, numberPhases: 1 })).toBe(true)
    expect(check({ connectorId: INT32_MAX + 1, numberPhases: 1 })).toBe(true)
    expect(check({ connectorId: 1, numberPhases: 0 })).toBe(true)
    expect(check({ connectorId: 1, numberPhases: 4 })).toBe(true)
  })

  it('an optional integer that is absent is not out of range', () => {
    const check = compileRangeCheck(object({ a: { type: 'string' }, connectorId: { type: 'integer' } }), {})!
    expect(check({ a: 'x' })).toBe(false)
  })

  it('looks into arrays and nested objects (through $ref), item by item', () => {
    const root: Schema = {
      definitions: { Period: object({ startPeriod: { type: 'integer' }, limit: { type: 'number' } }) },
    }
    const schema = object({ schedule: object({ periods: { type: 'array', items: { $ref: '#/definitions/Period' } } }) })
    const check = compileRangeCheck(schema, root)!
    expect(check({ schedule: { periods: [{ startPeriod: 0, limit: 1 }, { startPeriod: 60, limit: 2 }] } })).toBe(false)
    expect(check({ schedule: { periods: [{ startPeriod: 0, limit: 1 }, { startPeriod: -60, limit: 2 }] } })).toBe(true)
    expect(check({ schedule: { periods: [] } })).toBe(false)
    // An array of bare integers: items have no name, so only safe integers are asked for.
    const list = compileRangeCheck(object({ values: { type: 'array', items: { type: 'integer' } } }), {})!
    expect(list({ values: [1, -5, SAFE] })).toBe(false)
    expect(list({ values: [1, 2 ** 53] })).toBe(true)
  })

  it('a value of another type than the schema says is not its business (the schema check is)', () => {
    const check = compileRangeCheck(object({ items: { type: 'array', items: object({ connectorId: { type: 'integer' } }) } }), {})!
    expect(check({ items: 'x' })).toBe(false)
    expect(check({ items: ['x', null, 3] })).toBe(false)
    expect(check('x')).toBe(false)
    expect(check({ items: [{ connectorId: '1' }] })).toBe(true)
    // Text where a list of integers belongs is not read character by character as the list.
    const list = compileRangeCheck(object({ values: { type: 'array', items: { type: 'integer' } } }), {})!
    expect(list({ values: '12' })).toBe(false)
  })

  it('a schema holding no integer needs no check', () => {
    expect(compileRangeCheck(object({ a: { type: 'string' }, b: { type: 'array', items: { type: 'number' } } }), {})).toBeUndefined()
    expect(compileRangeCheck({ type: 'array' }, {})).toBeUndefined()
    expect(compileRangeCheck({ type: 'object' }, {})).toBeUndefined()
    expect(compileRangeCheck({ type: 'string' }, {})).toBeUndefined()
  })
})

describe('at the boundary', () => {
  const sanitizer = createPayloadSanitizer(createOcppValidator())
  const TIME = '2024-05-01T10:00:00.000Z'

  it('a sound payload whose optional integers are absent goes on as it is, uncopied', () => {
    const payload = { connectorId: 1, idTag: 'T', meterStart: 0, timestamp: TIME }
    expect(sanitizer.sanitize('StartTransaction', 'request', payload, 'strict')).toEqual({ ok: true, value: payload, violations: [] })
    expect((sanitizer.sanitize('StartTransaction', 'request', payload, 'strict') as { value: unknown }).value).toBe(payload)
    const meter = { connectorId: 0, meterValue: [{ timestamp: TIME, sampledValue: [{ value: '1' }] }] }
    expect((sanitizer.sanitize('MeterValues', 'request', meter, 'lenient') as { value: unknown }).value).toBe(meter)
  })

  it('a reservationId out of 32 bits is dropped with a warning; -2^31 and 2^31-1 are kept', () => {
    const start = (reservationId: number) => sanitizer.sanitize('StartTransaction', 'request', { connectorId: 1, idTag: 'T', meterStart: 0, timestamp: TIME, reservationId }, 'strict')
    expect(start(INT32_MIN)).toMatchObject({ ok: true, value: { reservationId: INT32_MIN }, violations: [] })
    expect(start(INT32_MAX)).toMatchObject({ ok: true, value: { reservationId: INT32_MAX }, violations: [] })
    const over = start(INT32_MAX + 1)
    expect(over.ok && over.value).not.toHaveProperty('reservationId')
    expect(over.violations).toEqual([
      { code: 'PropertyConstraintViolation', path: '/reservationId', message: 'must be an integer from -2147483648 to 2147483647 (OCPP 1.6 keeps it in 32 bits): 2147483648 was ignored, never adopted (the field was dropped)' },
    ])
  })

  it('a composite schedule answer with a negative startPeriod loses its schedule, keeps its status', () => {
    const answer = { status: 'Accepted', connectorId: 1, chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: -1, limit: 6 }] } }
    const result = sanitizer.sanitize('GetCompositeSchedule', 'response', answer, 'strict')
    expect(result).toMatchObject({ ok: true, value: { status: 'Accepted', connectorId: 1 } })
    expect(result.ok && result.value).not.toHaveProperty('chargingSchedule')
    expect(result.violations[0]).toMatchObject({ path: '/chargingSchedule/chargingSchedulePeriod/0/startPeriod', message: expect.stringMatching(/^must be an integer from 0 to 2147483647 \(seconds from the schedule start/) })
  })
})
