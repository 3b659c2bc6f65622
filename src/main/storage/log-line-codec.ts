/**
 * How a LogEntry is stored: one JSON object per line whose first keys are always, in this order,
 * seq, time, stationId, direction, kind and (when present) action. The index rebuild reads just those
 * from the start of the line without parsing the payload; any line that does not look like that is
 * parsed in full instead.
 */
import type { Direction, FrameKind, LogEntry } from '@shared/contract/dto'
import type { IndexedEntry } from './log-index'
import { storedProblem, StoredRecordError } from './stored-check'

const KINDS = new Set<string>(['CALL', 'CALLRESULT', 'CALLERROR', 'INVALID'])
const QUOTE = 0x22
const BACKSLASH = 0x5c
const CLOSE_BRACE = 0x7d

const literal = (text: string): Buffer => Buffer.from(text, 'latin1')
const SEQ = literal('{"seq":')
const TIME = literal(',"time":"')
const STATION = literal(',"stationId":"')
const DIRECTION = literal(',"direction":"')
const KIND = literal(',"kind":"')
const ACTION = literal(',"action":"')

export function serializeLogEntry(entry: LogEntry): string {
  const ordered: Record<string, unknown> = { seq: entry.seq, time: entry.time, stationId: entry.stationId, direction: entry.direction, kind: entry.kind }
  if (entry.action !== undefined) ordered.action = entry.action
  if (entry.messageId !== undefined) ordered.messageId = entry.messageId
  if (entry.errorCode !== undefined) ordered.errorCode = entry.errorCode
  if (entry.errorDescription !== undefined) ordered.errorDescription = entry.errorDescription
  if (entry.raw !== undefined) ordered.raw = entry.raw
  if (entry.violations !== undefined) ordered.violations = entry.violations
  if (entry.payload !== undefined) ordered.payload = entry.payload
  return JSON.stringify(ordered)
}

function isLogEntry(value: unknown): value is LogEntry {
  if (value === null || typeof value !== 'object') return false
  const entry = value as Record<string, unknown>
  return (
    Number.isSafeInteger(entry.seq) &&
    typeof entry.time === 'string' &&
    typeof entry.stationId === 'string' &&
    (entry.direction === 'in' || entry.direction === 'out') &&
    typeof entry.kind === 'string' &&
    KINDS.has(entry.kind) &&
    (entry.action === undefined || typeof entry.action === 'string')
  )
}

/** A stored line as an entry; throws StoredRecordError for a line that is not one, or that cannot be shown (issue 18 §2). */
export function parseLogEntry(line: string): LogEntry {
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch {
    throw new StoredRecordError('not a message log entry: it is not valid JSON')
  }
  if (!isLogEntry(value)) throw new StoredRecordError('not a message log entry')
  const problem = storedProblem('logEntry', value)
  if (problem !== undefined) throw new StoredRecordError(problem, value.stationId)
  return value
}

function digits(text: string, from: number, count: number): number {
  let value = 0
  for (let i = from; i < from + count; i += 1) {
    const digit = text.charCodeAt(i) - 0x30
    if (digit < 0 || digit > 9) return NaN
    value = value * 10 + digit
  }
  return value
}

/** Milliseconds since the epoch, 0 for a time that does not parse. The CSMS's own format is read without Date.parse. */
export function timeToMs(time: string): number {
  // YYYY-MM-DDTHH:MM:SS.sssZ, what isoNow() writes
  if (time.length === 24 && time.charCodeAt(10) === 0x54 && time.charCodeAt(23) === 0x5a) {
    const ms = Date.UTC(digits(time, 0, 4), digits(time, 5, 2) - 1, digits(time, 8, 2), digits(time, 11, 2), digits(time, 14, 2), digits(time, 17, 2), digits(time, 20, 3))
    if (Number.isFinite(ms)) return ms
  }
  const ms = Date.parse(time)
  return Number.isFinite(ms) ? ms : 0
}

/** A closed set of string values, matched with their closing quote. */
const values = <T extends string>(list: readonly T[]) => list.map((value) => ({ value, bytes: literal(`${value}"`) }))
const DIRECTIONS = values<Direction>(['in', 'out'])
const KIND_VALUES = values<FrameKind>(['CALL', 'CALLRESULT', 'CALLERROR', 'INVALID'])

function oneOf<T extends string>(line: Buffer, position: number, options: readonly { value: T; bytes: Buffer }[]): { value: T; bytes: Buffer } | undefined {
  return options.find((option) => at(line, position, option.bytes) >= 0)
}

function at(line: Buffer, position: number, expected: Buffer): number {
  if (position + expected.length > line.length) return -1
  for (let i = 0; i < expected.length; i += 1) if (line[position + i] !== expected[i]) return -1
  return position + expected.length
}

/** Reads a JSON string whose opening quote is just before `start`: [value, position after the closing quote]. */
function readString(line: Buffer, start: number): [string, number] | undefined {
  let escaped = false
  for (let i = start; i < line.length; i += 1) {
    const byte = line[i]
    if (byte === BACKSLASH) {
      escaped = true
      i += 1
    } else if (byte === QUOTE) {
      const value = escaped ? (JSON.parse(line.toString('utf8', start - 1, i + 1)) as string) : line.toString('utf8', start, i)
      return [value, i + 1]
    }
  }
  return undefined
}

function headerFast(line: Buffer): IndexedEntry | undefined {
  let position = at(line, 0, SEQ)
  if (position < 0 || line[line.length - 1] !== CLOSE_BRACE) return undefined
  let seq = 0
  const digitsStart = position
  while (position < line.length && line[position]! >= 0x30 && line[position]! <= 0x39) seq = seq * 10 + line[position++]! - 0x30
  if (position === digitsStart || position - digitsStart > 15) return undefined
  if ((position = at(line, position, TIME)) < 0) return undefined
  const time = readString(line, position)
  if (!time) return undefined
  if ((position = at(line, time[1], STATION)) < 0) return undefined
  const station = readString(line, position)
  if (!station) return undefined
  if ((position = at(line, station[1], DIRECTION)) < 0) return undefined
  const direction = oneOf(line, position, DIRECTIONS)
  if (!direction || (position = at(line, position + direction.bytes.length, KIND)) < 0) return undefined
  const kind = oneOf(line, position, KIND_VALUES)
  if (!kind) return undefined
  position += kind.bytes.length
  const entry: IndexedEntry = { seq, timeMs: timeToMs(time[0]), stationId: station[0], direction: direction.value, kind: kind.value }
  if ((position = at(line, position, ACTION)) >= 0) {
    const action = readString(line, position)
    if (!action) return undefined
    entry.action = action[0]
  }
  return entry
}

/** The index fields of a stored line; throws when the line is not a log entry. */
export function decodeLogLineHeader(line: Buffer): IndexedEntry {
  const fast = headerFast(line)
  if (fast) return fast
  const entry = parseLogEntry(line.toString('utf8'))
  const header: IndexedEntry = { seq: entry.seq, timeMs: timeToMs(entry.time), stationId: entry.stationId, direction: entry.direction, kind: entry.kind }
  if (entry.action !== undefined) header.action = entry.action
  return header
}
