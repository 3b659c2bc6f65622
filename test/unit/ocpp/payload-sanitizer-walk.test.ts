/**
 * The sanitizer's walk at its edges (payload-sanitizer.ts): strict mode never repairs, even where a
 * validator let a payload through; lenient mode never hands on what its validator still refuses;
 * what a schema leaves open is kept as sent. A validator of our own (the OcppValidator interface)
 * holds the schema and the verdict, so each rule is tested on its own.
 */
import { describe, expect, it } from 'vitest'
import type { Violation } from '@shared/contract/dto'
import { createPayloadSanitizer, type Sanitized } from '../../../src/main/ocpp/payload-sanitizer'
import type { Schema } from '../../../src/main/ocpp/schema-node'
import { createOcppValidator, type OcppValidator } from '../../../src/main/ocpp/validator'

/** Out of the `id` range (32 bits): makes the sanitizer walk a payload its validator let through. */
const OUT_OF_RANGE = 2 ** 31
const TIME = '2024-05-01T10:00:00.000Z'

/** A validator that lets every payload through (or refuses every one) and describes it with `schema`. */
function validatorOf(schema: Schema, verdict: Violation[] = []): OcppValidator {
  return { validateRequest: () => verdict, validateResponse: () => verdict, schemaOf: () => schema }
}

const FIELDS: Schema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    count: { type: 'integer' },
    limit: { type: 'number' },
    flag: { type: 'boolean' },
    kind: { type: 'string', enum: ['Fast', 'Slow'] },
    at: { type: 'string', format: 'date-time' },
    info: { type: 'string', maxLength: 5 },
    data: { type: 'string' },
    tenth: { type: 'number', multipleOf: 0.1 },
    list: { type: 'array' },
    open: {},
    'a/b': { type: 'object', properties: { x: { type: 'integer' } } },
  },
  additionalProperties: false,
}

function refusedOrDropped(result: Sanitized, field: string): void {
  if (result.ok) expect(result.value).not.toHaveProperty(field)
  expect(result.violations.map((v) => v.message).join('\n')).not.toMatch(/read as|kept as|cut to/)
}

describe('strict mode never repairs, even what its validator let through', () => {
  // `StatusNotification` names the descriptive fields a lenient walk may cut (/info).
  const strict = (payload: object) => createPayloadSanitizer(validatorOf(FIELDS)).sanitize('StatusNotification', 'request', { id: OUT_OF_RANGE, ...payload }, 'strict')

  it('an integer, number or boolean sent as text is not read', () => {
    refusedOrDropped(strict({ count: '7' }), 'count')
    refusedOrDropped(strict({ limit: '16.5' }), 'limit')
    refusedOrDropped(strict({ flag: 'true' }), 'flag')
  })

  it('an enum value in the wrong letter case, a non-canonical date-time, structured free text and an over-long description are not taken', () => {
    refusedOrDropped(strict({ kind: 'fast' }), 'kind')
    refusedOrDropped(strict({ at: '2024-05-01 10:00:00' }), 'at')
    refusedOrDropped(strict({ data: { a: 1 } }), 'data')
    refusedOrDropped(strict({ info: 'abcdefgh' }), 'info')
  })

  it('an unknown field refuses the payload (never silently dropped)', () => {
    expect(strict({ extra: 1 })).toMatchObject({ ok: false, code: 'FormationViolation', reason: '/extra: property is not allowed here', violations: expect.arrayContaining([{ code: 'FormationViolation', path: '/extra', message: 'property is not allowed here' }]) })
  })

  it('the same payloads are repaired when lenient (the contrast that shows the walk took the mode)', () => {
    const lenient = createPayloadSanitizer(validatorOf(FIELDS)).sanitize('StatusNotification', 'request', { count: '7', limit: '16.5', flag: 'true', kind: 'fast', at: '2024-05-01 10:00:00', data: { a: 1 }, info: 'abcdefgh', id: OUT_OF_RANGE }, 'lenient')
    expect(lenient).toMatchObject({ ok: true, value: { count: 7, limit: 16.5, flag: true, kind: 'Fast', at: TIME, data: '{"a":1}', info: 'abcde' } })
    expect(lenient.violations).toContainEqual({ code: 'PropertyConstraintViolation', path: '/kind', message: 'must be one of the schema\'s values, as spelt there ("fast" was read as "Fast")' })
    expect(lenient.violations).toContainEqual({ code: 'FormationViolation', path: '/info', message: 'must NOT have more than 5 characters (cut to 5)' })
    expect(lenient.violations).toContainEqual({ code: 'PropertyConstraintViolation', path: '/at', message: `must be a date-time with time zone (RFC 3339) ("2024-05-01 10:00:00" was read as ${TIME}, as UTC)` })
    const extra = createPayloadSanitizer(validatorOf(FIELDS)).sanitize('Heartbeat', 'request', { id: OUT_OF_RANGE, extra: 1 }, 'lenient')
    expect(extra.violations).toContainEqual({ code: 'FormationViolation', path: '/extra', message: 'property is not allowed here (dropped)' })
  })
})

