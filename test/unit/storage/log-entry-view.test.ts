import { afterEach, describe, expect, it, vi } from 'vitest'
import type { LogEntry } from '@shared/contract/dto'
import { maskLogEntry } from '../../../src/shared/secret-mask'
import { MessageLog } from '../../../src/main/storage/message-log'
import { MAX_SHOWN_ENTRY_BYTES, shownEntry, shownLargeLine, splitPayload } from '../../../src/main/storage/log-entry-view'
import { parseLogEntry, serializeLogEntry } from '../../../src/main/storage/log-line-codec'
import { useSliceScheduler } from '../../../src/main/util/time-slices'
import { countingScheduler } from '../../support/counting-scheduler'
import { recordingLogger, tempDirs } from './helpers'

const dirs = tempDirs()
const logs: MessageLog[] = []
let restore: (() => void) | undefined
afterEach(async () => {
  restore?.()
  restore = undefined
  await Promise.all(logs.splice(0).map((log) => log.close()))
  await dirs.cleanup()
})

const keys = (n: number, secret?: string) => ({
  configurationKey: [
    ...(secret ? [{ key: 'AuthorizationKey', readonly: false, value: secret }] : []),
    ...Array.from({ length: n }, (_, i) => ({ key: `Key${i}`, readonly: i % 2 === 0, value: `value "${i}" \\ ü` })),
  ],
})

function entry(seq: number, extra: Partial<LogEntry> = {}): LogEntry {
  return { seq, time: '2026-01-01T00:00:00.000Z', stationId: 'CP "1" ü', direction: 'in', kind: 'CALLRESULT', action: 'GetConfiguration', messageId: `m${seq}`, payload: keys(3000), ...extra }
}

/** What a query page showed before: the line parsed whole, masked, then cut. */
const parsedWhole = (line: string): LogEntry => shownEntry(maskLogEntry(parseLogEntry(line)), Buffer.byteLength(line))

describe('a large message-log entry is shown from its stored line without parsing the payload', () => {
  it('gives the same entry as parsing the line whole, whatever comes before the payload', () => {
    const cases = [
      entry(1),
      entry(2, { violations: [{ code: 'FormationViolation', path: '/configurationKey/0/"payload":', message: 'has ,"payload": in it' }] }),
      entry(3, { kind: 'CALLERROR', errorCode: 'InternalError', errorDescription: 'text with ,"payload":{ inside', payload: keys(2500) }),
      entry(4, { direction: 'out', kind: 'CALL', action: 'DataTransfer', payload: { vendorId: 'V', data: JSON.stringify(keys(2000)) } }),
    ]
    for (const item of cases) {
      const line = serializeLogEntry(item)
      expect(Buffer.byteLength(line)).toBeGreaterThan(MAX_SHOWN_ENTRY_BYTES)
      const shown = shownLargeLine(line, Buffer.byteLength(line))
      expect(shown).toEqual(parsedWhole(line))
      expect(shown?.payloadOmitted?.preview.length).toBe(2048)
    }
  })

  it('a line written before masking existed shows no secret in its preview, also one cut by the preview’s end', () => {
    const early = serializeLogEntry(entry(1, { payload: keys(3000, 'A1B2C3D4E5F6A7B8C9D0A1B2C3D4E5F6') }))
    expect(shownLargeLine(early, Buffer.byteLength(early))?.payloadOmitted?.preview).not.toMatch(/A1B2C3D4/)
    expect(shownLargeLine(early, Buffer.byteLength(early))).toEqual(parsedWhole(early))
    // A secret pair that straddles the 2,048th character.
    const padded = { configurationKey: [{ key: 'Pad', readonly: true, value: 'p'.repeat(2000) }, { key: 'WifiPassword', readonly: false, value: 'hunter2hunter2hunter2' }, ...keys(3000).configurationKey] }
    const cut = serializeLogEntry(entry(2, { payload: padded }))
    const preview = shownLargeLine(cut, Buffer.byteLength(cut))!.payloadOmitted!.preview
    expect(preview).not.toMatch(/hunter/)
    expect(preview).toBe(parsedWhole(cut).payloadOmitted!.preview)
  })

  it('a line laid out otherwise (no payload, raw text, not JSON before the payload) is left to the whole parse', () => {
    expect(splitPayload('{"seq":1,"time":"x"}')).toBeUndefined()
    expect(shownLargeLine(serializeLogEntry({ ...entry(1, { kind: 'CALLERROR', errorCode: 'InternalError', errorDescription: 'e'.repeat(70_000) }), payload: undefined }), 100_000)).toBeUndefined()
    expect(shownLargeLine(serializeLogEntry({ ...entry(1), raw: 'x'.repeat(10) }), 100_000)).toBeUndefined()
    expect(shownLargeLine('{"seq":1,"time":,"payload":{}}', 100_000)).toBeUndefined()
    expect(shownLargeLine('{"seq":"one","time":"t","stationId":"s","direction":"in","kind":"CALL","payload":{}}', 100_000)).toBeUndefined()
  })

  it('logging a large frame serializes its payload once (the preview is cut from the stored line)', async () => {
    const log = await MessageLog.open({ dir: await dirs.make(), logger: recordingLogger() })
    logs.push(log)
    const payload = keys(3000)
    const preview = JSON.stringify(payload).slice(0, 2048)
    const stringify = vi.spyOn(JSON, 'stringify')
    try {
      const shown = log.append({ time: '2026-01-01T00:00:00.000Z', stationId: 'CP1', direction: 'in', kind: 'CALLRESULT', action: 'GetConfiguration', messageId: 'm1', payload })
      expect(shown.payloadOmitted?.preview).toBe(preview)
      expect(stringify.mock.calls.filter(([value]) => value === payload || (value as { payload?: unknown })?.payload === payload)).toHaveLength(1)
    } finally {
      stringify.mockRestore()
    }
  })

  it('a page of large frames is built in slices and holds what it held before', async () => {
    const log = await MessageLog.open({ dir: await dirs.make(), logger: recordingLogger() })
    logs.push(log)
    for (let i = 0; i < 30; i += 1) log.append({ time: '2026-01-01T00:00:00.000Z', stationId: 'CP1', direction: 'in', kind: 'CALLRESULT', action: 'GetConfiguration', messageId: `m${i}`, payload: i % 3 === 0 ? { status: 'small' } : keys(3000) })
    await log.flush()
    const scheduler = countingScheduler()
    restore = useSliceScheduler(scheduler)
    const page = await log.query({ stationId: 'CP1', limit: 100 })
    expect(scheduler.yields).toBeGreaterThan(0)
    expect(page.entries).toHaveLength(30)
    const expected = Array.from({ length: 30 }, (_, i) => 29 - i).map((i) => {
      const stored: LogEntry = { seq: i + 1, time: '2026-01-01T00:00:00.000Z', stationId: 'CP1', direction: 'in', kind: 'CALLRESULT', action: 'GetConfiguration', messageId: `m${i}`, payload: i % 3 === 0 ? { status: 'small' } : keys(3000) }
      return parsedWhole(serializeLogEntry(stored))
    })
    expect(page.entries).toEqual(expected)
  })

  it('an NDJSON export of large frames is written in slices, whole', async () => {
    const log = await MessageLog.open({ dir: await dirs.make(), logger: recordingLogger() })
    logs.push(log)
    for (let i = 0; i < 20; i += 1) log.append({ time: '2026-01-01T00:00:00.000Z', stationId: 'CP1', direction: 'in', kind: 'CALLRESULT', action: 'GetConfiguration', messageId: `m${i}`, payload: keys(3000) })
    await log.flush()
    const scheduler = countingScheduler()
    restore = useSliceScheduler(scheduler)
    const lines: string[] = []
    expect(await log.exportNdjson({}, (line) => void lines.push(line))).toBe(20)
    expect(scheduler.yields).toBeGreaterThan(0)
    expect(JSON.parse(lines[7]!).payload).toEqual(keys(3000))
  })
})

