import { resolve } from 'node:path'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import type { Violation } from '@shared/contract/dto'
import type { OcppRequest } from '@shared/ocpp/payloads'
import {
  createOcppValidator,
  describeViolations,
  errorCodeForKeyword,
  findSchemaDir,
  isMultipleOf,
  primaryCode,
  toViolations,
  type OcppValidator,
} from '../../../src/main/ocpp/validator'

const ROOT = resolve(__dirname, '../../..')

let validator: OcppValidator
beforeAll(() => {
  const started = performance.now()
  validator = createOcppValidator()
  // Informational only: compiling all 56 schemas happens once, at start.
  console.info(`validator: 56 schemas compiled in ${(performance.now() - started).toFixed(0)} ms`)
})

const boot = { chargePointVendor: 'VendorX', chargePointModel: 'ModelY' }

function profile(limit: number, minChargingRate?: number): OcppRequest<'SetChargingProfile'> {
  return {
    connectorId: 1,
    csChargingProfiles: {
      chargingProfileId: 7,
      stackLevel: 0,
      chargingProfilePurpose: 'TxDefaultProfile',
      chargingProfileKind: 'Absolute',
      chargingSchedule: {
        chargingRateUnit: 'A',
        chargingSchedulePeriod: [{ startPeriod: 0, limit }],
        ...(minChargingRate === undefined ? {} : { minChargingRate }),
      },
    },
  }
}

const v = (code: Violation['code'], path = ''): Violation => ({ code, path, message: 'm' })

