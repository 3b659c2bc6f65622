import { appendFile, readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { LogEntry } from '@shared/contract/dto'
import { MessageLog } from '../../../src/main/storage/message-log'
import { decodeLogLineHeader, serializeLogEntry } from '../../../src/main/storage/log-line-codec'
import { recordingLogger, tempDirs } from './helpers'

const dirs = tempDirs()
afterEach(() => dirs.cleanup())

function entry(seq: number, extra: Partial<LogEntry> = {}): LogEntry {
  return { seq, time: new Date(Date.UTC(2025, 0, 1) + (seq % 86_400) * 1000).toISOString(), stationId: 'CP-1', direction: 'in', kind: 'CALL', action: 'Heartbeat', messageId: `m${seq}`, payload: {}, ...extra }
}

async function segmentFile(dir: string): Promise<string> {
  const [file] = await readdir(dir)
  return join(dir, file!)
}

describe('message log recovery', () => {
  it('after a crash mid-write: the torn last line is cut, every complete entry is kept, appends continue', async () => {
    const dir = await dirs.make()
    const log = await MessageLog.open({ dir, logger: recordingLogger() })
    for (let i = 0; i < 5; i += 1) log.append(entry(0, { messageId: `m${i + 1}` }))
    await log.close()
    const file = await segmentFile(dir)
    const half = serializeLogEntry(entry(6, { payload: { long: 'x'.repeat(100) } })).slice(0, 60)
    await appendFile(file, half) // what a SIGKILL during write() leaves behind

    const logger = recordingLogger()
    const reopened = await MessageLog.open({ dir, logger })
    expect(logger.warnings.some((warning) => warning.includes('incomplete last record'))).toBe(true)
    expect((await reopened.query({})).entries.map((e) => e.seq)).toEqual([5, 4, 3, 2, 1])
    expect(reopened.append(entry(0)).seq).toBe(6)
    await reopened.close()
    const lines = (await readFile(file, 'utf8')).trim().split('\n')
    expect(lines.map((line) => (JSON.parse(line) as LogEntry).seq)).toEqual([1, 2, 3, 4, 5, 6])
  })

  it('skips a corrupt line in the middle with a warning and serves the rest', async () => {
    const dir = await dirs.make()
    const lines = [serializeLogEntry(entry(1)), '{"seq":2,"time":"2025-01-01T00:00:02.000Z","stati', 'garbage', serializeLogEntry(entry(3))]
    await writeFile(join(dir, 'messages-000001.jsonl'), `${lines.join('\n')}\n`)
    const logger = recordingLogger()
    const log = await MessageLog.open({ dir, logger })
    expect(logger.warnings.filter((warning) => warning.includes('corrupt record'))).toHaveLength(2)
    expect((await log.query({})).entries.map((e) => e.seq)).toEqual([3, 1])
    expect(log.append(entry(0)).seq).toBe(4)
    await log.close()
  })

  it('ignores an entry whose seq goes backwards (an edited or damaged file)', async () => {
    const dir = await dirs.make()
    await writeFile(join(dir, 'messages-000001.jsonl'), [entry(1), entry(5), entry(3), entry(6)].map((e) => `${serializeLogEntry(e)}\n`).join(''))
    const logger = recordingLogger()
    const log = await MessageLog.open({ dir, logger })
    expect((await log.query({})).entries.map((e) => e.seq)).toEqual([6, 5, 1])
    expect(logger.warnings.join()).toMatch(/1 entries whose seq was out of order/)
    await log.close()
  })
})

describe('log line header decoding', () => {
  const cases: LogEntry[] = [
    entry(1),
    entry(2, { action: undefined, kind: 'INVALID', raw: '[2,' }),
    entry(3, { stationId: 'CP "quoted" \\ back ✓ 𝄞', action: 'Data"Transfer' }),
    entry(4, { direction: 'out', kind: 'CALLERROR', errorCode: 'NotImplemented', payload: undefined }),
    entry(9007199254740991),
  ]

  it.each(cases.map((c) => [c.seq, c] as const))('reads the index fields of entry %s like a full parse would', (_seq, original) => {
    const line = Buffer.from(serializeLogEntry(original))
    const header = decodeLogLineHeader(line)
    expect(header).toEqual({
      seq: original.seq,
      timeMs: Date.parse(original.time),
      stationId: original.stationId,
      direction: original.direction,
      kind: original.kind,
      ...(original.action === undefined ? {} : { action: original.action }),
    })
  })

  it('falls back to a full parse for lines written with another key order', () => {
    const line = Buffer.from(JSON.stringify({ kind: 'CALL', direction: 'in', stationId: 'X', time: '2025-01-01T00:00:00.000Z', seq: 7, action: 'Heartbeat' }))
    expect(decodeLogLineHeader(line)).toMatchObject({ seq: 7, stationId: 'X', action: 'Heartbeat' })
  })

  it('throws for lines that are not log entries', () => {
    for (const text of ['{"seq":1', '[]', '{"seq":"1","time":"x","stationId":"a","direction":"in","kind":"CALL"}', '{"seq":1,"time":"x","stationId":"a","direction":"sideways","kind":"CALL"}']) {
      expect(() => decodeLogLineHeader(Buffer.from(text))).toThrow()
    }
  })
})
