/** The boundary's sanitizer: what domain code may receive of a station's payload, per mode and action. */
import { describe, expect, it } from 'vitest'
import { createOcppValidator } from '../../../src/main/ocpp/validator'
import { createPayloadSanitizer, MAX_VIOLATIONS, readDateTime, sanitizerFor, type Sanitized } from '../../../src/main/ocpp/payload-sanitizer'
import { INT32_MAX } from '../../../src/main/ocpp/integer-ranges'

const validator = createOcppValidator()
const sanitizer = createPayloadSanitizer(validator)
const lenientCall = (action: Parameters<typeof sanitizer.sanitize>[0], payload: unknown) => sanitizer.sanitize(action, 'request', payload, 'lenient')
const strictCall = (action: Parameters<typeof sanitizer.sanitize>[0], payload: unknown) => sanitizer.sanitize(action, 'request', payload, 'strict')
const lenientAnswer = (action: Parameters<typeof sanitizer.sanitize>[0], payload: unknown) => sanitizer.sanitize(action, 'response', payload, 'lenient')
const strictAnswer = (action: Parameters<typeof sanitizer.sanitize>[0], payload: unknown) => sanitizer.sanitize(action, 'response', payload, 'strict')

function value(result: Sanitized): unknown {
  if (!result.ok) throw new Error(`refused: ${result.reason}`)
  return result.value
}
const paths = (result: Sanitized) => result.violations.map((v) => v.path)
const TIME = '2024-05-01T10:00:00.000Z'

describe('strict mode', () => {
  it('passes a valid payload on with no violations', () => {
    expect(strictCall('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' })).toEqual({ ok: true, value: { connectorId: 1, errorCode: 'NoError', status: 'Available' }, violations: [] })
  })

  it('refuses a CALL that breaks its schema with today\u2019s code and description', () => {
    const result = strictCall('BootNotification', { chargePointVendor: 42, chargePointModel: 'M' })
    expect(result).toMatchObject({ ok: false, code: 'TypeConstraintViolation', reason: '/chargePointVendor: must be of type string' })
  })

  it('fails an answer that breaks its schema, saying nothing was adopted and where the answer is', () => {
    const result = strictAnswer('ChangeConfiguration', { status: 5 })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.violations).toEqual([{ code: 'TypeConstraintViolation', path: '/status', message: 'must be of type string' }, expect.objectContaining({ path: '/status', code: 'PropertyConstraintViolation' })])
    expect(result.reason).toMatch(/^The ChangeConfiguration answer breaks the OCPP 1\.6 schema .*Nothing of it was adopted; the answer as sent is in the message log\. A lenient setting/)
  })

  it('an extra field is a refusal, not a repair', () => {
    expect(strictAnswer('ChangeConfiguration', { status: 'Accepted', note: 'x' })).toMatchObject({ ok: false, violations: [{ path: '/note', code: 'FormationViolation' }] })
  })
})

