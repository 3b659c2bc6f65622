/**
 * Issue 17 §2: the worst schema-valid values a station can send (and a few a lenient CSMS lets
 * through) are answered correctly, and what the CSMS keeps and shows of them stays bounded.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { CallTask, ConfigurationSnapshot, LogEntry, LogPage, StationDetail, TransactionDetail } from '@shared/contract'
import type { Settings } from '../../../src/shared/contract/dto'
import type { DeepPartial } from '../../../src/main/storage'
import { startHarness, type Harness } from '../../support/csms-harness'
import type { ScriptedChargePoint } from '../../support/scripted-charge-point'
import { exchange } from '../../support/call-exchange'

const INT32_MAX = 2 ** 31 - 1
const SETTINGS: DeepPartial<Settings> = { ocpp: { fetchConfigurationAfterBoot: false, maxMessagesPerSecond: 0 } }
const now = () => new Date().toISOString()
const register = (value: string, unit: 'Wh' | 'kWh' = 'Wh', timestamp = now()) => ({ timestamp, sampledValue: [{ value, unit, measurand: 'Energy.Active.Import.Register' }] })

/** The finished task of one call the station answers. */
const answerNext = async (h: Harness, cp: ScriptedChargePoint, action: string, payload: unknown, answer: unknown, stationId: string): Promise<CallTask> =>
  (await exchange(h, cp, action, () => h.invoke<CallTask>('sendCall', { stationId, action, payload }), answer)).task

async function startTx(h: Harness, cp: ScriptedChargePoint, connectorId = 1, extra: Record<string, unknown> = {}): Promise<number> {
  const answer = await cp.call('StartTransaction', { connectorId, idTag: 'TAG-1', meterStart: 1000, timestamp: now(), ...extra })
  return (answer[2] as { transactionId: number }).transactionId
}

