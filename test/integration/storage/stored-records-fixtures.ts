/**
 * A data folder with good records of every kind, made by a real CSMS and real stations, and the
 * malformed records a test writes straight into its files (as an older version, a hand edit or a
 * bug could have left them).
 */
import { appendFile, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { CallTask } from '@shared/contract/dto'
import { startHarness, type Harness } from '../../support/csms-harness'
import type { ScriptedChargePoint } from '../../support/scripted-charge-point'

export const at = (minutes: number): string => new Date(Date.UTC(2026, 0, 1, 10, minutes)).toISOString()

/** JSON text nested `depth` levels deep: parsed fine, but JSON.stringify and recursive code overflow on it. */
export const deepJson = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`
export const DEEP = 20_000

export interface Seeded {
  transactionId: number
  taskId: string
}

async function answered(h: Harness, cp: ScriptedChargePoint, action: string, payload: unknown, answer: unknown): Promise<CallTask> {
  const incoming = cp.nextCall(action)
  const task = await h.invoke<CallTask>('sendCall', { stationId: cp.identity, action, payload })
  cp.answer(await incoming, answer)
  await expectFinished(h, task.id)
  return task
}

async function expectFinished(h: Harness, id: string): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    const tasks = await h.invoke<CallTask[]>('listTasks', {})
    if (tasks.some((t) => t.id === id && t.finishedAt)) return
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error(`task ${id} never finished`)
}

/** Runs a CSMS on `dataDir` once: two stations, a transaction with meter values, statuses, tasks, id tags, a reservation, a local list, a firmware file, a configuration. */
export async function seed(dataDir: string): Promise<Seeded> {
  const h = await startHarness({ dataDir, inMemory: false })
  try {
    await h.invoke('upsertIdTag', { idTag: 'TAG-1', status: 'Accepted' })
    await h.invoke('upsertIdTag', { idTag: 'TAG-2', status: 'Accepted' })
    const a = await h.booted('CP-A')
    await h.booted('CP-B')
    await a.call('StatusNotification', { connectorId: 1, status: 'Available', errorCode: 'NoError' })
    const started = await a.call('StartTransaction', { connectorId: 1, idTag: 'TAG-1', meterStart: 1000, timestamp: at(0) })
    const transactionId = (started[2] as { transactionId: number }).transactionId
    await a.call('MeterValues', { connectorId: 1, transactionId, meterValue: [{ timestamp: at(5), sampledValue: [{ value: '1500', measurand: 'Energy.Active.Import.Register', unit: 'Wh' }] }] })
    await a.call('StopTransaction', { transactionId, meterStop: 2000, timestamp: at(10) })
    const task = await answered(h, a, 'GetConfiguration', {}, { configurationKey: [{ key: 'SendLocalListMaxLength', readonly: true, value: '10' }, { key: 'LocalAuthListMaxLength', readonly: true, value: '100' }] })
    await answered(h, a, 'GetLocalListVersion', {}, { listVersion: 0 })
    const reserve = a.nextCall('ReserveNow')
    await h.invoke('reserveNow', { stationId: 'CP-A', connectorId: 1, idTag: 'TAG-2', expiryDate: new Date(Date.now() + 3_600_000).toISOString() })
    a.answer(await reserve, { status: 'Accepted' })
    await h.invoke('uploadFirmwareFile', { name: 'good.bin', contentBase64: Buffer.from('firmware').toString('base64') })
    await h.invoke('saveChargingProfile', { name: 'Good profile', profile: { stackLevel: 0, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Absolute', chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] } } })
    await h.invoke('saveAuthList', { name: 'Good list', entries: [{ idTag: 'TAG-1', idTagInfo: { status: 'Accepted' } }] })
    await h.csms.storage.flush()
    return { transactionId, taskId: task.id }
  } finally {
    await h.stop()
  }
}

async function lines(file: string): Promise<string[]> {
  return (await readFile(file, 'utf8')).split('\n').filter((line) => line.length > 0)
}

async function appendLines(file: string, added: string[]): Promise<void> {
  await appendFile(file, added.map((line) => `${line}\n`).join(''))
}

/** The malformed records written into the data folder, by where they went. */
export const BAD = {
  deepTask: 'deep-task',
  typedTask: 'typed-task',
  stringMeterStart: 900_001,
  numberIdTag: 900_002,
  garbageLogLine: 'this is not a log entry {{{',
  deepLogSeq: 9_999_999,
} as const

/** Writes one malformed record of each kind into the files of `dataDir` (the CSMS is stopped). */
export async function corrupt(dataDir: string, seeded: Seeded): Promise<void> {
  // Command history: a task whose answer is nested thousands deep, one whose state and times are numbers.
  const taskFile = join(dataDir, 'tasks', 'tasks-000001.jsonl')
  const good = JSON.parse((await lines(taskFile)).find((line) => line.includes(seeded.taskId))!) as CallTask
  const { response: _response, ...rest } = good
  await appendLines(taskFile, [`${JSON.stringify({ ...rest, id: BAD.deepTask }).slice(0, -1)},"response":${deepJson(DEEP)}}`, JSON.stringify({ ...good, id: BAD.typedTask, state: 42, createdAt: 7 })])

  // Transactions: a start whose meterStart is a string, one whose idTag is a number.
  const start = (transactionId: number, change: Record<string, unknown>) =>
    JSON.stringify({ type: 'start', record: { transactionId, stationId: 'CP-A', connectorId: 2, idTag: 'TAG-1', meterStart: 0, timestamp: at(20), idTagInfo: { status: 'Accepted' }, receivedAt: at(20), ...change } })
  await appendLines(join(dataDir, 'transactions', 'transactions-000001.jsonl'), [start(BAD.stringMeterStart, { meterStart: '12' }), start(BAD.numberIdTag, { idTag: 5 })])

  // Meter values: a batch of the seeded transaction whose meterValue is not a list.
  await appendLines(join(dataDir, 'meter-values', 'meter-values-000001.jsonl'), [
    JSON.stringify({ stationId: 'CP-A', connectorId: 1, transactionId: seeded.transactionId, source: 'MeterValues', receivedAt: at(6), meterValue: 'not a list' }),
  ])

  // Status history: a status that is a number.
  await appendLines(join(dataDir, 'status-history', 'status-000001.jsonl'), [JSON.stringify({ seq: 1_000_000, stationId: 'CP-A', connectorId: 1, status: 5, errorCode: 'NoError', receivedAt: at(30) })])

  // Message log: a line of garbage, and an entry with a sound header whose payload is nested thousands deep.
  await appendLines(join(dataDir, 'message-log', 'messages-000001.jsonl'), [
    BAD.garbageLogLine,
    `{"seq":${BAD.deepLogSeq},"time":"${at(40)}","stationId":"CP-A","direction":"in","kind":"CALL","action":"DataTransfer","payload":${deepJson(DEEP)}}`,
  ])

  // The state: an entry of the wrong shape in sections the views sort, format or compute with.
  const stateFile = join(dataDir, 'state.json')
  const state = JSON.parse(await readFile(stateFile, 'utf8')) as Record<string, Record<string, Record<string, unknown>>>
  const firstOf = (section: string) => Object.values(state[section]!)[0]!
  state.reservations!['bad-reservation'] = { ...firstOf('reservations'), reservationId: 77, createdAt: undefined as never }
  state.firmwareFiles!['fw-bad'] = { id: 'fw-bad', name: 'bad.bin', size: 'big' }
  state.diagnosticsUploads = { 'up-bad': { id: 'up-bad', stationId: 'CP-A', path: 'CP-A/x.txt', fileName: 'x.txt' } }
  state.idTags!['TAG-BAD'] = { idTag: 'TAG-BAD', status: 'Accepted', createdAt: 12, updatedAt: at(0) }
  state.stations!['CP-BROKEN'] = { id: 'CP-BROKEN', firstSeen: at(0), everAccepted: true, overrides: {}, violationCount: 0, connectors: 'not a map' }
  const snapshot = state.configurations!['CP-A'] as { keys: Record<string, Record<string, unknown>> }
  snapshot.keys.SendLocalListMaxLength!.value = 10
  state.fileStatus!['CP-A'] = { stationId: 'CP-A', firmware: { history: 'not a list' }, diagnostics: { history: [] } }
  const text = JSON.stringify(state)
  // A library profile nested thousands deep (written as text: JSON.stringify cannot make it).
  await writeFile(stateFile, text.replace('"chargingLibrary":{', `"chargingLibrary":{"deep-profile":{"id":"deep-profile","name":"Deep","profile":{"chargingSchedule":${deepJson(DEEP)}},"createdAt":"${at(0)}","updatedAt":"${at(0)}"},`))
}