describe('lenient mode: safe coercions, each recorded', () => {
  it('reads an integer sent as text, and says so', () => {
    const result = lenientCall('StartTransaction', { connectorId: '1', idTag: 'T', meterStart: ' 1000 ', timestamp: TIME })
    expect(value(result)).toEqual({ connectorId: 1, idTag: 'T', meterStart: 1000, timestamp: TIME })
    expect(result.violations).toEqual([
      { code: 'TypeConstraintViolation', path: '/connectorId', message: 'must be of type integer (the text "1" was read as 1)' },
      { code: 'TypeConstraintViolation', path: '/meterStart', message: 'must be of type integer (the text " 1000 " was read as 1000)' },
    ])
  })

  it('reads a number sent as text (and still checks multipleOf 0.1)', () => {
    const answer = (limit: unknown) => lenientAnswer('GetCompositeSchedule', { status: 'Accepted', chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit }] } })
    expect(value(answer('16.5'))).toMatchObject({ chargingSchedule: { chargingSchedulePeriod: [{ startPeriod: 0, limit: 16.5 }] } })
    // 6.15 has two decimals: no safe repair, and the schedule is optional: dropped, the status kept.
    const cut = answer('6.15')
    expect(value(cut)).toEqual({ status: 'Accepted' })
    expect(cut.violations[0]).toMatchObject({ path: '/chargingSchedule/chargingSchedulePeriod/0/limit', message: 'must be a multiple of 0.1 (the field was dropped)' })
  })

  it('reads a boolean sent as "true"/"false"', () => {
    expect(value(lenientAnswer('GetConfiguration', { configurationKey: [{ key: 'A', readonly: 'TRUE' }, { key: 'B', readonly: 'false' }] }))).toEqual({ configurationKey: [{ key: 'A', readonly: true }, { key: 'B', readonly: false }] })
    expect(value(lenientAnswer('GetConfiguration', { configurationKey: [{ key: 'A', readonly: 'yes' }] }))).toEqual({ configurationKey: [] })
  })

  it('reads an enum value in the wrong letter case as the schema spells it', () => {
    const result = lenientCall('StatusNotification', { connectorId: 1, errorCode: 'noerror', status: 'AVAILABLE' })
    expect(value(result)).toEqual({ connectorId: 1, errorCode: 'NoError', status: 'Available' })
    expect(result.violations.map((v) => v.message)).toEqual(["must be one of the schema's values, as spelt there (\"noerror\" was read as \"NoError\")", "must be one of the schema's values, as spelt there (\"AVAILABLE\" was read as \"Available\")"])
    expect(lenientCall('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Sleeping' })).toMatchObject({ ok: false, code: 'PropertyConstraintViolation' })
  })

  it('reads a date-time in a readable non-canonical form as canonical UTC; an unreadable one is unsound', () => {
    expect(readDateTime('2024-05-01 12:00:00+02:00')).toBe(TIME)
    expect(readDateTime('2024-05-01T12:00:00+0200')).toBe(TIME)
    expect(readDateTime('2024-05-01T10:00:00')).toBe(TIME)
    expect(readDateTime('2024-05-01t10:00z')).toBe(TIME)
    expect(readDateTime('2024-05-01T10:00:00,5 UTC')).toBe('2024-05-01T10:00:00.500Z')
    for (const bad of ['yesterday', '2024-02-30T10:00:00Z', '2024-05-01T25:00:00Z', '2024-05-01', '1714557600', '2024-05-01T10:00:00+25:00']) expect(readDateTime(bad)).toBeUndefined()
    const result = lenientCall('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available', timestamp: '2024-05-01 10:00:00' })
    expect(value(result)).toMatchObject({ timestamp: TIME })
    expect(result.violations[0]!.message).toMatch(/was read as 2024-05-01T10:00:00.000Z, as UTC\)$/)
    // Optional and unreadable: dropped. Required and unreadable: refused.
    expect(value(lenientCall('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available', timestamp: 'soon' }))).toEqual({ connectorId: 1, errorCode: 'NoError', status: 'Available' })
    expect(lenientCall('StartTransaction', { connectorId: 1, idTag: 'T', meterStart: 0, timestamp: 'soon' })).toMatchObject({ ok: false, code: 'PropertyConstraintViolation' })
  })

  it('keeps the JSON text of structured data sent in a free-text field (DataTransfer data, a sampled value)', () => {
    expect(value(lenientCall('DataTransfer', { vendorId: 'com.acme', data: { a: [1, 2] } }))).toEqual({ vendorId: 'com.acme', data: '{"a":[1,2]}' })
    expect(value(lenientCall('MeterValues', { connectorId: 1, meterValue: [{ timestamp: TIME, sampledValue: [{ value: 1500 }] }] }))).toMatchObject({ meterValue: [{ sampledValue: [{ value: '1500' }] }] })
    // Not an identifier: key 5 does not become "5".
    expect(value(lenientAnswer('GetConfiguration', { configurationKey: [{ key: 5, readonly: false }] }))).toEqual({ configurationKey: [] })
  })

  it('cuts descriptive text a station reports about itself to its CiString length, never an identifier', () => {
    const boot = lenientCall('BootNotification', { chargePointVendor: 'V'.repeat(30), chargePointModel: 'M', firmwareVersion: '\u{1F600}'.repeat(60) })
    expect(value(boot)).toEqual({ chargePointVendor: 'V'.repeat(20), chargePointModel: 'M', firmwareVersion: '\u{1F600}'.repeat(50) })
    expect(boot.violations.map((v) => v.message)).toEqual(['must NOT have more than 20 characters (cut to 20)', 'must NOT have more than 50 characters (cut to 50)'])
    expect(lenientCall('Authorize', { idTag: 'X'.repeat(21) })).toMatchObject({ ok: false, code: 'FormationViolation' })
    expect(lenientCall('DataTransfer', { vendorId: 'v'.repeat(256) })).toMatchObject({ ok: false })
    // A configuration value too long to be true is dropped, the key kept.
    expect(value(lenientAnswer('GetConfiguration', { configurationKey: [{ key: 'K', readonly: false, value: 'x'.repeat(501) }] }))).toEqual({ configurationKey: [{ key: 'K', readonly: false }] })
  })
})