describe('createOcppValidator', () => {
  it('finds the schemas folder at the repository root, from source and from an out/main-like folder', () => {
    expect(findSchemaDir()).toBe(resolve(ROOT, 'schemas'))
    expect(findSchemaDir(resolve(ROOT, 'out/main'))).toBe(resolve(ROOT, 'schemas'))
  })

  it('accepts an explicit schema folder', () => {
    const explicit = createOcppValidator(resolve(ROOT, 'schemas'))
    expect(explicit.validateRequest('BootNotification', boot)).toEqual([])
  })

  it('fails clearly when the folder has no schemas', () => {
    expect(() => createOcppValidator(resolve(ROOT, 'src'))).toThrow(/Cannot load OCPP schema .*Authorize\.json/)
    expect(() => createOcppValidator(resolve(ROOT, 'src'))).toThrow(expect.objectContaining({ cause: expect.objectContaining({ code: 'ENOENT' }) }))
  })

  it('passes a valid BootNotification', () => {
    expect(validator.validateRequest('BootNotification', boot)).toEqual([])
    expect(validator.validateRequest('Heartbeat', {})).toEqual([])
  })

  it('maps a missing required property to OccurenceConstraintViolation at the property path', () => {
    expect(validator.validateRequest('BootNotification', { chargePointVendor: 'VendorX' })).toEqual([
      { code: 'OccurenceConstraintViolation', path: '/chargePointModel', message: expect.stringMatching(/missing/) },
    ])
  })

  it('maps a wrong JSON type to TypeConstraintViolation', () => {
    const [violation] = validator.validateRequest('StartTransaction', {
      connectorId: '1',
      idTag: 'ABC',
      meterStart: 0,
      timestamp: '2024-01-01T10:00:00Z',
    })
    expect(violation).toMatchObject({ code: 'TypeConstraintViolation', path: '/connectorId' })
    expect(validator.validateRequest('Heartbeat', null)).toMatchObject([{ code: 'TypeConstraintViolation', path: '' }])
  })

  it('maps enum, format and multipleOf failures to PropertyConstraintViolation', () => {
    expect(validator.validateRequest('Reset', { type: 'Medium' })).toMatchObject([{ code: 'PropertyConstraintViolation', path: '/type' }])
    expect(validator.validateResponse('Heartbeat', { currentTime: 'yesterday' })).toMatchObject([
      { code: 'PropertyConstraintViolation', path: '/currentTime' },
    ])
    expect(validator.validateRequest('UpdateFirmware', { location: 'fw.bin', retrieveDate: '2024-01-01T10:00:00Z' })).toMatchObject([
      { code: 'PropertyConstraintViolation', path: '/location' },
    ])
  })

  it('maps a too long string and an unknown property to FormationViolation', () => {
    const long = validator.validateRequest('Authorize', { idTag: 'X'.repeat(21) })
    expect(long).toEqual([{ code: 'FormationViolation', path: '/idTag', message: 'must NOT have more than 20 characters' }])
    expect(validator.validateRequest('Authorize', { idTag: 'X'.repeat(20) })).toEqual([])
    expect(validator.validateRequest('BootNotification', { ...boot, colour: 'red' })).toMatchObject([
      { code: 'FormationViolation', path: '/colour' },
    ])
  })

  it('reports an unknown property at a nested level with its full path', () => {
    const request = profile(16)
    ;(request.csChargingProfiles.chargingSchedule.chargingSchedulePeriod[0] as unknown as Record<string, unknown>).phaseToUse = 2
    expect(validator.validateRequest('SetChargingProfile', request)).toEqual([
      {
        code: 'FormationViolation',
        path: '/csChargingProfiles/chargingSchedule/chargingSchedulePeriod/0/phaseToUse',
        message: expect.any(String),
      },
    ])
  })

  it('accepts one-decimal limits despite binary floating point, and rejects 0.15', () => {
    for (const limit of [6.1, 16.7, 0.3, 21.4, 230.7, 6, 8.3, 6000]) {
      expect(validator.validateRequest('SetChargingProfile', profile(limit)), `limit ${limit}`).toEqual([])
    }
    expect(validator.validateRequest('SetChargingProfile', profile(16, 6.1))).toEqual([])
    expect(validator.validateRequest('SetChargingProfile', profile(0.15))).toEqual([
      {
        code: 'PropertyConstraintViolation',
        path: '/csChargingProfiles/chargingSchedule/chargingSchedulePeriod/0/limit',
        message: 'must be a multiple of 0.1',
      },
    ])
    expect(validator.validateRequest('SetChargingProfile', profile(16, 1.25))).toMatchObject([
      { code: 'PropertyConstraintViolation', path: '/csChargingProfiles/chargingSchedule/minChargingRate' },
    ])
    const remoteStart = { idTag: 'ABC', chargingProfile: { ...profile(230.7).csChargingProfiles, chargingProfilePurpose: 'TxProfile' } }
    expect(validator.validateRequest('RemoteStartTransaction', remoteStart)).toEqual([])
  })

  it('isMultipleOf uses a tolerance relative to the quotient', () => {
    expect(isMultipleOf(230.7, 0.1)).toBe(true)
    expect(isMultipleOf(1_000_000.1, 0.1)).toBe(true)
    expect(isMultipleOf(0.15, 0.1)).toBe(false)
    expect(isMultipleOf(0.1000001, 0.1)).toBe(false)
  })

  it('validates responses too', () => {
    const response = { status: 'Accepted', currentTime: '2024-01-01T10:00:00Z', interval: 300 }
    expect(validator.validateResponse('BootNotification', response)).toEqual([])
    expect(validator.validateResponse('BootNotification', { ...response, interval: 1.5 })).toEqual([
      { code: 'TypeConstraintViolation', path: '/interval', message: expect.stringMatching(/integer/) },
    ])
    expect(validator.validateResponse('GetConfiguration', { configurationKey: [{ key: 'HeartbeatInterval' }] })).toMatchObject([
      { code: 'OccurenceConstraintViolation', path: '/configurationKey/0/readonly' },
    ])
    expect(validator.validateResponse('StatusNotification', {})).toEqual([])
  })

  it('reports every violation of a payload (allErrors)', () => {
    const violations = validator.validateRequest('StatusNotification', { connectorId: 1.5, errorCode: 'Boom', extra: true })
    expect(violations.map((x) => x.code).sort()).toEqual([
      'FormationViolation',
      'OccurenceConstraintViolation',
      'PropertyConstraintViolation',
      'TypeConstraintViolation',
    ])
    expect(primaryCode(violations)).toBe('TypeConstraintViolation')
  })
})

describe('errorCodeForKeyword', () => {
  it.each([
    ['required', 'OccurenceConstraintViolation'],
    ['type', 'TypeConstraintViolation'],
    ['enum', 'PropertyConstraintViolation'],
    ['format', 'PropertyConstraintViolation'],
    ['pattern', 'PropertyConstraintViolation'],
    ['multipleOf', 'PropertyConstraintViolation'],
    ['minimum', 'PropertyConstraintViolation'],
    ['maximum', 'PropertyConstraintViolation'],
    ['additionalProperties', 'FormationViolation'],
    ['maxLength', 'FormationViolation'],
    ['minLength', 'FormationViolation'],
    ['maxItems', 'FormationViolation'],
    ['minItems', 'FormationViolation'],
    ['$ref', 'FormationViolation'],
  ])('%s → %s', (keyword, code) => {
    expect(errorCodeForKeyword(keyword)).toBe(code)
  })
})

