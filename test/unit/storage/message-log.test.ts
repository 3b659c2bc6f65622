import { readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { LogEntry } from '@shared/contract/dto'
import { segmentFileName } from '../../../src/main/storage/journal-files'
import { lineQuarantine } from '../../../src/main/storage/journal-quarantine'
import { serializeLogEntry } from '../../../src/main/storage/log-line-codec'
import { MessageLog, type MessageLogOptions } from '../../../src/main/storage/message-log'
import { recordingLogger, syncGate, tempDirs } from './helpers'

const dirs = tempDirs()
const open: MessageLog[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((log) => log.close()))
  await dirs.cleanup()
})

async function openLog(dir: string, options: Partial<MessageLogOptions> = {}): Promise<MessageLog> {
  const log = await MessageLog.open({ dir, logger: recordingLogger(), ...options })
  open.push(log)
  return log
}

const T0 = Date.UTC(2025, 0, 1)
const at = (second: number): string => new Date(T0 + second * 1000).toISOString()

/** Frame i: stations alternate CP-A/CP-B, every third is an outgoing CALLRESULT, time = T0 + i s. */
function frame(i: number, extra: Partial<Omit<LogEntry, 'seq'>> = {}): Omit<LogEntry, 'seq'> {
  const answer = i % 3 === 2
  return {
    time: at(i),
    stationId: i % 2 === 0 ? 'CP-A' : 'CP-B',
    direction: answer ? 'out' : 'in',
    kind: answer ? 'CALLRESULT' : 'CALL',
    messageId: `m${i}`,
    action: i % 5 === 0 ? 'BootNotification' : 'Heartbeat',
    payload: { i },
    ...extra,
  }
}

const ids = (entries: LogEntry[]): string[] => entries.map((entry) => entry.messageId!)