describe('lenient mode: drops and refusals', () => {
  it('drops unknown extra fields at every level', () => {
    const result = lenientCall('MeterValues', { connectorId: 1, extra: 1, meterValue: [{ timestamp: TIME, sampledValue: [{ value: '1', odd: true }], more: 2 }] })
    expect(value(result)).toEqual({ connectorId: 1, meterValue: [{ timestamp: TIME, sampledValue: [{ value: '1' }] }] })
    expect(paths(result)).toEqual(['/extra', '/meterValue/0/sampledValue/0/odd', '/meterValue/0/more'])
    expect(result.violations[0]!.message).toBe('property is not allowed here (dropped)')
  })

  it('drops an optional field that cannot be made sound (null, wrong type)', () => {
    const result = lenientCall('StartTransaction', { connectorId: 1, idTag: 'T', meterStart: 0, timestamp: TIME, reservationId: null })
    expect(value(result)).toEqual({ connectorId: 1, idTag: 'T', meterStart: 0, timestamp: TIME })
    expect(result.violations).toEqual([{ code: 'TypeConstraintViolation', path: '/reservationId', message: 'must be of type integer (the field was dropped)' }])
  })

  it('drops the unsound items of a list of independent entries and keeps the sound ones (configurationKey, unknownKey)', () => {
    const result = lenientAnswer('GetConfiguration', { configurationKey: [{ key: 5, readonly: false }, { key: 'HeartbeatInterval', readonly: false, value: '300' }, 'nonsense', { readonly: true }], unknownKey: ['A', 7, 'B'] })
    expect(value(result)).toEqual({ configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '300' }], unknownKey: ['A', 'B'] })
    expect(result.violations).toEqual([
      { code: 'TypeConstraintViolation', path: '/configurationKey/0/key', message: 'must be of type string (item /configurationKey/0 was dropped)' },
      { code: 'TypeConstraintViolation', path: '/configurationKey/2', message: 'must be of type object (item /configurationKey/2 was dropped)' },
      { code: 'OccurenceConstraintViolation', path: '/configurationKey/3/key', message: 'required property is missing (item /configurationKey/3 was dropped)' },
      { code: 'TypeConstraintViolation', path: '/unknownKey/1', message: 'must be of type string (item /unknownKey/1 was dropped)' },
    ])
  })

  it('one unsound charging schedule period makes the whole schedule unsound: dropped when optional', () => {
    const result = lenientAnswer('GetCompositeSchedule', { status: 'Accepted', connectorId: 1, chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }, { startPeriod: 'x', limit: 8 }, { startPeriod: 600, limit: 10 }] } })
    expect(value(result)).toEqual({ status: 'Accepted', connectorId: 1 })
    expect(result.violations[0]).toMatchObject({ path: '/chargingSchedule/chargingSchedulePeriod/1/startPeriod', message: 'must be of type integer (the field was dropped)' })
    // chargingSchedulePeriod: "x" (issue 18): the same.
    expect(value(lenientAnswer('GetCompositeSchedule', { status: 'Accepted', chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: 'x' } }))).toEqual({ status: 'Accepted' })
  })

  it('refuses a message whose required field cannot be made sound, with the code of the cause', () => {
    expect(lenientCall('StatusNotification', { connectorId: 'one', errorCode: 'NoError', status: 'Available' })).toMatchObject({ ok: false, code: 'TypeConstraintViolation', reason: '/connectorId: must be of type integer' })
    expect(lenientCall('Authorize', {})).toMatchObject({ ok: false, code: 'OccurenceConstraintViolation', violations: [{ path: '/idTag' }] })
    expect(lenientCall('Heartbeat', [])).toMatchObject({ ok: false, code: 'TypeConstraintViolation' })
    const answer = lenientAnswer('ChangeConfiguration', { status: 5 })
    expect(answer).toMatchObject({ ok: false, code: 'TypeConstraintViolation' })
    if (!answer.ok) expect(answer.reason).toMatch(/^The ChangeConfiguration answer cannot be made sound \(\/status: must be of type string\)\. Nothing of it was adopted/)
  })

  it('keeps the violations of one payload bounded', () => {
    const result = lenientAnswer('GetConfiguration', { configurationKey: Array.from({ length: 5000 }, () => ({ key: 1, readonly: false })) })
    expect(value(result)).toEqual({ configurationKey: [] })
    expect(result.violations).toHaveLength(MAX_VIOLATIONS + 1)
    expect(result.violations.at(-1)!.message).toBe('and 4900 more violations like these')
  })

  it('a sound payload goes on as it is (no copy); a repaired one is a new value, and the payload as sent (what the message log keeps) is left as it was', () => {
    const sound = { configurationKey: [{ key: 'A', readonly: false }] }
    expect(value(lenientAnswer('GetConfiguration', sound))).toBe(sound)
    expect(value(strictAnswer('GetConfiguration', sound))).toBe(sound)
    const bent = { configurationKey: [{ key: 'A', readonly: 'false' }], extra: 1 }
    const before = JSON.stringify(bent)
    const repaired = value(lenientAnswer('GetConfiguration', bent)) as { configurationKey: unknown[] }
    expect(repaired).toEqual({ configurationKey: [{ key: 'A', readonly: false }] })
    expect(repaired.configurationKey[0]).not.toBe(bent.configurationKey[0])
    expect(JSON.stringify(bent)).toBe(before)
  })
})