describe('primaryCode', () => {
  it('prefers Type, then Occurence, then Property, then Formation', () => {
    const all = [v('FormationViolation'), v('PropertyConstraintViolation'), v('OccurenceConstraintViolation'), v('TypeConstraintViolation')]
    expect(primaryCode(all)).toBe('TypeConstraintViolation')
    expect(primaryCode(all.slice(0, 3))).toBe('OccurenceConstraintViolation')
    expect(primaryCode(all.slice(0, 2))).toBe('PropertyConstraintViolation')
    expect(primaryCode(all.slice(0, 1))).toBe('FormationViolation')
    expect(primaryCode([])).toBe('FormationViolation')
  })
})

describe('describeViolations', () => {
  it('joins path and message, and stays short', () => {
    const text = describeViolations(validator.validateRequest('Authorize', { idTag: 'X'.repeat(21) }))
    expect(text).toBe('/idTag: must NOT have more than 20 characters')
    const many = Array.from({ length: 50 }, (_, i) => ({ code: 'FormationViolation' as const, path: `/p${i}`, message: 'property is not allowed here' }))
    expect(describeViolations(many).length).toBeLessThanOrEqual(300)
    expect(describeViolations([{ code: 'TypeConstraintViolation', path: '', message: 'must be of type object' }])).toBe(
      '(payload): must be of type object',
    )
  })
})

