/**
 * Reading the text a lenient station sends where the schema wants a number, a boolean or a
 * canonical date-time, and measuring text as the schemas do (in code points, like ajv).
 */

/** An integer written as text: digits, an optional sign, spaces around. */
export const INTEGER_TEXT = /^\s*[+-]?\d+\s*$/
/** A decimal number written as text (no hex, no NaN or Infinity). */
export const NUMBER_TEXT = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/
/** true or false written as text, any letter case. */
export const BOOLEAN_TEXT = /^\s*(?:true|false)\s*$/i
/** A date-time close to RFC 3339: a space for the T, a comma for the point, an offset without colon, UTC, or no zone. */
export const DATE_TIME_TEXT = /^\s*(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|z|UTC|[+-]\d{2}(?::?\d{2})?)?\s*$/

/** A value as a short text for a message (never the whole of a long one). */
export function shown(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : typeof value === 'number' ? String(value) : JSON.stringify(value) ?? String(value)
  return text.length > 40 ? `${text.slice(0, 39)}…` : text
}

/** Code points of `text`, counted only as far as needed to compare with `max` (as ajv counts maxLength). */
export function longerThan(text: string, max: number): boolean {
  if (text.length <= max) return false
  let count = 0
  for (const _ of text) if (++count > max) return true
  return false
}

/** The first `max` code points of `text`. */
export function cutTo(text: string, max: number): string {
  let out = ''
  let count = 0
  for (const char of text) {
    if (count++ === max) break
    out += char
  }
  return out
}

/** A readable non-canonical date-time as canonical UTC (a missing zone is read as UTC), else undefined. */
export function readDateTime(text: string): string | undefined {
  const m = DATE_TIME_TEXT.exec(text)
  if (!m) return undefined
  const year = Number(m[1])
  const month = Number(m[2])
  const day = Number(m[3])
  const hour = Number(m[4])
  const minute = Number(m[5])
  const second = Number(m[6] ?? '0')
  const utc = Date.UTC(year, month - 1, day, hour, minute, second)
  const check = new Date(utc)
  // Date.UTC reads years 0 to 99 as 1900 to 1999: such a year, like a 31 April, does not come back.
  const real = check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === day && check.getUTCHours() === hour && check.getUTCMinutes() === minute && check.getUTCSeconds() === second
  if (!real) return undefined
  const millis = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0
  const zone = m[8]?.toUpperCase()
  let offsetMinutes = 0
  if (zone !== undefined && zone !== 'Z' && zone !== 'UTC') {
    const digits = zone.slice(1).replace(':', '')
    const hours = Number(digits.slice(0, 2))
    const minutes = Number(digits.slice(2) || '0')
    if (hours > 23 || minutes > 59) return undefined
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes)
  }
  // Four-digit years (100 to 9999) and offsets under a day stay far inside Date's range.
  return new Date(utc + millis - offsetMinutes * 60_000).toISOString()
}