describe('ranges of ids, versions, counts and durations (both modes)', () => {
  for (const mode of ['strict', 'lenient'] as const) {
    it(`${mode}: a required listVersion of 1e308 fails the answer saying it was ignored; -1, 0 and 2^31-1 are fine`, () => {
      const result = sanitizer.sanitize('GetLocalListVersion', 'response', { listVersion: 1e308 }, mode)
      expect(result.ok).toBe(false)
      if (!result.ok) expect(result.reason).toMatch(/\/listVersion: must be an integer from -1 to 2147483647 .*1e\+308 was ignored/)
      for (const listVersion of [-1, 0, INT32_MAX]) expect(sanitizer.sanitize('GetLocalListVersion', 'response', { listVersion }, mode)).toMatchObject({ ok: true, value: { listVersion } })
      expect(sanitizer.sanitize('GetLocalListVersion', 'response', { listVersion: -2 }, mode).ok).toBe(false)
    })

    it(`${mode}: a required id out of range refuses the CALL with PropertyConstraintViolation; an optional one is dropped with a warning`, () => {
      expect(sanitizer.sanitize('StopTransaction', 'request', { transactionId: 2 ** 31, meterStop: 1, timestamp: TIME }, mode)).toMatchObject({ ok: false, code: 'PropertyConstraintViolation' })
      expect(sanitizer.sanitize('StatusNotification', 'request', { connectorId: -1, errorCode: 'NoError', status: 'Available' }, mode)).toMatchObject({ ok: false, code: 'PropertyConstraintViolation' })
      const meter = sanitizer.sanitize('MeterValues', 'request', { connectorId: 1, transactionId: 1e300, meterValue: [] }, mode)
      expect(meter).toMatchObject({ ok: true, value: { connectorId: 1, meterValue: [] } })
      expect(meter.violations[0]).toMatchObject({ code: 'PropertyConstraintViolation', path: '/transactionId', message: expect.stringMatching(/1e\+300 was ignored, never adopted \(the field was dropped\)$/) })
    })

    it(`${mode}: transactionId -1 (a station that never got one, errata 3.18) and meter registers past 2^31 Wh are sound; past 2^53 they are not`, () => {
      expect(sanitizer.sanitize('StopTransaction', 'request', { transactionId: -1, meterStop: 1e15, timestamp: TIME }, mode).ok).toBe(true)
      expect(sanitizer.sanitize('StartTransaction', 'request', { connectorId: 1, idTag: 'T', meterStart: 2 ** 40, timestamp: TIME }, mode).ok).toBe(true)
      expect(sanitizer.sanitize('StartTransaction', 'request', { connectorId: 1, idTag: 'T', meterStart: 2 ** 53, timestamp: TIME }, mode)).toMatchObject({ ok: false, code: 'PropertyConstraintViolation' })
    })

    it(`${mode}: a composite schedule with numberPhases 7 or a negative duration keeps the rest`, () => {
      const result = sanitizer.sanitize('GetCompositeSchedule', 'response', { status: 'Accepted', connectorId: 1, scheduleStart: TIME, chargingSchedule: { duration: -5, chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 11000, numberPhases: 7 }] } }, mode)
      expect(value(result)).toEqual({ status: 'Accepted', connectorId: 1, scheduleStart: TIME, chargingSchedule: { chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 11000 }] } })
      expect(paths(result)).toEqual(['/chargingSchedule/duration', '/chargingSchedule/chargingSchedulePeriod/0/numberPhases'])
    })
  }
})