describe('validator edges', () => {
  it('exclusive bounds are property constraints', () => {
    expect(errorCodeForKeyword('exclusiveMinimum')).toBe('PropertyConstraintViolation')
    expect(errorCodeForKeyword('exclusiveMaximum')).toBe('PropertyConstraintViolation')
  })

  it('a code outside the precedence list answers only when nothing else does', () => {
    expect(primaryCode([{ code: 'GenericError' as never, path: '', message: 'm' }])).toBe('GenericError')
    expect(primaryCode([{ code: 'GenericError' as never, path: '', message: 'm' }, v('FormationViolation')])).toBe('FormationViolation')
  })

  it('a summary of exactly the limit is kept whole; a longer one is cut with an ellipsis at the limit', () => {
    const exactly = [{ code: 'FormationViolation' as const, path: '/p', message: 'x'.repeat(297) }]
    expect(describeViolations(exactly)).toHaveLength(300)
    expect(describeViolations(exactly, 301)).toHaveLength(301)
    expect(describeViolations(exactly, 301).endsWith('x')).toBe(true)
    const cut = describeViolations(exactly, 300)
    expect(cut).toHaveLength(300)
    expect(cut.endsWith('x…')).toBe(true)
    expect(describeViolations([v('FormationViolation', '/a'), v('FormationViolation', '/b')])).toBe('/a: m; /b: m')
  })

  it('Ajv errors become violations with their pointer, message and code', () => {
    expect(toViolations(null)).toEqual([])
    expect(toViolations(undefined)).toEqual([])
    const errors = [
      { keyword: 'required', instancePath: '/a', params: { missingProperty: 'x/y~z' }, schemaPath: '' },
      { keyword: 'additionalProperties', instancePath: '', params: { additionalProperty: 'extra' }, schemaPath: '' },
      { keyword: 'format', instancePath: '/url', params: { format: 'uri' }, schemaPath: '' },
      { keyword: 'format', instancePath: '/e', params: { format: 'email' }, schemaPath: '' },
      { keyword: 'enum', instancePath: '/s', params: { allowedValues: Array.from({ length: 40 }, (_, i) => `Value${i}`) }, schemaPath: '' },
      { keyword: 'enum', instancePath: '/t', params: {}, schemaPath: '' },
      { keyword: 'minimum', instancePath: '/n', params: {}, schemaPath: '', message: 'must be >= 0' },
      { keyword: 'oddKeyword', instancePath: '/o', params: {}, schemaPath: '' },
    ]
    const violations = toViolations(errors as never)
    expect(violations.slice(0, 4)).toEqual([
      { code: 'OccurenceConstraintViolation', path: '/a/x~1y~0z', message: 'required property is missing' },
      { code: 'FormationViolation', path: '/extra', message: 'property is not allowed here' },
      { code: 'PropertyConstraintViolation', path: '/url', message: 'must be a valid uri (absolute URI)' },
      { code: 'PropertyConstraintViolation', path: '/e', message: 'must be a valid email' },
    ])
    expect(violations[4]!.message).toMatch(/^must be one of: Value0, Value1, .*…$/)
    expect(violations[4]!.message).toHaveLength('must be one of: '.length + 120)
    expect(violations[5]!.message).toBe('must be one of: ')
    expect(violations[6]).toEqual({ code: 'PropertyConstraintViolation', path: '/n', message: 'must be >= 0' })
    expect(violations[7]).toEqual({ code: 'FormationViolation', path: '/o', message: 'fails "oddKeyword"' })
  })

  it('the schemas of a payload are handed out as loaded, per direction', () => {
    expect(validator.schemaOf('request', 'Heartbeat')).toMatchObject({ title: expect.stringMatching(/Heartbeat/) })
    expect(validator.schemaOf('response', 'Heartbeat')).toMatchObject({ required: ['currentTime'] })
    expect(validator.schemaOf('request', 'Nope' as never)).toBeUndefined()
    expect(validator.validateResponse('Nope' as never, {})).toEqual([{ code: 'FormationViolation', path: '', message: 'no schema for action "Nope"' }])
  })

  it('no schema folder anywhere above is an error naming where it looked', () => {
    // Not process.chdir: test workers cannot change the working directory.
    const cwd = vi.spyOn(process, 'cwd').mockReturnValue('/')
    try {
      expect(() => findSchemaDir('/tmp')).toThrow('OCPP schemas not found: no folder "schemas" with BootNotification.json above /tmp or /')
    } finally {
      cwd.mockRestore()
    }
  })

  it('walks up from a deep start folder to the schemas above it', () => {
    const cwd = vi.spyOn(process, 'cwd').mockReturnValue('/')
    try {
      expect(findSchemaDir(resolve(ROOT, 'src/main/ocpp'))).toBe(resolve(ROOT, 'schemas'))
    } finally {
      cwd.mockRestore()
    }
  })

  it('a validator made in place reports every violation, multipleOf in its own words and only for numbers', () => {
    const fresh = createOcppValidator()
    expect(fresh.validateRequest('StartTransaction', { connectorId: '1', idTag: 5, meterStart: 0, timestamp: 'x' }).map((x) => x.path)).toEqual(['/connectorId', '/idTag', '/timestamp'])
    expect(fresh.validateRequest('SetChargingProfile', profile(6.15))).toEqual([{ code: 'PropertyConstraintViolation', path: '/csChargingProfiles/chargingSchedule/chargingSchedulePeriod/0/limit', message: 'must be a multiple of 0.1' }])
    expect(fresh.validateRequest('SetChargingProfile', profile('6.15' as never))).toEqual([{ code: 'TypeConstraintViolation', path: '/csChargingProfiles/chargingSchedule/chargingSchedulePeriod/0/limit', message: 'must be of type number' }])
    expect(fresh.validateResponse('Heartbeat', {})).toEqual([{ code: 'OccurenceConstraintViolation', path: '/currentTime', message: 'required property is missing' }])
    expect(fresh.schemaOf('request', 'Authorize')).toMatchObject({ required: ['idTag'] })
  })

  it('an enum list of exactly 120 characters is shown whole; a date-time format failure says what is expected', () => {
    const list = ['x'.repeat(117), 'B']
    expect(toViolations([{ keyword: 'enum', instancePath: '/s', params: { allowedValues: list }, schemaPath: '' }] as never)[0]!.message).toBe(`must be one of: ${'x'.repeat(117)}, B`)
    expect(toViolations([{ keyword: 'format', instancePath: '/t', params: { format: 'date-time' }, schemaPath: '' }] as never)).toEqual([
      { code: 'PropertyConstraintViolation', path: '/t', message: 'must be a date-time with time zone (RFC 3339, e.g. 2024-01-01T10:00:00Z)' },
    ])
  })

  it('falls back to the working directory when the start folder has none', () => {
    expect(findSchemaDir('/tmp')).toBe(resolve(ROOT, 'schemas'))
  })
})