describe('which entries are shown whole (issue 19 §4)', () => {
  const small = entry(1, { payload: { status: 'Accepted' } })

  it('an entry up to 64 KiB stored is shown whole; one byte more and its payload is left out, with its size', () => {
    expect(shownEntry(small, MAX_SHOWN_ENTRY_BYTES)).toBe(small)
    const { payload: _payload, ...rest } = small
    expect(shownEntry(small, MAX_SHOWN_ENTRY_BYTES + 1)).toEqual({ ...rest, payloadOmitted: { bytes: MAX_SHOWN_ENTRY_BYTES + 1, preview: '{"status":"Accepted"}' } })
  })

  it('a large entry with neither payload nor raw text is shown as it is', () => {
    const bare = entry(1, { payload: undefined, errorDescription: 'd'.repeat(70_000) })
    expect(shownEntry(bare, 100_000)).toBe(bare)
  })

  it('a large invalid frame is shown by the start of its raw text, even when its stored line is at hand', () => {
    const raw = `[2,"m1","Heartbeat",${'x'.repeat(5000)}`
    const invalid = entry(1, { kind: 'INVALID', payload: undefined, raw })
    const shown = shownEntry(invalid, 100_000, serializeLogEntry(invalid))
    expect(shown.raw).toBeUndefined()
    expect(shown.payloadOmitted).toEqual({ bytes: 100_000, preview: raw.slice(0, 2048) })
  })

  it('a large payload that cannot be written as JSON is shown with an empty preview instead of failing', () => {
    const shown = shownEntry(entry(1, { payload: { big: 10n } }), 100_000)
    expect(shown.payloadOmitted).toEqual({ bytes: 100_000, preview: '' })
    expect(shown.payload).toBeUndefined()
  })

  it('the payload is found only as the last field of a whole line', () => {
    expect(splitPayload('{"seq":1,"payload":{"a":1}}')).toEqual({ head: '{"seq":1}', payloadText: '{"a":1}' })
    expect(splitPayload('{"seq":1,"payload":[1]')).toBeUndefined()
    const line = serializeLogEntry(entry(1, { payload: [1, 2] }))
    expect(shownLargeLine(line, 100_000)?.payloadOmitted?.preview).toBe('[1,2]')
    expect(shownLargeLine(line.slice(0, -1), 100_000)).toBeUndefined()
    expect(shownLargeLine(serializeLogEntry(entry(2, { messageId: 7 as unknown as string })), 100_000)).toBeUndefined()
  })
})
