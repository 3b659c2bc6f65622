/**
 * Issue 18 §2 where the rule lives: each journal checks its lines when it reads them; a line that
 * cannot be used is copied byte for byte to the quarantine folder (once, however often it is read
 * again), noted, warned about and left out, and the journal goes on with the others.
 */
import { appendFile, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { QuarantineNote } from '@shared/contract/charging-dto'
import { lineQuarantine } from '../../../src/main/storage/journal-quarantine'
import { MeterValueStore } from '../../../src/main/storage/meter-value-store'
import { MessageLog } from '../../../src/main/storage/message-log'
import { setAside } from '../../../src/main/storage/quarantine'
import { StateStore } from '../../../src/main/storage/state-store'
import { STATE_VERSION } from '../../../src/main/storage/state-data'
import { StatusHistory } from '../../../src/main/storage/status-history'
import { TaskHistory } from '../../../src/main/storage/task-history'
import { TransactionStore } from '../../../src/main/storage/transaction-store'
import { recordingLogger, tempDirs } from './helpers'

const dirs = tempDirs()
afterEach(() => dirs.cleanup())

const T = '2026-01-01T10:00:00.000Z'
const deep = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`

async function setUp() {
  const dir = await dirs.make()
  const logger = recordingLogger()
  const notes: QuarantineNote[] = []
  const aside = join(dir, 'quarantine')
  const quarantine = lineQuarantine(aside, (note) => void notes.push(note), logger)
  const files = async () => {
    const names = await readdir(aside).catch(() => [] as string[])
    return Promise.all(names.map(async (name) => ({ name, bytes: await readFile(join(aside, name)) })))
  }
  return { dir, logger, notes, quarantine, files }
}

describe('journal lines that cannot be used', () => {
  it('the command history leaves out a task nested 20,000 levels deep, one of the wrong shape and a line of garbage; each is kept byte for byte, once', async () => {
    const { dir, logger, notes, quarantine, files } = await setUp()
    const good = { id: 'good', stationId: 'CP', action: 'Reset', payload: { type: 'Soft' }, state: 'answered', createdAt: T, finishedAt: T, response: { status: 'Accepted' } }
    const bad = [`{"id":"deep","stationId":"CP","action":"Reset","payload":{},"state":"answered","createdAt":"${T}","finishedAt":"${T}","response":${deep(20_000)}}`, JSON.stringify({ ...good, id: 'typed', state: 42 }), 'garbage {{{']
    await writeFile(join(dir, 'tasks-000001.jsonl'), [JSON.stringify(good), ...bad].map((l) => `${l}\n`).join(''))
    const history = await TaskHistory.open({ dir, logger, quarantine })
    expect(history.recent().map((t) => t.id)).toEqual(['good'])
    await history.close()
    const kept = await files()
    expect(kept).toHaveLength(3)
    for (const line of bad) expect(kept.some((f) => f.bytes.equals(Buffer.from(`${line}\n`)))).toBe(true)
    expect(notes.map((n) => [n.collection, n.stationId])).toEqual([
      ['tasks', 'CP'],
      ['tasks', 'CP'],
      ['tasks', undefined],
    ])
    expect(notes[0]!.reason).toMatch(/nested more than 100 levels/)
    expect(notes[1]!.reason).toMatch(/state must be string/)
    expect(logger.warnings.filter((w) => /moved to quarantine\//.test(w))).toHaveLength(3)

    const again = recordingLogger()
    const reopened = await TaskHistory.open({ dir, logger: again, quarantine: lineQuarantine(join(dir, 'quarantine'), (note) => void notes.push(note), again) })
    expect(reopened.recent()).toHaveLength(1)
    await reopened.close()
    expect(await files()).toHaveLength(3)
    expect(notes).toHaveLength(3)
    expect(again.warnings.filter((w) => /already in quarantine\//.test(w))).toHaveLength(3)
  })

  it('transactions: a start that does not fit is left out and counted for its station, and its id is never handed out again', async () => {
    const { dir, logger, quarantine } = await setUp()
    const start = (transactionId: number, meterStart: unknown) => JSON.stringify({ type: 'start', record: { transactionId, stationId: 'CP', connectorId: 1, idTag: 'A', meterStart, timestamp: T, idTagInfo: { status: 'Accepted' }, receivedAt: T } })
    await writeFile(join(dir, 'transactions-000001.jsonl'), `${start(1, 0)}\n${start(900, '12')}\n`)
    const store = await TransactionStore.open({ dir, logger, quarantine })
    expect(store.list().map((t) => t.transactionId)).toEqual([1])
    expect(store.unreadable('CP')).toBe(1)
    expect(store.unreadable('OTHER')).toBe(0)
    expect(store.unreadable()).toBe(1)
    expect(store.maxTransactionId).toBe(900)
    await store.close()
  })

  it('meter values: a batch that does not fit is checked when a view reads it, left out and counted', async () => {
    const { dir, logger, quarantine, files } = await setUp()
    const store = await MeterValueStore.open({ dir, logger, quarantine })
    await store.append({ stationId: 'CP', connectorId: 1, transactionId: 5, source: 'MeterValues', receivedAt: T, meterValue: [{ timestamp: T, sampledValue: [{ value: '1' }] }] })
    await store.close()
    await appendFile(join(dir, 'meter-values-000001.jsonl'), `${JSON.stringify({ stationId: 'CP', connectorId: 1, transactionId: 5, source: 'MeterValues', receivedAt: T, meterValue: 'x' })}\n`)
    const reopened = await MeterValueStore.open({ dir, logger, quarantine })
    const read = await reopened.newestForTransaction(5, Number.POSITIVE_INFINITY)
    expect(read.records).toHaveLength(1)
    expect(read.skipped).toBe(1)
    expect(await reopened.forTransaction(5)).toHaveLength(1)
    await reopened.close()
    expect(await files()).toHaveLength(1)
  })

  it('the status history leaves out a status that is a number', async () => {
    const { dir, logger, quarantine, notes } = await setUp()
    const line = (seq: number, status: unknown) => JSON.stringify({ seq, stationId: 'CP', connectorId: 1, status, errorCode: 'NoError', receivedAt: T })
    await writeFile(join(dir, 'status-000001.jsonl'), `${line(1, 'Available')}\n${line(2, 5)}\n`)
    const history = await StatusHistory.open({ dir, logger, quarantine })
    expect((await history.query({ stationId: 'CP' })).map((s) => s.status)).toEqual(['Available'])
    await history.close()
    expect(notes.map((n) => n.collection)).toEqual(['status'])
  })

  it('the message log: an entry whose header is sound but whose payload nests too deeply is left out of a page, which says so, and out of the export', async () => {
    const { dir, logger, quarantine, files } = await setUp()
    const log = await MessageLog.open({ dir, logger, quarantine })
    log.append({ time: T, stationId: 'CP', direction: 'in', kind: 'CALL', action: 'Heartbeat', messageId: 'a', payload: {} })
    await log.close()
    await appendFile(join(dir, 'messages-000001.jsonl'), `{"seq":2,"time":"${T}","stationId":"CP","direction":"in","kind":"CALL","action":"DataTransfer","payload":${deep(20_000)}}\nnot a log line\n`)
    const reopened = await MessageLog.open({ dir, logger, quarantine })
    const page = await reopened.query({})
    expect(page.entries.map((e) => e.seq)).toEqual([1])
    expect(page.skipped).toBe(1)
    const exported: string[] = []
    expect(await reopened.exportNdjson({}, (line) => void exported.push(line))).toBe(1)
    await reopened.close()
    expect(await files()).toHaveLength(2)
  })

  it('a segment damaged as a whole does not become a file per line: past the limit of a run, lines are skipped and stay in the journal only', async () => {
    const { dir, logger, notes } = await setUp()
    const quarantine = lineQuarantine(join(dir, 'quarantine'), (note) => void notes.push(note), logger, 3)
    await writeFile(join(dir, 'status-000001.jsonl'), Array.from({ length: 10 }, (_, i) => `garbage ${i}\n`).join(''))
    const history = await StatusHistory.open({ dir, logger, quarantine })
    await history.close()
    expect(await readdir(join(dir, 'quarantine'))).toHaveLength(3)
    expect(notes).toHaveLength(3)
    expect(logger.warnings.join('\n')).toMatch(/skipped 10 corrupt records in all/)
    expect(await readFile(join(dir, 'status-000001.jsonl'), 'utf8')).toContain('garbage 9')
  })
})

describe('state entries that cannot be written as JSON', () => {
  it('a record nested too deeply is kept in a copy of the file it was read from; the note never holds it, so the state can still be written', async () => {
    const dir = await dirs.make()
    const file = join(dir, 'state.json')
    const text = `{"version":${STATE_VERSION},"chargingLibrary":{"deep":{"id":"deep","name":"D","profile":{"chargingSchedule":${deep(20_000)}}}}}`
    await writeFile(file, text)
    const logger = recordingLogger()
    const store = await StateStore.open({ file, logger })
    const [note] = store.read((data) => data.quarantine)
    expect(note).toMatchObject({ collection: 'chargingLibrary', key: 'deep', file: expect.stringMatching(/^quarantine\/.*-source-/) })
    expect(note!.reason).toMatch(/nested/)
    expect(note!.record).toBeUndefined()
    expect(await readFile(join(dir, note!.file!), 'utf8')).toBe(text)
    await store.flushNow()
    await store.close()
    expect(JSON.parse(await readFile(file, 'utf8')).chargingLibrary).toEqual({})
  })

  it('without a file to copy, only the note is kept, saying so', () => {
    let value: unknown = 1
    for (let i = 0; i < 20_000; i += 1) value = [value]
    const logger = recordingLogger()
    const [note] = setAside(undefined, [{ collection: 'x', key: 'k', reason: 'r', record: value }], logger)
    expect(note!.record).toBeUndefined()
    expect(note!.reason).toMatch(/nested too deeply .*only this note is kept/)
  })
})