describe('text read as a value', () => {
  it('may have white space of any kind around it, as the patterns allow', () => {
    const result = createPayloadSanitizer(validatorOf(FIELDS)).sanitize('Heartbeat', 'request', { id: OUT_OF_RANGE, count: '\u00a07\n', limit: '\t16.5 ', flag: ' True ' }, 'lenient')
    expect(result).toMatchObject({ ok: true, value: { count: 7, limit: 16.5, flag: true } })
  })
})

describe('what is never read as a value, each saying why', () => {
  const lenient = (payload: object) => createPayloadSanitizer(validatorOf(FIELDS)).sanitize('Heartbeat', 'request', { id: OUT_OF_RANGE, ...payload }, 'lenient')
  const droppedAs = (payload: object, path: string, code: Violation['code'], message: string) => {
    const result = lenient(payload)
    expect(result.ok && result.value, JSON.stringify(payload)).toEqual({})
    expect(result.violations, JSON.stringify(payload)).toContainEqual({ code, path, message: `${message} (the field was dropped)` })
  }

  it('an integer: a fraction, or a list holding one number (an IPC argument can)', () => {
    droppedAs({ count: 1.5 }, '/count', 'TypeConstraintViolation', 'must be of type integer')
    droppedAs({ count: [7] }, '/count', 'TypeConstraintViolation', 'must be of type integer')
  })

  it('a number: a boolean, Infinity, a list holding one number, or a number off its multipleOf', () => {
    for (const limit of [true, Infinity, [16.5]]) droppedAs({ limit }, '/limit', 'TypeConstraintViolation', 'must be of type number')
    droppedAs({ tenth: 0.15 }, '/tenth', 'PropertyConstraintViolation', 'must be a multiple of 0.1')
  })

  it('a boolean: other words, or a list holding one', () => {
    droppedAs({ flag: 'yes' }, '/flag', 'TypeConstraintViolation', 'must be of type boolean')
    droppedAs({ flag: [true] }, '/flag', 'TypeConstraintViolation', 'must be of type boolean')
  })

  it('an array: anything else', () => {
    droppedAs({ list: 'x' }, '/list', 'TypeConstraintViolation', 'must be of type array')
  })

  it('text in an answer is never cut, and says how long it may be', () => {
    const result = createPayloadSanitizer(validatorOf(FIELDS)).sanitize('StatusNotification', 'response', { id: OUT_OF_RANGE, info: 'abcdefgh' }, 'lenient')
    expect(result.ok && result.value).toEqual({})
    expect(result.violations).toContainEqual({ code: 'FormationViolation', path: '/info', message: 'must NOT have more than 5 characters (the field was dropped)' })
  })

  it('the path names every level as a JSON pointer, escaping ~ and / in each', () => {
    expect(lenient({ 'a/b': { x: 'no' } }).violations).toContainEqual(expect.objectContaining({ path: '/a~1b/x' }))
  })

  it('an integer read from text may be the top of its range', () => {
    expect(lenient({ count: 2 ** 53, id: '2147483647' })).toMatchObject({ ok: true, value: { id: 2147483647 } })
  })
})

describe('lenient mode hands on only what its validator accepts', () => {
  it('a repaired payload the validator still refuses is refused, with the validator’s violations', () => {
    const left: Violation = { code: 'PropertyConstraintViolation', path: '/count', message: 'must be at least 10' }
    const result = createPayloadSanitizer(validatorOf(FIELDS, [left])).sanitize('Heartbeat', 'request', { count: '7' }, 'lenient')
    expect(result).toMatchObject({ ok: false, code: 'PropertyConstraintViolation', reason: '/count: must be at least 10' })
    expect(result.violations).toEqual([expect.objectContaining({ path: '/count', message: expect.stringMatching(/read as 7/) }), left])
  })
})