describe('per action samples', () => {
  it('every CP→CS action: a sound sample passes through unchanged in both modes', () => {
    const samples = {
      Authorize: { idTag: 'TAG' },
      BootNotification: { chargePointVendor: 'V', chargePointModel: 'M', firmwareVersion: '1.0' },
      DataTransfer: { vendorId: 'com.acme', messageId: 'm', data: 'd' },
      DiagnosticsStatusNotification: { status: 'Uploaded' },
      FirmwareStatusNotification: { status: 'Installed' },
      Heartbeat: {},
      MeterValues: { connectorId: 1, transactionId: 5, meterValue: [{ timestamp: TIME, sampledValue: [{ value: '1', measurand: 'Energy.Active.Import.Register', unit: 'Celcius' }] }] },
      StartTransaction: { connectorId: 1, idTag: 'TAG', meterStart: 0, reservationId: 3, timestamp: TIME },
      StatusNotification: { connectorId: 0, errorCode: 'NoError', status: 'Available', info: 'ok' },
      StopTransaction: { transactionId: 5, meterStop: 10, timestamp: TIME, reason: 'Local', transactionData: [{ timestamp: TIME, sampledValue: [{ value: '10' }] }] },
    } as const
    for (const [action, payload] of Object.entries(samples)) {
      for (const mode of ['strict', 'lenient'] as const) {
        expect(sanitizer.sanitize(action as keyof typeof samples, 'request', payload, mode), `${action} ${mode}`).toEqual({ ok: true, value: payload, violations: [] })
      }
    }
  })

  it('answers to CS→CP actions: sound ones pass, a wrong-case status is repaired only when lenient', () => {
    for (const [action, answer] of [
      ['Reset', { status: 'Accepted' }],
      ['ReserveNow', { status: 'Occupied' }],
      ['GetDiagnostics', { fileName: 'diag.zip' }],
      ['UpdateFirmware', {}],
      ['DataTransfer', { status: 'Accepted', data: 'x' }],
      ['TriggerMessage', { status: 'NotImplemented' }],
    ] as const) {
      expect(strictAnswer(action, answer)).toEqual({ ok: true, value: answer, violations: [] })
    }
    expect(strictAnswer('Reset', { status: 'accepted' }).ok).toBe(false)
    expect(value(lenientAnswer('Reset', { status: 'accepted' }))).toEqual({ status: 'Accepted' })
    expect(value(lenientAnswer('GetDiagnostics', { fileName: 42 }))).toEqual({})
  })
})

