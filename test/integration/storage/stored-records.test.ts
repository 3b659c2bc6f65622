/**
 * Issue 18 §2: nothing stored can break a view or a start. Records an older version, a hand edit
 * or a bug left in the data folder (a task nested thousands deep, a transaction with a string
 * meterStart, meter values that are not a list, a numeric status, a line of garbage, state entries
 * of the wrong shape) are checked again when they are read: each is moved to quarantine with a
 * warning, start-up continues, and every list and view answers 200 with the good records and says
 * what it left out.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { QuarantineNote } from '@shared/contract/charging-dto'
import type { CallTask, ConnectorStatus, LogPage, StationDetail, StationSummary, TransactionDetail, TransactionPage } from '@shared/contract/dto'
import { startHarness, type Harness } from '../../support/csms-harness'
import { BAD, corrupt, seed, type Seeded } from './stored-records-fixtures'

function recording() {
  const warnings: string[] = []
  const errors: string[] = []
  return { warnings, errors, logger: { info: () => undefined, warn: (m: string) => void warnings.push(String(m)), error: (m: string) => void errors.push(String(m)) } }
}

async function quarantineFiles(dataDir: string): Promise<Map<string, Buffer>> {
  const dir = join(dataDir, 'quarantine')
  const files = new Map<string, Buffer>()
  for (const name of await readdir(dir).catch(() => [] as string[])) files.set(name, await readFile(join(dir, name)))
  return files
}

async function ok<T>(h: Harness, command: string, args: unknown = {}): Promise<T> {
  const answer = await h.http(command, args)
  expect(answer.status, `${command} answered ${JSON.stringify(answer.body)?.slice(0, 300)}`).toBe(200)
  return answer.body as T
}

describe('stored records of any shape, after a restart', () => {
  let dataDir: string
  let seeded: Seeded
  let h: Harness
  let log: ReturnType<typeof recording>
  let badLines: string[]

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'csms-stored-'))
    seeded = await seed(dataDir)
    const before = new Set(await Promise.all(['tasks/tasks-000001.jsonl', 'transactions/transactions-000001.jsonl', 'status-history/status-000001.jsonl', 'message-log/messages-000001.jsonl'].map((f) => readFile(join(dataDir, f), 'utf8'))))
    await corrupt(dataDir, seeded)
    badLines = []
    for (const file of ['tasks/tasks-000001.jsonl', 'transactions/transactions-000001.jsonl', 'status-history/status-000001.jsonl', 'message-log/messages-000001.jsonl']) {
      const text = await readFile(join(dataDir, file), 'utf8')
      const old = [...before].find((b) => text.startsWith(b)) ?? ''
      badLines.push(...text.slice(old.length).split('\n').filter((line) => line.length > 0 && !line.includes(`"seq":${BAD.deepLogSeq}`)))
    }
    log = recording()
    h = await startHarness({ dataDir, inMemory: false, logger: log.logger })
  }, 60_000)

  afterAll(async () => {
    await h?.stop()
    await rm(dataDir, { recursive: true, force: true })
  })

  it('start-up succeeds and warns of every record it moved to quarantine', () => {
    const text = log.warnings.join('\n')
    for (const where of ['tasks', 'transactions', 'status', 'messages', 'reservations', 'firmwareFiles', 'diagnosticsUploads', 'idTags', 'stations', 'configurations', 'fileStatus', 'chargingLibrary']) {
      expect(text, `no warning names ${where}`).toMatch(new RegExp(`${where}[^\\n]*quarantine|quarantine[^\\n]*${where}`))
    }
  })

  it('the quarantine folder keeps each journal line byte for byte, and each state entry', async () => {
    const files = [...(await quarantineFiles(dataDir)).values()]
    for (const line of badLines) expect(files.some((bytes) => bytes.includes(Buffer.from(line))), `no quarantine file holds ${line.slice(0, 80)}`).toBe(true)
    const text = files.map((bytes) => bytes.toString('utf8')).join('\n')
    for (const key of ['bad-reservation', 'fw-bad', 'up-bad', 'TAG-BAD', 'CP-BROKEN', 'deep-profile']) expect(text).toContain(key)
  })

  it('the command history answers 200 with the good tasks only', async () => {
    const tasks = await ok<CallTask[]>(h, 'listTasks', {})
    expect(tasks.map((t) => t.id)).toContain(seeded.taskId)
    expect(tasks.map((t) => t.id)).not.toContain(BAD.deepTask)
    expect(tasks.map((t) => t.id)).not.toContain(BAD.typedTask)
  })

  it('transactions: the list answers the good ones and says it skipped two; the detail and the CSV leave out the bad meter values and say so', async () => {
    const page = await ok<TransactionPage>(h, 'listTransactions', {})
    expect(page.items.map((t) => t.transactionId)).toEqual([seeded.transactionId])
    expect(page.skipped).toBe(2)
    expect((await ok<TransactionPage>(h, 'listTransactions', { stationId: 'CP-A' })).skipped).toBe(2)
    expect((await ok<TransactionPage>(h, 'listTransactions', { stationId: 'CP-B' })).skipped ?? 0).toBe(0)
    const detail = await ok<TransactionDetail>(h, 'getTransaction', { transactionId: seeded.transactionId })
    expect(detail.meterValues).toHaveLength(1)
    expect(detail.meterValuesSkipped).toBe(1)
    expect(detail.meter?.registerWh).toBe(1500)
    const csv = await ok<{ count: number }>(h, 'exportMeterValuesCsv', { transactionId: seeded.transactionId })
    expect(csv.count).toBe(1)
    await ok(h, 'exportTransactionsCsv', {})
  })

  it('the status history answers 200 with statuses that are words', async () => {
    const statuses = await ok<ConnectorStatus[]>(h, 'getStatusHistory', { stationId: 'CP-A' })
    expect(statuses.length).toBeGreaterThan(0)
    for (const status of statuses) expect(typeof status.status).toBe('string')
  })

  it('the message log answers 200, leaves out the entry it cannot show and says so; the export carries only sound entries', async () => {
    const page = await ok<LogPage>(h, 'queryLog', { stationId: 'CP-A' })
    expect(page.entries.length).toBeGreaterThan(0)
    expect(page.entries.map((e) => e.seq)).not.toContain(BAD.deepLogSeq)
    expect(page.skipped).toBe(1)
    const exported = await ok<{ content: string; count: number }>(h, 'exportLog', {})
    expect(exported.content).not.toContain(BAD.garbageLogLine)
    expect(exported.count).toBeGreaterThan(0)
    expect(exported.content.split('\n').filter(Boolean).every((line) => !line.includes(`"seq":${BAD.deepLogSeq}`))).toBe(true)
  })

  it('every list of the state answers 200 with its good records', async () => {
    expect((await ok<{ reservationId: number }[]>(h, 'listReservations', {})).map((r) => r.reservationId)).not.toContain(77)
    expect((await ok<{ name: string }[]>(h, 'listFirmwareFiles', {})).map((f) => f.name)).toEqual(['good.bin'])
    expect(await ok<unknown[]>(h, 'listDiagnosticsUploads', {})).toEqual([])
    expect((await ok<{ idTag: string }[]>(h, 'listIdTags', {})).map((t) => t.idTag)).toEqual(['TAG-1', 'TAG-2'])
    expect((await ok<StationSummary[]>(h, 'listStations', {})).map((s) => s.id)).toEqual(['CP-A', 'CP-B'])
    expect((await ok<{ name: string }[]>(h, 'listChargingProfiles', {})).map((p) => p.name)).toEqual(['Good profile'])
    expect((await ok<{ name: string }[]>(h, 'listAuthLists', {})).map((l) => l.name)).toEqual(['Good list'])
  })

  it("the station's pages load, and its detail says which of its records were moved aside", async () => {
    const detail = await ok<StationDetail & { quarantined?: QuarantineNote[] }>(h, 'getStation', { stationId: 'CP-A' })
    const collections = (detail.quarantined ?? []).map((note) => note.collection)
    for (const collection of ['tasks', 'transactions', 'status', 'configurations', 'fileStatus']) expect(collections.join(' ')).toContain(collection)
    for (const note of detail.quarantined ?? []) expect(note.reason.length).toBeGreaterThan(0)
    const snapshot = await ok<{ keys: Record<string, unknown> }>(h, 'getConfigurationSnapshot', { stationId: 'CP-A' })
    expect(Object.keys(snapshot.keys)).toEqual([])
    await ok(h, 'getStationLocalList', { stationId: 'CP-A' })
    const files = await ok<{ firmware: { history: unknown[] } }>(h, 'getStationFileStatus', { stationId: 'CP-A' })
    expect(files.firmware.history).toEqual([])
    await ok(h, 'getChargingView', { stationId: 'CP-A' })
    await ok(h, 'getStation', { stationId: 'CP-B' })
  })

  it('a second restart finds the same records already in quarantine: no second copy, start-up as clean', async () => {
    const before = await quarantineFiles(dataDir)
    await h.stop()
    log = recording()
    h = await startHarness({ dataDir, inMemory: false, logger: log.logger })
    const after = await quarantineFiles(dataDir)
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort())
    expect((await ok<TransactionPage>(h, 'listTransactions', {})).skipped).toBe(2)
    await ok(h, 'listTasks', {})
  })
})