describe('what a schema leaves open', () => {
  const lenient = (payload: object) => createPayloadSanitizer(validatorOf(FIELDS)).sanitize('Heartbeat', 'request', { id: OUT_OF_RANGE, ...payload }, 'lenient')

  it('an array without an item schema and a field without a type are kept as sent', () => {
    const list = [1, 'two', { three: 3 }]
    const result = lenient({ list, open: { any: ['thing'] } })
    expect(result).toMatchObject({ ok: true, value: { list, open: { any: ['thing'] } } })
    if (result.ok) expect((result.value as { list: unknown[] }).list).not.toBe(list)
  })

  it('a free-text field holding undefined (an IPC argument can) is dropped, never turned into text', () => {
    const result = lenient({ data: undefined })
    expect(result.ok && result.value).toEqual({})
    expect(result.violations).toContainEqual({ code: 'PropertyConstraintViolation', path: '/id', message: expect.stringMatching(/the field was dropped/) })
    expect(result.violations).toContainEqual({ code: 'TypeConstraintViolation', path: '/data', message: 'must be of type string (the field was dropped)' })
  })

  it('an enum is matched in any letter case only against its text options, and only when exactly one matches', () => {
    const schema: Schema = { type: 'object', properties: { id: { type: 'integer' }, mode: { type: 'string', enum: [7, null, 'On', 'Off'] }, twin: { type: 'string', enum: ['On', 'ON'] } } }
    const sanitize = (payload: object) => createPayloadSanitizer(validatorOf(schema)).sanitize('Heartbeat', 'request', { id: OUT_OF_RANGE, ...payload }, 'lenient')
    expect(sanitize({ mode: 'off' })).toMatchObject({ ok: true, value: { mode: 'Off' } })
    const twin = sanitize({ twin: 'on' })
    expect(twin.ok && twin.value).toEqual({})
    expect(twin.violations).toContainEqual({ code: 'PropertyConstraintViolation', path: '/twin', message: 'must be one of: On, ON (the field was dropped)' })
  })

  it('the list of allowed values is cut at 120 characters: 120 are shown whole, 121 end in an ellipsis', () => {
    const words = (length: number) => ['x'.repeat(length - 3), 'B'] // "x…x, B": length characters
    for (const [length, shownList] of [
      [120, `${'x'.repeat(117)}, B`],
      [121, `${'x'.repeat(118)},…`],
    ] as const) {
      const schema: Schema = { type: 'object', properties: { id: { type: 'integer' }, mode: { type: 'string', enum: words(length) } } }
      const result = createPayloadSanitizer(validatorOf(schema)).sanitize('Heartbeat', 'request', { id: OUT_OF_RANGE, mode: 'Q' }, 'lenient')
      expect(result.violations).toContainEqual({ code: 'PropertyConstraintViolation', path: '/mode', message: `must be one of: ${shownList} (the field was dropped)` })
    }
  })
})

describe('the boundary’s words at the root and for formats', () => {
  const sanitizer = createPayloadSanitizer(createOcppValidator())

  it('a lenient refusal of an answer says where the answer is, and suggests no other setting', () => {
    const result = sanitizer.sanitize('ChangeConfiguration', 'response', { status: 5 }, 'lenient')
    expect(result.ok || result.reason).toBe('The ChangeConfiguration answer cannot be made sound (/status: must be of type string). Nothing of it was adopted; the answer as sent is in the message log.')
  })

  it('a payload that is not an object is refused at the path of the payload itself', () => {
    expect(sanitizer.sanitize('Heartbeat', 'request', [], 'lenient')).toMatchObject({ ok: false, violations: [{ code: 'TypeConstraintViolation', path: '', message: 'must be of type object' }], reason: '(payload): must be of type object' })
  })

  it('only a date-time field reads a date-time: a uri field holding one is refused, saying a uri is wanted', () => {
    const result = sanitizer.sanitize('UpdateFirmware', 'request', { location: '2024-05-01 10:00:00', retrieveDate: TIME }, 'lenient')
    expect(result).toMatchObject({ ok: false, code: 'PropertyConstraintViolation' })
    expect(result.violations).toContainEqual({ code: 'PropertyConstraintViolation', path: '/location', message: 'must be a valid uri' })
  })

  it('a date-time read with any written zone (Z or z, UTC, ±hh, ±hhmm, ±hh:mm, spaces after) does not say "as UTC"; one without a zone does', () => {
    const read = (timestamp: string) => sanitizer.sanitize('StatusNotification', 'request', { connectorId: 1, errorCode: 'NoError', status: 'Available', timestamp }, 'lenient').violations[0]!.message
    // Without seconds, so that none is valid RFC 3339 as sent (ajv takes a space for the T).
    for (const zoned of ['2024-05-01 10:00Z', '2024-05-01 10:00z', '2024-05-01 10:00 UTC', '2024-05-01 12:00+02', '2024-05-01 12:00+0200', '2024-05-01 08:00-02:00', '2024-05-01 10:00Z  ']) {
      expect(read(zoned), zoned).toBe(`must be a date-time with time zone (RFC 3339) (${JSON.stringify(zoned)} was read as ${TIME})`)
    }
    for (const plain of ['2024-05-01 10:00', '2024-05-01 10:00 ', '2024-05-01T10:00']) {
      expect(read(plain), plain).toBe(`must be a date-time with time zone (RFC 3339) (${JSON.stringify(plain)} was read as ${TIME}, as UTC)`)
    }
  })
})
