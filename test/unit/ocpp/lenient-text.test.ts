/**
 * Reading what a lenient station writes as text (lenient-text.ts): which texts count as an
 * integer, a number, a boolean or a date-time, how text is measured and cut (in code points, as
 * ajv counts maxLength), and how a value is shown in a message.
 */
import { describe, expect, it } from 'vitest'
import { BOOLEAN_TEXT, DATE_TIME_TEXT, INTEGER_TEXT, NUMBER_TEXT, cutTo, longerThan, readDateTime, shown } from '../../../src/main/ocpp/lenient-text'

describe('what counts as a number or a boolean written as text', () => {
  it('an integer: digits with an optional sign, spaces around; nothing else', () => {
    for (const text of ['0', '42', '+7', '-13', ' 5 ', '\t9\n']) expect(INTEGER_TEXT.test(text), text).toBe(true)
    for (const text of ['', ' ', '1.0', '1e3', '0x10', '4 2', '--1', 'x1', '1x', '+']) expect(INTEGER_TEXT.test(text), text).toBe(false)
  })

  it('a decimal number: digits with a point or exponent, no hex, NaN or Infinity', () => {
    for (const text of ['1', '-1.5', '+.5', '2.', ' 6.1 ', '1e3', '1E-2', '-2.5e+4']) expect(NUMBER_TEXT.test(text), text).toBe(true)
    for (const text of ['', '.', 'e3', '1e', '0x1A', 'NaN', 'Infinity', '1.2.3', '1 2', '1,5']) expect(NUMBER_TEXT.test(text), text).toBe(false)
  })

  it('a boolean: true or false in any letter case, spaces around', () => {
    for (const text of ['true', 'FALSE', ' True ', 'fAlSe']) expect(BOOLEAN_TEXT.test(text), text).toBe(true)
    for (const text of ['', 'yes', '1', 'truee', 't rue', 'xtrue', 'falsey']) expect(BOOLEAN_TEXT.test(text), text).toBe(false)
  })

  it('a date-time close to RFC 3339, and nothing looser', () => {
    for (const text of ['2024-05-01T10:00', '2024-05-01 10:00:00', '2024-05-01t10:00:00.123Z', '2024-05-01T10:00:00,5 UTC', '2024-05-01T10:00:00+0200', '2024-05-01T10:00:00-02', ' 2024-05-01T10:00:00z ']) {
      expect(DATE_TIME_TEXT.test(text), text).toBe(true)
    }
    for (const text of ['2024-05-01', '2024-5-01T10:00', '2024-05-01T10', '2024-05-01X10:00', '2024-05-01T10:00:00+2', '2024-05-01T10:00:00 CET', 'x2024-05-01T10:00', '2024-05-01T10:00:00.']) {
      expect(DATE_TIME_TEXT.test(text), text).toBe(false)
    }
  })
})

describe('reading a date-time', () => {
  it('a negative offset is behind UTC; minutes of an offset count', () => {
    expect(readDateTime('2024-05-01T08:00:00-02:00')).toBe('2024-05-01T10:00:00.000Z')
    expect(readDateTime('2024-05-01T15:30:00+05:30')).toBe('2024-05-01T10:00:00.000Z')
    expect(readDateTime('2024-05-01T15:30:00+0530')).toBe('2024-05-01T10:00:00.000Z')
    expect(readDateTime('2024-05-01T12:00:00+02')).toBe('2024-05-01T10:00:00.000Z')
  })

  it('an offset with more than 59 minutes is not a time', () => {
    expect(readDateTime('2024-05-01T10:00:00+05:60')).toBeUndefined()
    expect(readDateTime('2024-05-01T10:00:00+23:59')).toBe('2024-04-30T10:01:00.000Z')
  })

  it('fractions of a second are kept to the millisecond, never rounded up', () => {
    expect(readDateTime('2024-05-01T10:00:00.9999Z')).toBe('2024-05-01T10:00:00.999Z')
    expect(readDateTime('2024-05-01T10:00:00.05Z')).toBe('2024-05-01T10:00:00.050Z')
    expect(readDateTime('2024-05-01T10:00:07Z')).toBe('2024-05-01T10:00:07.000Z')
  })

  it('a day, hour, minute or second out of its range, or a year before 1000 read as 19xx, is not a time', () => {
    for (const text of ['2024-04-31T10:00:00Z', '2024-00-10T10:00:00Z', '2024-13-10T10:00:00Z', '2024-05-00T10:00:00Z', '2024-05-01T24:00:00Z', '2024-05-01T10:60:00Z', '2024-05-01T10:00:60Z', '0050-01-01T00:00:00Z', '0000-01-01T00:00:00Z']) {
      expect(readDateTime(text), text).toBeUndefined()
    }
    expect(readDateTime('2024-02-29T23:59:59Z')).toBe('2024-02-29T23:59:59.000Z')
    expect(readDateTime('1000-01-01T00:00:00Z')).toBe('1000-01-01T00:00:00.000Z')
    expect(readDateTime('0099-12-31T23:59:59Z')).toBeUndefined()
    expect(readDateTime('0100-01-01T00:00:00+01:00')).toBe('0099-12-31T23:00:00.000Z')
  })
})

describe('measuring and cutting text in code points', () => {
  it('a text of exactly max code points is not longer, however many UTF-16 units it takes', () => {
    expect(longerThan('\u{1F600}'.repeat(5), 5)).toBe(false)
    expect(longerThan('\u{1F600}'.repeat(6), 5)).toBe(true)
    expect(longerThan('abcde', 5)).toBe(false)
    expect(longerThan('abcdef', 5)).toBe(true)
    expect(longerThan('', 0)).toBe(false)
  })

  it('cuts to the first max code points, never in the middle of one', () => {
    expect(cutTo('\u{1F600}'.repeat(6), 5)).toBe('\u{1F600}'.repeat(5))
    expect(cutTo('abcdef', 3)).toBe('abc')
    expect(cutTo('ab', 3)).toBe('ab')
    expect(cutTo('abc', 0)).toBe('')
  })
})

describe('a value shown in a message', () => {
  it('text is quoted, numbers are not, other values as JSON', () => {
    expect(shown('x')).toBe('"x"')
    expect(shown(1e308)).toBe('1e+308')
    expect(shown(true)).toBe('true')
    expect(shown({ a: 1 })).toBe('{"a":1}')
    expect(shown(undefined)).toBe('undefined')
  })

  it('a number is shown as JavaScript writes it, never as JSON\u2019s null', () => {
    expect(shown(Infinity)).toBe('Infinity')
    expect(shown(Number.NaN)).toBe('NaN')
  })

  it('a long value is cut to 40 characters, the last one an ellipsis', () => {
    expect(shown('a'.repeat(38))).toBe(`"${'a'.repeat(38)}"`)
    expect(shown('a'.repeat(39))).toBe(`"${'a'.repeat(38)}…`)
    expect(shown('a'.repeat(39))).toHaveLength(40)
  })
})
