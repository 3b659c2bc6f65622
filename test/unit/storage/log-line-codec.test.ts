/**
 * How a message-log entry is stored as a line, and read back (issue 19 §4): the key order the index
 * rebuild and the large-entry view rely on, what is refused as not an entry (and why, in words), how
 * a time becomes milliseconds, and that the rebuild reads a line's head without parsing the line.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { LogEntry } from '@shared/contract/dto'
import { decodeLogLineHeader, isLogEntry, parseLogEntry, serializeLogEntry, timeToMs } from '../../../src/main/storage/log-line-codec'

afterEach(() => vi.restoreAllMocks())

const FULL: LogEntry = {
  seq: 42,
  time: '2025-03-04T05:06:07.089Z',
  stationId: 'CP-7',
  direction: 'out',
  kind: 'CALLERROR',
  action: 'RemoteStartTransaction',
  messageId: 'id-1',
  errorCode: 'InternalError',
  errorDescription: 'boom',
  raw: '[4,"id-1"]',
  violations: [{ code: 'FormationViolation', path: '/a', message: 'bad' }],
  payload: { nested: [1, { two: 2 }] },
}

const line = (fields: Record<string, unknown>): string => JSON.stringify({ seq: 1, time: '2025-01-01T00:00:00.000Z', stationId: 'CP-1', direction: 'in', kind: 'CALL', ...fields })

describe('message log line codec', () => {
  it('writes the index fields first, in their fixed order, and the payload last; reads back every field', () => {
    const text = serializeLogEntry({ ...FULL })
    expect(Object.keys(JSON.parse(text) as object)).toEqual(['seq', 'time', 'stationId', 'direction', 'kind', 'action', 'messageId', 'errorCode', 'errorDescription', 'raw', 'violations', 'payload'])
    expect(parseLogEntry(text)).toEqual(FULL)
    expect(serializeLogEntry({ seq: 1, time: FULL.time, stationId: 'X', direction: 'in', kind: 'CALL' })).toBe(`{"seq":1,"time":"${FULL.time}","stationId":"X","direction":"in","kind":"CALL"}`)
  })

  it('accepts only objects with the index fields of an entry', () => {
    expect(isLogEntry(JSON.parse(line({})))).toBe(true)
    expect(isLogEntry(JSON.parse(line({ action: 'Heartbeat', direction: 'out', kind: 'INVALID' })))).toBe(true)
    const refused: unknown[] = [
      null,
      'text',
      42,
      [],
      JSON.parse(line({ seq: '1' })),
      JSON.parse(line({ seq: 1.5 })),
      JSON.parse(line({ seq: 2 ** 53 })),
      JSON.parse(line({ time: 1 })),
      JSON.parse(line({ stationId: 7 })),
      JSON.parse(line({ stationId: undefined })),
      JSON.parse(line({ direction: 'sideways' })),
      JSON.parse(line({ kind: 5 })),
      JSON.parse(line({ kind: 'CALLBACK' })),
      JSON.parse(line({ action: 5 })),
    ]
    for (const value of refused) expect(isLogEntry(value), JSON.stringify(value)).toBe(false)
  })

  it('a line that is not an entry is refused with a reason a person can read, naming the station when it has one', () => {
    expect(() => parseLogEntry('{"seq":1,')).toThrow(expect.objectContaining({ name: 'StoredRecordError', reason: 'not a message log entry: it is not valid JSON' }))
    expect(() => parseLogEntry(line({ kind: 'CALLBACK' }))).toThrow(expect.objectContaining({ reason: 'not a message log entry', stationId: undefined }))
    expect(() => parseLogEntry('null')).toThrow(expect.objectContaining({ reason: 'not a message log entry' }))
    expect(() => parseLogEntry(line({ stationId: 'CP-9', messageId: 5 }))).toThrow(expect.objectContaining({ reason: expect.stringMatching(/messageId/), stationId: 'CP-9' }))
  })

  it('reads the CSMS’s own time format exactly, and any other ISO-8601 time through Date.parse', () => {
    for (const time of ['2025-03-04T05:06:07.089Z', '2000-01-01T00:00:00.000Z', '2099-12-31T23:59:59.999Z', '1999-09-09T09:09:09.909Z', '1970-01-01T00:00:00.000Z']) {
      expect(timeToMs(time), time).toBe(Date.parse(time))
    }
    expect(timeToMs('2025-03-04T06:06:07+01:00')).toBe(Date.parse('2025-03-04T05:06:07Z'))
    expect(timeToMs('2025-03-04T05:06:07Z')).toBe(Date.parse('2025-03-04T05:06:07Z'))
  })

  it('a time that does not parse is 0, also one laid out almost like the CSMS’s own', () => {
    for (const time of ['', 'yesterday', '2025-03-04T05:06:07.089Zjunk', '2025-03-04x05:06:07.089Z', '2025-03-04T05:06:07.089+', '2025-03-04T05:06:0:.089Z', '2025-03-04T05:06:0/.089Z', '2025-03-04T05:06:07.08/Z', '2025-03-04T05:06:07.08:Z']) {
      expect(timeToMs(time), time).toBe(0)
    }
  })

  it('the index rebuild reads a line’s head without parsing the line (only an escaped string is parsed, alone)', () => {
    const parse = vi.spyOn(JSON, 'parse')
    const plain = serializeLogEntry({ ...FULL, payload: { big: 'x'.repeat(1000) } })
    expect(decodeLogLineHeader(Buffer.from(plain))).toEqual({ seq: 42, timeMs: Date.parse(FULL.time), stationId: 'CP-7', direction: 'out', kind: 'CALLERROR', action: 'RemoteStartTransaction' })
    const noAction = serializeLogEntry({ seq: 900_000_000_000_009, time: FULL.time, stationId: 'CP-7', direction: 'in', kind: 'CALL', payload: {} })
    expect(decodeLogLineHeader(Buffer.from(noAction))).toEqual({ seq: 900_000_000_000_009, timeMs: Date.parse(FULL.time), stationId: 'CP-7', direction: 'in', kind: 'CALL' })
    for (const kind of ['CALL', 'CALLRESULT', 'CALLERROR', 'INVALID'] as const) {
      expect(decodeLogLineHeader(Buffer.from(serializeLogEntry({ ...FULL, kind, direction: 'in' }))), kind).toMatchObject({ kind, direction: 'in' })
    }
    expect(parse).not.toHaveBeenCalled()
    const escaped = serializeLogEntry({ ...FULL, stationId: 'CP "7"', action: 'A\\B' })
    expect(decodeLogLineHeader(Buffer.from(escaped))).toMatchObject({ stationId: 'CP "7"', action: 'A\\B' })
    expect(parse.mock.calls.every(([text]) => text.length < 20)).toBe(true)
  })

  it('a head that is cut, unclosed or past a safe seq is read by a full parse, which refuses a line that is not an entry', () => {
    const whole = serializeLogEntry({ seq: 5, time: FULL.time, stationId: 'CP-7', direction: 'in', kind: 'CALL', action: 'Heartbeat' })
    const refused = (text: string) => expect(() => decodeLogLineHeader(Buffer.from(text)), text).toThrow(expect.objectContaining({ name: 'StoredRecordError', reason: expect.stringMatching(/^not a message log entry/) }))
    refused(whole.slice(0, -1)) // no closing brace
    refused(`${whole.slice(0, whole.indexOf('Heartbeat'))}Heartbeat}`) // action never closed
    refused(line({ seq: 1 }).replace(/"seq":[^,]+/, '"seq":9999999999999999'))
    refused(line({ seq: 1 }).replace(/"seq":[^,]+/, '"seq":'))
    refused(line({ kind: 'CALLBACK' }))
    refused(line({ direction: 'up' }))
    refused('{"seq":1,"time":"2025-01-01T00:00:00.000Z}')
    refused('{"seq":1,"time":"2025-01-01T00:00:00.000Z","stationId":"CP-1}')
    expect(decodeLogLineHeader(Buffer.from(`{"seq":9007199254740991,${whole.slice(whole.indexOf('"time"'))}`))).toMatchObject({ seq: 9007199254740991, action: 'Heartbeat' })
  })

  it('the CSMS’s own time format is read without Date.parse', () => {
    const parse = vi.spyOn(Date, 'parse')
    expect(timeToMs('2025-03-04T05:06:07.089Z')).toBe(Date.UTC(2025, 2, 4, 5, 6, 7, 89))
    expect(timeToMs('2099-10-19T19:59:09.990Z')).toBe(Date.UTC(2099, 9, 19, 19, 59, 9, 990))
    expect(decodeLogLineHeader(Buffer.from(serializeLogEntry(FULL))).timeMs).toBe(Date.UTC(2025, 2, 4, 5, 6, 7, 89))
    expect(parse).not.toHaveBeenCalled()
  })
})