describe('message log', () => {
  it('assigns increasing seq numbers and continues from the last stored seq after reopen', async () => {
    const dir = await dirs.make()
    const log = await openLog(dir)
    expect([log.append(frame(0)).seq, log.append(frame(1)).seq, log.append(frame(2)).seq]).toEqual([1, 2, 3])
    await log.close()
    const reopened = await openLog(dir)
    expect(reopened.append(frame(3)).seq).toBe(4)
  })

  it('continues seq after a crash (reopen without close)', async () => {
    const dir = await dirs.make()
    const log = await openLog(dir)
    for (let i = 0; i < 10; i += 1) log.append(frame(i))
    await log.flush()
    const afterCrash = await openLog(dir)
    expect(afterCrash.append(frame(10)).seq).toBe(11)
    expect(afterCrash.stats().count).toBe(11)
  })

  it('filters by station, action, direction, kind and time range, newest first', async () => {
    const log = await openLog(await dirs.make())
    for (let i = 0; i < 30; i += 1) log.append(frame(i))
    const station = await log.query({ stationId: 'CP-B' })
    expect(station.entries).toHaveLength(15)
    expect(station.entries.every((entry) => entry.stationId === 'CP-B')).toBe(true)
    expect(station.entries[0]!.messageId).toBe('m29')
    expect(ids((await log.query({ action: 'BootNotification' })).entries)).toEqual(['m25', 'm20', 'm15', 'm10', 'm5', 'm0'])
    expect(ids((await log.query({ direction: 'out', limit: 3 })).entries)).toEqual(['m29', 'm26', 'm23'])
    expect(ids((await log.query({ kind: 'CALLRESULT', stationId: 'CP-A', limit: 2 })).entries)).toEqual(['m26', 'm20'])
    expect(ids((await log.query({ from: at(10), to: at(13) })).entries)).toEqual(['m12', 'm11', 'm10'])
    expect((await log.query({ stationId: 'CP-UNKNOWN' })).entries).toEqual([])
    expect((await log.query({ action: 'StartTransaction' })).entries).toEqual([])
  })

  it('returns the stored entry in full, payload included', async () => {
    const log = await openLog(await dirs.make())
    const appended = log.append(frame(1, { payload: { nested: { list: [1, 'two'] } }, violations: [{ code: 'FormationViolation', path: '/x', message: 'bad' }] }))
    const [stored] = (await log.query({})).entries
    expect(stored).toEqual(appended)
  })

  it('pages with before across segments and across the unflushed tail', async () => {
    const gate = syncGate(1)
    const log = await openLog(await dirs.make(), { maxSegmentBytes: 512, maxSegments: 64, datasync: gate.datasync })
    for (let i = 0; i < 40; i += 1) log.append(frame(i))
    await gate.firstStarted // the first batch is in flight: nothing is durable yet
    for (let i = 40; i < 50; i += 1) log.append(frame(i)) // queued behind it
    expect(log.stats().segments).toBeGreaterThan(3)
    const seen: string[] = []
    let before: number | undefined
    for (;;) {
      const page = await log.query({ stationId: 'CP-A', limit: 4, before })
      seen.push(...ids(page.entries))
      if (page.nextBefore === undefined) break
      before = page.nextBefore
    }
    expect(seen).toEqual(Array.from({ length: 25 }, (_, k) => `m${48 - 2 * k}`))
    gate.release()
    await log.flush()
    const afterFlush = await log.query({ stationId: 'CP-A', limit: 4, before: 20 })
    expect(ids(afterFlush.entries)).toEqual(['m18', 'm16', 'm14', 'm12'])
  })

  it('limits a page to 100 entries by default and 1000 at most', async () => {
    const log = await openLog(await dirs.make())
    for (let i = 0; i < 1200; i += 1) log.append(frame(i))
    const first = await log.query({})
    expect(first.entries).toHaveLength(100)
    expect(first.nextBefore).toBe(1101)
    expect((await log.query({ limit: 5000 })).entries).toHaveLength(1000)
    expect((await log.query({ limit: 0 })).entries).toHaveLength(1)
  })

  it('has no nextBefore on the last page', async () => {
    const log = await openLog(await dirs.make())
    for (let i = 0; i < 4; i += 1) log.append(frame(i))
    expect((await log.query({ limit: 4 })).nextBefore).toBeUndefined()
    expect((await log.query({ limit: 3 })).nextBefore).toBe(2)
  })

  it('rejects a time bound that is not ISO-8601', async () => {
    const log = await openLog(await dirs.make())
    await expect(log.query({ from: 'yesterday' })).rejects.toMatchObject({ code: 'INVALID_QUERY' })
  })

  it('exports matching entries oldest first, one JSON object per line, up to a limit', async () => {
    const log = await openLog(await dirs.make(), { maxSegmentBytes: 1024, maxSegments: 64 })
    for (let i = 0; i < 30; i += 1) log.append(frame(i))
    const lines: string[] = []
    const count = await log.exportNdjson({ stationId: 'CP-A' }, (line) => void lines.push(line))
    expect(count).toBe(15)
    const entries = lines.map((line) => JSON.parse(line) as LogEntry)
    expect(ids(entries)).toEqual(Array.from({ length: 15 }, (_, k) => `m${2 * k}`))
    expect(lines.every((line) => !line.includes('\n'))).toBe(true)
    const limited: string[] = []
    expect(await log.exportNdjson({ from: at(5) }, async (line) => void limited.push(line), 3)).toBe(3)
    expect(ids(limited.map((line) => JSON.parse(line) as LogEntry))).toEqual(['m5', 'm6', 'm7'])
  })

  it('rebuilds the index after reopen: the same queries give the same pages', async () => {
    const dir = await dirs.make()
    const log = await openLog(dir, { maxSegmentBytes: 2048, maxSegments: 64 })
    for (let i = 0; i < 200; i += 1) log.append(frame(i, i === 7 ? { stationId: 'CP "quoted" ✓' } : {}))
    log.append({ time: at(200), stationId: 'CP-A', direction: 'in', kind: 'INVALID', raw: '[2,"x"' })
    const queries = [{}, { stationId: 'CP-B', limit: 7 }, { action: 'BootNotification', before: 150 }, { kind: 'INVALID' as const }, { stationId: 'CP "quoted" ✓' }]
    const before = await Promise.all(queries.map((q) => log.query(q)))
    const statsBefore = log.stats()
    await log.close()
    const reopened = await openLog(dir, { maxSegmentBytes: 2048, maxSegments: 64 })
    expect(await Promise.all(queries.map((q) => reopened.query(q)))).toEqual(before)
    expect(reopened.stats()).toMatchObject({ count: statsBefore.count, bytes: statsBefore.bytes, segments: statsBefore.segments })
  })

  it('retention drops the entries of deleted segments from the index', async () => {
    const dir = await dirs.make()
    const log = await openLog(dir, { maxSegmentBytes: 1024, maxSegments: 2 })
    for (let i = 0; i < 100; i += 1) log.append(frame(i))
    await log.flush()
    const stats = log.stats()
    expect(stats.segments).toBe(2)
    expect(stats.count).toBeLessThan(100)
    const all = await log.query({ limit: 1000 })
    expect(all.entries).toHaveLength(stats.count)
    expect(all.entries[0]!.messageId).toBe('m99')
    expect(all.nextBefore).toBeUndefined()
    const reopened = await openLog(dir, { maxSegmentBytes: 1024, maxSegments: 2 })
    expect(reopened.stats().count).toBe(stats.count)
  })

  it('logs an entry whose payload cannot be serialized, with a note instead of the payload', async () => {
    const log = await openLog(await dirs.make())
    log.append(frame(1, { payload: { big: 10n } }))
    const [stored] = (await log.query({})).entries
    expect(stored!.payload).toBeUndefined()
    expect(stored!.raw).toMatch(/payload not storable/)
  })

  it('frames arriving after close (answers in flight at shutdown) never throw and are reported once, not per frame', async () => {
    const logger = recordingLogger()
    const log = await openLog(await dirs.make(), { logger })
    await log.close()
    for (let i = 1; i <= 5000; i += 1) expect(() => log.append(frame(i))).not.toThrow()
    expect(logger.warnings).toEqual(['message log: frames arriving after shutdown began are not logged'])
    expect(logger.errors).toEqual([])
    expect(log.stats().dropped).toBe(0) // not an I/O failure
  })

  it('shows a frame over 64 KiB by its start and size (live and in a page), keeps it whole in the export, and reads at most 8 MiB per page', async () => {
    const dir = await dirs.make()
    const log = await openLog(dir)
    const data = 'd'.repeat(1_000_000)
    const live = log.append(frame(0, { action: 'DataTransfer', payload: { vendorId: 'acme', data } }))
    expect(live.payload).toBeUndefined()
    expect(live.payloadOmitted).toEqual({ bytes: expect.any(Number), preview: expect.stringMatching(/^\{"vendorId":"acme","data":"d+$/) })
    expect(live.payloadOmitted!.preview).toHaveLength(2048)
    for (let i = 1; i < 12; i += 1) log.append(frame(i, { action: 'DataTransfer', payload: { data } }))
    log.append(frame(12, { payload: { small: true } }))
    await log.flush()
    const page = await log.query({ limit: 1000 })
    expect(page.entries[0]!.payload).toEqual({ small: true })
    expect(page.entries).toHaveLength(9) // the small one and 8 of the 1 MB frames: 8 MiB of stored lines
    expect(page.entries.slice(1).every((e) => e.payload === undefined && e.payloadOmitted !== undefined)).toBe(true)
    expect(page.nextBefore).toBe(page.entries.at(-1)!.seq)
    const next = await log.query({ limit: 1000, before: page.nextBefore })
    expect(next.entries.map((e) => e.seq)).toEqual([4, 3, 2, 1])
    const exported: string[] = []
    await log.exportNdjson({}, (line) => void exported.push(line))
    expect(JSON.parse(exported[0]!).payload.data).toBe(data)
  })
})

describe('message log rules (issue 19 §4)', () => {
  it('a page limit is rounded down and kept between 1 and 1000; one that is not a number gives 100', async () => {
    const log = await openLog(await dirs.make())
    for (let i = 0; i < 1100; i += 1) log.append(frame(i))
    expect((await log.query({ limit: 2.9 })).entries).toHaveLength(2)
    expect((await log.query({ limit: -5 })).entries).toHaveLength(1)
    expect((await log.query({ limit: 1000.5 })).entries).toHaveLength(1000)
    expect((await log.query({ limit: 1001 })).entries).toHaveLength(1000)
    expect((await log.query({ limit: Number.NaN })).entries).toHaveLength(100)
    expect((await log.query({ limit: Infinity })).entries).toHaveLength(100)
  })

  it('a time bound that is not ISO-8601 is refused, naming the bound and the value', async () => {
    const log = await openLog(await dirs.make())
    await expect(log.query({ from: 'yesterday' })).rejects.toMatchObject({ code: 'INVALID_QUERY', message: expect.stringMatching(/"from".*ISO-8601.*"yesterday"/) })
    await expect(log.query({ to: '2025-13-45' })).rejects.toMatchObject({ code: 'INVALID_QUERY', message: expect.stringMatching(/"to".*ISO-8601.*"2025-13-45"/) })
    await expect(log.exportNdjson({ to: 'soon' }, () => undefined)).rejects.toMatchObject({ code: 'INVALID_QUERY' })
    expect((await log.query({ from: '2025-01-01T00:00:00Z', to: '2025-01-02T00:00:00+02:00' })).entries).toEqual([])
  })

  it('a frame whose time does not parse is logged at the time it arrived; the epoch itself is kept', async () => {
    const log = await openLog(await dirs.make())
    const before = Date.now()
    const late = log.append(frame(1, { time: 'not a time' }))
    const after = Date.now()
    expect(Date.parse(late.time)).toBeGreaterThanOrEqual(before)
    expect(Date.parse(late.time)).toBeLessThanOrEqual(after)
    expect(late.time).toBe(new Date(Date.parse(late.time)).toISOString())
    const epoch = log.append(frame(2, { time: '1970-01-01T00:00:00.000Z' }))
    expect(epoch.time).toBe('1970-01-01T00:00:00.000Z')
    expect(ids((await log.query({ from: new Date(before).toISOString() })).entries)).toEqual(['m1'])
    expect(ids((await log.query({ to: '1970-01-01T00:00:00.001Z' })).entries)).toEqual(['m2'])
    expect((await log.query({ stationId: 'CP-B' })).entries[0]!.time).toBe(late.time)
  })

  it('frames a full disk backlog refuses are counted as dropped, reported on the first and every 1000th, and never thrown', async () => {
    const logger = recordingLogger()
    const stuck = syncGate(1)
    const log = await openLog(await dirs.make(), { logger, maxPendingBytes: 4096, datasync: stuck.datasync })
    let appended = 0
    while (log.stats().dropped === 0) {
      log.append(frame(appended))
      appended += 1
      expect(appended).toBeLessThan(1000)
    }
    expect(logger.errors).toHaveLength(1)
    expect(logger.errors[0]).toMatch(/^message log: 1 frame\(s\) not logged so far: .*check free space/)
    for (let i = 0; i < 998; i += 1) expect(() => log.append(frame(i))).not.toThrow()
    expect(log.stats().dropped).toBe(999)
    expect(logger.errors).toHaveLength(1)
    log.append(frame(0))
    expect(log.stats().dropped).toBe(1000)
    expect(logger.errors).toHaveLength(2)
    expect(logger.errors[1]).toMatch(/^message log: 1000 frame\(s\) not logged so far/)
    expect(log.stats().count).toBe(appended - 1)
    stuck.release()
    await log.flush()
  })

  it('counts what it holds: entries, bytes, segments, index memory', async () => {
    const log = await openLog(await dirs.make(), { maxSegmentBytes: 1024, maxSegments: 64 })
    expect(log.stats()).toEqual({ count: 0, bytes: 0, segments: expect.any(Number), indexBytes: 0, dropped: 0 })
    let bytes = 0
    for (let i = 0; i < 20; i += 1) bytes += Buffer.byteLength(JSON.stringify(log.append(frame(i)))) + 1
    const stats = log.stats()
    expect(stats).toMatchObject({ count: 20, bytes, dropped: 0 })
    expect(stats.segments).toBeGreaterThan(1)
    expect(stats.indexBytes).toBe(stats.segments * 1024 * 24)
  })

  it('reopening a log in order warns about nothing', async () => {
    const dir = await dirs.make()
    const log = await openLog(dir)
    for (let i = 0; i < 5; i += 1) log.append(frame(i))
    await log.close()
    const logger = recordingLogger()
    await openLog(dir, { logger })
    expect(logger.warnings).toEqual([])
  })

  it('an entry changed on disk after open is skipped and counted in its page, with a warning saying where', async () => {
    const dir = await dirs.make()
    const log = await openLog(dir)
    for (let i = 0; i < 4; i += 1) log.append(frame(i))
    await log.close()
    const file = join(dir, segmentFileName('messages', 1))
    const lines = (await readFile(file, 'utf8')).split('\n')
    const logger = recordingLogger()
    const reopened = await openLog(dir, { logger })
    const offset = Buffer.byteLength(`${lines[0]}\n`)
    lines[1] = 'x'.repeat(lines[1]!.length) // the same length: the index still points at it
    await writeFile(file, lines.join('\n'))
    const page = await reopened.query({})
    expect(ids(page.entries)).toEqual(['m3', 'm2', 'm0'])
    expect(page.skipped).toBe(1)
    expect(logger.warnings).toHaveLength(1)
    expect(logger.warnings[0]).toMatch(new RegExp(`^message log: entry 2 in segment 1 at byte ${offset} is damaged and was skipped \\(.*not valid JSON\\)$`))
    expect((await reopened.query({ stationId: 'CP-A' })).skipped).toBeUndefined()
    const exported: string[] = []
    expect(await reopened.exportNdjson({}, (line) => void exported.push(line))).toBe(3)
  })

  it('the export holds the entries logged before it started, below `before`, in batches past 1000', async () => {
    const log = await openLog(await dirs.make())
    for (let i = 0; i < 2500; i += 1) log.append(frame(i))
    const seqs: number[] = []
    const count = await log.exportNdjson({}, (line) => {
      seqs.push((JSON.parse(line) as LogEntry).seq)
      if (seqs.length % 500 === 0) log.append(frame(0)) // logged while the export runs
    })
    expect(count).toBe(2500)
    expect(seqs).toEqual(Array.from({ length: 2500 }, (_, k) => k + 1))
    const below: number[] = []
    expect(await log.exportNdjson({ before: 1500, stationId: 'CP-B' }, (line) => void below.push((JSON.parse(line) as LogEntry).seq), 600)).toBe(600)
    expect(below).toEqual(Array.from({ length: 600 }, (_, k) => 2 * k + 2))
    const capped: number[] = []
    expect(await log.exportNdjson({ before: 2501 }, (line) => void capped.push((JSON.parse(line) as LogEntry).seq), 1500)).toBe(1500) // the second batch holds only the rest of the limit
    expect(capped).toEqual(Array.from({ length: 1500 }, (_, k) => k + 1))
    expect(await log.exportNdjson({ stationId: 'CP-UNKNOWN' }, () => undefined)).toBe(0)
  })

  it('a page of large frames stops at 8 MiB of stored lines exactly, and always holds one', async () => {
    const log = await openLog(await dirs.make())
    const sized = (i: number, bytes: number) => {
      const probe = serializeLogEntry({ ...frame(i, { payload: { data: '' } }), seq: i + 1 })
      return frame(i, { payload: { data: 'd'.repeat(bytes - Buffer.byteLength(probe)) } })
    }
    for (let i = 0; i < 9; i += 1) log.append(sized(i, 1024 * 1024)) // 1 MiB stored lines (without the newline)
    const page = await log.query({ limit: 100 })
    expect(page.entries.map((e) => e.seq)).toEqual([9, 8, 7, 6, 5, 4, 3, 2])
    expect(page.nextBefore).toBe(2)
    log.append(sized(9, 9 * 1024 * 1024))
    const huge = await log.query({ limit: 100 })
    expect(huge.entries.map((e) => e.seq)).toEqual([10])
    expect(huge.entries[0]!.payloadOmitted!.bytes).toBe(9 * 1024 * 1024)
    expect(huge.nextBefore).toBe(10)
  })

  it('a stored line of exactly 64 KiB is shown whole in a page; one byte more and its payload is left out', async () => {
    const log = await openLog(await dirs.make())
    const sized = (i: number, bytes: number) => {
      const probe = serializeLogEntry({ ...frame(i, { payload: { data: '' } }), seq: i + 1 })
      return frame(i, { payload: { data: 'd'.repeat(bytes - Buffer.byteLength(probe)) } })
    }
    log.append(sized(0, 64 * 1024))
    log.append(sized(1, 64 * 1024 + 1))
    await log.flush()
    const [over, exact] = (await log.query({})).entries
    expect(exact!.payloadOmitted).toBeUndefined()
    expect((exact!.payload as { data: string }).data.length).toBeGreaterThan(60_000)
    expect(over!.payload).toBeUndefined()
    expect(over!.payloadOmitted!.bytes).toBe(64 * 1024 + 1)
  })

  it('a damaged entry moved to quarantine is reported with where it went', async () => {
    const dir = await dirs.make()
    const log = await openLog(dir)
    log.append(frame(0))
    log.append(frame(1))
    await log.close()
    const logger = recordingLogger()
    const reopened = await openLog(dir, { logger, quarantine: lineQuarantine(join(dir, 'aside'), () => undefined, logger) })
    const file = join(dir, segmentFileName('messages', 1))
    const [first, ...rest] = (await readFile(file, 'utf8')).split('\n')
    await writeFile(file, ['#'.repeat(first!.length), ...rest].join('\n'))
    expect(ids((await reopened.query({})).entries)).toEqual(['m1'])
    expect(logger.warnings.find((w) => w.startsWith('message log: entry 1 '))).toMatch(/was skipped \(.*\); .*quarantine/)
  })

  it('the export writes a line without secrets as it is stored, and waits for each write before the next', async () => {
    const dir = await dirs.make()
    const reordered = JSON.stringify({ kind: 'CALL', direction: 'in', stationId: 'CP-A', time: at(0), seq: 1, action: 'Heartbeat', payload: {} })
    await writeFile(join(dir, segmentFileName('messages', 1)), `${reordered}\n`)
    const log = await openLog(dir)
    for (let i = 1; i < 5; i += 1) log.append(frame(i))
    const lines: string[] = []
    let writing = 0
    let most = 0
    const count = await log.exportNdjson({}, async (line) => {
      writing += 1
      most = Math.max(most, writing)
      await new Promise((resolve) => setImmediate(resolve))
      lines.push(line)
      writing -= 1
    })
    expect(count).toBe(5)
    expect(lines[0]).toBe(reordered)
    expect(most).toBe(1)
  })

  it('at open, an entry repeating the seq before it is ignored like one going backwards', async () => {
    const dir = await dirs.make()
    const stored = [1, 2, 2, 3].map((seq, k) => serializeLogEntry({ ...frame(k), seq }))
    await writeFile(join(dir, segmentFileName('messages', 1)), `${stored.join('\n')}\n`)
    const logger = recordingLogger()
    const log = await openLog(dir, { logger })
    expect(ids((await log.query({})).entries)).toEqual(['m3', 'm1', 'm0'])
    expect(logger.warnings).toEqual([expect.stringMatching(/ignored 1 entries whose seq was out of order/)])
  })

  it('a frame over 64 KiB with neither payload nor raw text (a long error description) comes back whole in a page', async () => {
    const log = await openLog(await dirs.make())
    const description = 'e'.repeat(70 * 1024)
    log.append({ time: at(0), stationId: 'CP-A', direction: 'in', kind: 'CALLERROR', messageId: 'm0', errorCode: 'InternalError', errorDescription: description })
    await log.flush()
    const [entry] = (await log.query({})).entries
    expect(entry).toMatchObject({ seq: 1, kind: 'CALLERROR', errorCode: 'InternalError', errorDescription: description })
    expect(entry!.payloadOmitted).toBeUndefined()
  })

  it('entries whose segment file is gone (deleted by retention while a page was read) are left out quietly, not called damaged', async () => {
    const dir = await dirs.make()
    const logger = recordingLogger()
    const notes: unknown[] = []
    const log = await openLog(dir, { logger, quarantine: lineQuarantine(join(dir, 'quarantine'), (note) => void notes.push(note), logger) })
    for (let i = 0; i < 3; i += 1) log.append(frame(i))
    await log.flush()
    await rm(join(dir, segmentFileName('messages', 1)))
    const page = await log.query({})
    expect(page.entries).toEqual([])
    expect(page.skipped).toBeUndefined()
    expect(await log.exportNdjson({}, () => undefined)).toBe(0)
    expect(logger.warnings).toEqual([])
    expect(notes).toEqual([])
  })
})