describe('every value a station sends is bounded', () => {
  const harnesses: Harness[] = []
  const dirs: string[] = []
  async function harness(settings: DeepPartial<Settings> = SETTINGS, extra: { dataDir?: string } = {}): Promise<Harness> {
    const h = await startHarness({ settings, ...(extra.dataDir ? { dataDir: extra.dataDir, inMemory: false } : {}) })
    harnesses.push(h)
    await h.invoke('upsertIdTag', { idTag: 'TAG-1', status: 'Accepted' })
    return h
  }
  afterEach(async () => {
    for (const h of harnesses.splice(0)) await h.stop().catch(() => undefined)
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
  })

  it('connectorId 2^31-1 in StatusNotification, StartTransaction and MeterValues is answered; beyond 128 connectors a station\u2019s are not all tracked, and that is recorded', async () => {
    const h = await harness()
    const cp = await h.booted('CP-CONN')
    expect((await cp.call('StatusNotification', { connectorId: INT32_MAX, status: 'Available', errorCode: 'NoError' }))[2]).toEqual({})
    const transactionId = await startTx(h, cp, INT32_MAX, { reservationId: INT32_MAX })
    expect(transactionId).toBeLessThan(1000)
    expect((await cp.call('MeterValues', { connectorId: INT32_MAX, meterValue: [register('1500')] }))[2]).toEqual({})
    expect((await h.invoke<TransactionDetail>('getTransaction', { transactionId })).meterValues).toHaveLength(1)
    for (let id = 1; id <= 140; id += 1) {
      expect((await cp.call('StatusNotification', { connectorId: id, status: 'Available', errorCode: 'NoError' }))[2]).toEqual({})
    }
    const detail = await h.invoke<StationDetail>('getStation', { stationId: 'CP-CONN' })
    expect(Object.keys(detail.connectors ?? {})).toHaveLength(128)
    expect(detail.connectors?.[String(INT32_MAX)]?.status).toBe('Available')
    expect(detail.recentViolations[0]?.violations[0]?.message).toMatch(/beyond the 128 connectors/)
    // Known connectors still update.
    await cp.call('StatusNotification', { connectorId: 1, status: 'Faulted', errorCode: 'GroundFailure' })
    expect((await h.invoke<StationDetail>('getStation', { stationId: 'CP-CONN' })).connectors?.['1']?.status).toBe('Faulted')
  })

  it('meter values of 1e308 kWh, "", "NaN" and "Infinity" never become the transaction\u2019s figures; the register stays finite', async () => {
    const h = await harness()
    const cp = await h.booted('CP-MV')
    const transactionId = await startTx(h, cp)
    await cp.call('MeterValues', { connectorId: 1, transactionId, meterValue: [register('2000')] })
    for (const value of ['1e308', '', 'NaN', 'Infinity', '-1e400', '0x10']) {
      expect((await cp.call('MeterValues', { connectorId: 1, transactionId, meterValue: [register(value, value === '1e308' ? 'kWh' : 'Wh')] }))[2]).toEqual({})
    }
    const detail = await h.invoke<TransactionDetail>('getTransaction', { transactionId })
    expect(detail.meter?.registerWh).toBe(2000)
    expect(detail.registerEnergyWh).toBe(1000)
    expect(detail.meterValues).toHaveLength(7) // every value is kept as sent
    // The stop's transactionData is read the same way: 1e308 kWh does not become the final register.
    const stop = await cp.call('StopTransaction', { transactionId, meterStop: 3000, timestamp: now(), transactionData: [register('1e308', 'kWh')] })
    expect(stop[0]).toBe(3)
    const stopped = await h.invoke<TransactionDetail>('getTransaction', { transactionId })
    expect(stopped.registerEnergyWh).toBe(1000)
    expect(stopped.energyWh).toBe(2000)
  })

  it('a reading stamped 9999-12-31 does not pin the live figures: later readings still update them', async () => {
    const h = await harness()
    const cp = await h.booted('CP-TIME')
    const transactionId = await startTx(h, cp)
    await cp.call('MeterValues', { connectorId: 1, transactionId, meterValue: [register('5000', 'Wh', '9999-12-31T23:59:59Z')] })
    await cp.call('MeterValues', { connectorId: 1, transactionId, meterValue: [register('4000', 'Wh', '0001-01-01T00:00:00Z')] })
    await cp.call('MeterValues', { connectorId: 1, transactionId, meterValue: [register('6000')] })
    const detail = await h.invoke<TransactionDetail>('getTransaction', { transactionId })
    expect(detail.meter?.registerWh).toBe(6000)
  })

  it('huge sampledValue arrays within the frame limit: stored, but a transaction\u2019s detail carries the newest 4 MiB and says how many older batches it left out', async () => {
    const h = await harness()
    const cp = await h.booted('CP-BIG')
    const transactionId = await startTx(h, cp)
    const sampledValue = Array.from({ length: 15_000 }, (_, i) => ({ value: String(i), measurand: 'Voltage', unit: 'V' })) // ~750 KB a frame
    for (let i = 0; i < 6; i += 1) {
      expect((await cp.call('MeterValues', { connectorId: 1, transactionId, meterValue: [{ timestamp: now(), sampledValue }] }))[2]).toEqual({})
    }
    const detail = await h.invoke<TransactionDetail>('getTransaction', { transactionId })
    expect(detail.meterValuesOmitted).toBeGreaterThan(0)
    expect(detail.meterValues.length + detail.meterValuesOmitted!).toBe(6)
    expect(JSON.stringify(detail.meterValues).length).toBeLessThanOrEqual(4 * 1024 * 1024)
    // The CSV export still has every value.
    expect((await h.invoke<{ count: number }>('exportMeterValuesCsv', { transactionId })).count).toBe(6 * 15_000)
  })

  it('a MeterValues transactionId of 1e300 is kept apart from transaction 1, also after a restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'csms-bounds-'))
    dirs.push(dataDir)
    let h = await harness(SETTINGS, { dataDir })
    const a = await h.booted('CP-A')
    const transactionId = await startTx(h, a)
    expect(transactionId).toBe(1)
    const b = await h.booted('CP-B')
    expect((await b.call('MeterValues', { connectorId: 1, transactionId: 1e300, meterValue: [register('1')] }))[2]).toEqual({})
    await h.stop()
    harnesses.splice(0)
    h = await harness(SETTINGS, { dataDir })
    const detail = await h.invoke<TransactionDetail>('getTransaction', { transactionId: 1 })
    expect(detail.meterValues.map((batch) => batch.stationId)).toEqual([])
  })

  it('GetConfiguration answered with 15,000 keys: the snapshot keeps 1,000 and says what it left out', async () => {
    const h = await harness()
    const cp = await h.booted('CP-CFG')
    const configurationKey = Array.from({ length: 15_000 }, (_, i) => ({ key: `K${i}`, readonly: false, value: 'x' })) // ~650 KB
    const task = await answerNext(h, cp, 'GetConfiguration', {}, { configurationKey, unknownKey: Array.from({ length: 2000 }, (_, i) => `U${i}`) }, 'CP-CFG')
    expect(task.state).toBe('answered')
    const snapshot = await h.invoke<ConfigurationSnapshot>('getConfigurationSnapshot', { stationId: 'CP-CFG' })
    expect(Object.keys(snapshot.keys)).toHaveLength(1000)
    expect(snapshot.unknownKeys).toHaveLength(1000)
    expect(snapshot.truncated?.join(' ')).toMatch(/14,000 more keys than the 1,000 kept/)
  })

  it('a DataTransfer with a megabyte of vendor data is answered UnknownVendorId; the log shows its start and size, the export has it whole', async () => {
    const h = await harness()
    const cp = await h.booted('CP-DT')
    const events: LogEntry[] = []
    const off = h.csms.bus.on('messagesLogged', (batch) => void events.push(...batch))
    const data = 'd'.repeat(1024 * 1024 - 1000)
    const answer = await cp.call('DataTransfer', { vendorId: 'v'.repeat(255), messageId: 'm'.repeat(50), data })
    expect(answer[2]).toEqual({ status: 'UnknownVendorId' })
    await expect.poll(() => events.some((e) => e.action === 'DataTransfer' && e.kind === 'CALL')).toBe(true)
    off()
    const live = events.find((e) => e.action === 'DataTransfer' && e.kind === 'CALL')!
    expect(live.payload).toBeUndefined()
    expect(live.payloadOmitted?.bytes).toBeGreaterThan(1024 * 1024 - 1000)
    expect(live.payloadOmitted?.preview.length).toBeLessThanOrEqual(2048)
    await h.csms.storage.messageLog.flush()
    const page = await h.invoke<LogPage>('queryLog', { stationId: 'CP-DT', action: 'DataTransfer' })
    const logged = page.entries.find((e) => e.kind === 'CALL')!
    expect(logged.payloadOmitted?.preview).toMatch(/^\{"vendorId":"vvvv/)
    expect(JSON.stringify(page).length).toBeLessThan(64 * 1024)
    const exported = await h.invoke<{ content: string }>('exportLog', { stationId: 'CP-DT', action: 'DataTransfer' })
    expect(exported.content).toContain(data)
  })

  it('a lenient CSMS keeps BootNotification and StatusNotification text only as long as the schema allows', async () => {
    const h = await harness({ ocpp: { fetchConfigurationAfterBoot: false, maxMessagesPerSecond: 0, lenient: true } })
    const cp = await h.connect('CP-LONG')
    const long = 'L'.repeat(200_000)
    const boot = await cp.call('BootNotification', { chargePointVendor: long, chargePointModel: 'M', firmwareVersion: long })
    expect((boot[2] as { status: string }).status).toBe('Accepted')
    await cp.call('StatusNotification', { connectorId: 1, status: 'Faulted', errorCode: 'OtherError', info: long, vendorId: long, vendorErrorCode: long })
    const detail = await h.invoke<StationDetail>('getStation', { stationId: 'CP-LONG' })
    expect(detail.boot?.chargePointVendor).toHaveLength(20)
    expect(detail.boot?.firmwareVersion).toHaveLength(50)
    expect(detail.connectors?.['1']?.info).toHaveLength(50)
    expect(detail.connectors?.['1']?.vendorId).toHaveLength(255)
    expect(JSON.stringify(detail).length).toBeLessThan(20_000)
  })

  it('a station reporting listVersion 2^31-1: the CSMS refuses to number a new list past 32 bits and says how to go on', async () => {
    const h = await harness()
    const cp = await h.booted('CP-LV')
    await answerNext(h, cp, 'GetLocalListVersion', {}, { listVersion: INT32_MAX }, 'CP-LV')
    const refused = await h.http('sendLocalList', { stationIds: ['CP-LV'], updateType: 'Full', entries: [{ idTag: 'TAG-1', idTagInfo: { status: 'Accepted' } }] })
    expect(refused.status).toBe(400)
    expect(JSON.stringify(refused.body)).toMatch(/listVersion 2147483647.*Type a listVersion/)
    // With a typed version it goes out.
    const incoming = cp.nextCall('SendLocalList')
    await h.invoke('sendLocalList', { stationIds: ['CP-LV'], updateType: 'Full', listVersion: 1, entries: [{ idTag: 'TAG-1', idTagInfo: { status: 'Accepted' } }] })
    expect(((await incoming)[3] as { listVersion: number }).listVersion).toBe(1)
  })

  it('StopTransaction for transactionId 2^31-1 is acknowledged and listed as an orphan; the next start gets a small id', async () => {
    const h = await harness()
    const cp = await h.booted('CP-ORPHAN')
    const stop = await cp.call('StopTransaction', { transactionId: INT32_MAX, meterStop: 1e15, timestamp: '9999-12-31T23:59:59Z', transactionData: [register('1e308', 'kWh', '0001-01-01T00:00:00Z')] })
    expect(stop[0]).toBe(3)
    const page = await h.invoke<{ items: { transactionId: number; orphan?: boolean }[] }>('listTransactions', { stationId: 'CP-ORPHAN' })
    expect(page.items).toEqual([expect.objectContaining({ transactionId: INT32_MAX, orphan: true })])
    expect(await startTx(h, cp)).toBeLessThan(1000)
  })

  it('a station answering the CSMS\u2019s DataTransfer with a megabyte of data: the task is kept and listed with its status and size, not the megabyte, also after a restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'csms-bounds-'))
    dirs.push(dataDir)
    let h = await harness(SETTINGS, { dataDir })
    const cp = await h.booted('CP-DTA')
    const updates: CallTask[] = []
    const off = h.csms.bus.on('taskUpdated', (t) => void updates.push(t))
    const data = 'a'.repeat(1024 * 1024 - 500)
    const task = await answerNext(h, cp, 'DataTransfer', { vendorId: 'com.acme' }, { status: 'Accepted', data }, 'CP-DTA')
    off()
    expect(task.state).toBe('answered')
    const announced = updates.filter((t) => t.id === task.id && t.state === 'answered')
    expect(announced.length).toBeGreaterThan(0)
    for (const t of announced) {
      expect(t.response).toEqual({ status: 'Accepted' })
      expect(t.responseOmitted?.bytes).toBeGreaterThan(1024 * 1024 - 500)
    }
    const listed = (await h.invoke<CallTask[]>('listTasks', { stationId: 'CP-DTA' })).find((t) => t.id === task.id)!
    expect(JSON.stringify(listed).length).toBeLessThan(8 * 1024)
    await h.stop()
    harnesses.splice(0)
    h = await harness(SETTINGS, { dataDir })
    const restored = (await h.invoke<CallTask[]>('listTasks', { stationId: 'CP-DTA' })).find((t) => t.id === task.id)!
    expect(restored.response).toEqual({ status: 'Accepted' })
    expect(JSON.stringify(restored).length).toBeLessThan(8 * 1024)
  })
})