describe('the boundary’s words and edges', () => {
  it('says what each text it read was read as', () => {
    const limit = lenientAnswer('GetCompositeSchedule', { status: 'Accepted', chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: ' 16.5 ' }] } })
    expect(limit.violations).toEqual([{ code: 'TypeConstraintViolation', path: '/chargingSchedule/chargingSchedulePeriod/0/limit', message: 'must be of type number (the text " 16.5 " was read as 16.5)' }])
    const flag = lenientAnswer('GetConfiguration', { configurationKey: [{ key: 'A', readonly: 'TRUE' }] })
    expect(flag.violations).toEqual([{ code: 'TypeConstraintViolation', path: '/configurationKey/0/readonly', message: 'must be of type boolean (the text "TRUE" was read as true)' }])
    const data = lenientCall('DataTransfer', { vendorId: 'v', data: 5 })
    expect(data.violations).toEqual([{ code: 'TypeConstraintViolation', path: '/data', message: 'must be of type string (kept as its JSON text)' }])
  })

  it('a number too large to be finite, or not a number at all, is not read', () => {
    const answer = (limit: unknown) => lenientAnswer('GetCompositeSchedule', { status: 'Accepted', chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit }] } })
    for (const limit of ['1e999', 'ten', true]) {
      expect(value(answer(limit)), String(limit)).toEqual({ status: 'Accepted' })
      expect(answer(limit).violations[0]!.message).toBe('must be of type number (the field was dropped)')
    }
  })

  it('an integer sent as a fraction or as a number-like text that is not an integer is unsound', () => {
    expect(lenientCall('StatusNotification', { ...{ errorCode: 'NoError', status: 'Available' }, connectorId: 1.5 })).toMatchObject({ ok: false, code: 'TypeConstraintViolation' })
    expect(lenientCall('StatusNotification', { ...{ errorCode: 'NoError', status: 'Available' }, connectorId: '1.0' })).toMatchObject({ ok: false, code: 'TypeConstraintViolation' })
    expect(strictCall('StatusNotification', { errorCode: 'NoError', status: 'Available', connectorId: '1' })).toMatchObject({ ok: false, code: 'TypeConstraintViolation' })
  })

  it('an integer read from text is still range-checked', () => {
    const result = lenientCall('StatusNotification', { errorCode: 'NoError', status: 'Available', connectorId: '-3' })
    expect(result).toMatchObject({ ok: false, code: 'PropertyConstraintViolation' })
    expect(result.violations).toEqual([{ code: 'PropertyConstraintViolation', path: '/connectorId', message: expect.stringMatching(/^must be an integer from 0 to 2147483647 .*: "-3" was ignored, never adopted$/) }])
  })

  it('a text in a field with a length, a format or an enum is never taken from another type', () => {
    expect(lenientCall('Authorize', { idTag: 12345 })).toMatchObject({ ok: false, code: 'TypeConstraintViolation' })
    expect(lenientCall('StartTransaction', { connectorId: 1, idTag: 'T', meterStart: 0, timestamp: 1714557600 })).toMatchObject({ ok: false, code: 'TypeConstraintViolation' })
    expect(lenientCall('StatusNotification', { connectorId: 1, errorCode: 0, status: 'Available' })).toMatchObject({ ok: false, code: 'TypeConstraintViolation' })
    // null in free text is not a value to keep: an optional field is dropped.
    expect(value(lenientCall('DataTransfer', { vendorId: 'v', data: null }))).toEqual({ vendorId: 'v' })
  })

  it('a wrong-case enum value that matches nothing says which values there are, cut when the list is long', () => {
    const result = lenientCall('MeterValues', { connectorId: 1, meterValue: [{ timestamp: TIME, sampledValue: [{ value: '1', measurand: 'Energy' }] }] })
    const message = result.violations[0]!.message
    expect(message).toMatch(/^must be one of: Energy\.Active\.Export\.Register, Energy\.Active\.Import\.Register, /)
    expect(message).toMatch(/…/)
    expect(message.length).toBeLessThan(200)
    const short = lenientCall('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available', info: 'x', vendorId: 'v', vendorErrorCode: 'e', timestamp: TIME })
    expect(short.ok).toBe(true)
    expect(lenientAnswer('Reset', { status: 'Maybe' })).toMatchObject({ ok: false, reason: expect.stringMatching(/must be one of: Accepted, Rejected\)/) })
  })

  it('a date-time with a zone is read without "as UTC"; an unreadable one says what is expected', () => {
    const zoned = lenientCall('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available', timestamp: '2024-05-01T12:00+02:00' })
    expect(zoned.violations[0]!.message).toBe('must be a date-time with time zone (RFC 3339) ("2024-05-01T12:00+02:00" was read as 2024-05-01T10:00:00.000Z)')
    const bad = lenientCall('StartTransaction', { connectorId: 1, idTag: 'T', meterStart: 0, timestamp: 'soon' })
    expect(bad.violations[0]!.message).toBe('must be a date-time with time zone (RFC 3339, e.g. 2024-01-01T10:00:00Z)')
  })

  it('text of an answer is never cut, only a station’s description of itself in its own CALLs', () => {
    expect(value(lenientCall('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available', info: 'i'.repeat(60) }))).toMatchObject({ info: 'i'.repeat(50) })
    expect(value(lenientAnswer('GetDiagnostics', { fileName: 'f'.repeat(300) }))).toEqual({})
    const refused = lenientCall('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M', iccid: 'x'.repeat(21) })
    expect(value(refused)).toMatchObject({ iccid: 'x'.repeat(20) })
    expect(strictCall('BootNotification', { chargePointVendor: 'V'.repeat(21), chargePointModel: 'M' })).toMatchObject({ ok: false, code: 'FormationViolation' })
  })

  it('the path of a dropped field names it as a JSON pointer, escaping ~ and /', () => {
    const result = lenientCall('Heartbeat', { 'a/b~c': 1 })
    expect(value(result)).toEqual({})
    expect(paths(result)).toEqual(['/a~1b~0c'])
  })

  it('exactly MAX_VIOLATIONS violations are all kept; one more is counted in the singular', () => {
    const keys = (n: number) => ({ configurationKey: Array.from({ length: n }, () => ({ key: 1, readonly: false })) })
    expect(lenientAnswer('GetConfiguration', keys(MAX_VIOLATIONS)).violations).toHaveLength(MAX_VIOLATIONS)
    const over = lenientAnswer('GetConfiguration', keys(MAX_VIOLATIONS + 1)).violations
    expect(over).toHaveLength(MAX_VIOLATIONS + 1)
    expect(over.at(-1)).toEqual({ code: 'FormationViolation', path: '', message: 'and 1 more violation like these' })
  })

  it('strict: the violations of a refused payload are capped too, and the most telling code answers', () => {
    const result = strictAnswer('GetConfiguration', { configurationKey: Array.from({ length: 300 }, () => ({ key: 1, readonly: 'no' })) })
    expect(result.ok).toBe(false)
    expect(result.violations).toHaveLength(MAX_VIOLATIONS + 1)
    expect(result).toMatchObject({ code: 'TypeConstraintViolation' })
  })

  it('an action without a schema is refused, saying so', () => {
    const result = sanitizer.sanitize('NoSuchAction' as never, 'request', {}, 'lenient')
    expect(result).toEqual({ ok: false, code: 'FormationViolation', violations: [{ code: 'FormationViolation', path: '', message: 'no schema for action "NoSuchAction"' }], reason: '(payload): no schema for action "NoSuchAction"' })
    const answer = sanitizer.sanitize('NoSuchAction' as never, 'response', {}, 'strict')
    expect(answer.ok || answer.reason).toMatch(/^The NoSuchAction answer breaks the OCPP 1\.6 schema/)
  })

  it('one sanitizer per validator', () => {
    expect(sanitizerFor(validator)).toBe(sanitizerFor(validator))
    expect(sanitizerFor(createOcppValidator())).not.toBe(sanitizerFor(validator))
  })
})
