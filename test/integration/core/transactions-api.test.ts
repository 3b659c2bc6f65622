import Papa from 'papaparse'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { TransactionDetail, TransactionPage, TransactionSummary } from '@shared/contract/dto'
import { startHarness, type Harness } from '../../support/csms-harness'
import type { ScriptedChargePoint } from '../../support/scripted-charge-point'

const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 10, minutes)).toISOString()
const register = (timestamp: string, wh: number, powerW?: number) => ({
  timestamp,
  sampledValue: [{ value: String(wh), measurand: 'Energy.Active.Import.Register', unit: 'Wh' }, ...(powerW !== undefined ? [{ value: String(powerW), measurand: 'Power.Active.Import', unit: 'W' }] : [])],
})

describe('transactions through the API', () => {
  let h: Harness
  let cp: ScriptedChargePoint
  beforeEach(async () => {
    h = await startHarness()
    await h.invoke('upsertIdTag', { idTag: 'TAG-001', status: 'Accepted' })
    cp = await h.booted('CP-TXAPI')
  })
  afterEach(async () => h.stop())

  async function start(connectorId = 1, meterStart = 1000, idTag = 'TAG-001'): Promise<number> {
    const answer = await cp.call('StartTransaction', { connectorId, idTag, meterStart, timestamp: at(0) })
    return (answer[2] as { transactionId: number }).transactionId
  }

  it('lists running and finished transactions with energy, duration and stop reason, newest first', async () => {
    const first = await start(1, 1000)
    await cp.call('StopTransaction', { transactionId: first, meterStop: 8500, timestamp: at(45), reason: 'EVDisconnected' })
    const second = await start(2, 20_000)
    const page = await h.invoke<TransactionPage>('listTransactions', {})
    expect(page.total).toBe(2)
    expect(page.items.map((t) => t.transactionId)).toEqual([second, first])
    expect(page.items[1]).toMatchObject({ active: false, energyWh: 7500, durationSec: 45 * 60, stop: { reason: 'EVDisconnected', meterStop: 8500 } })
    expect(page.items[0]).toMatchObject({ active: true, connectorId: 2, idTagInfo: { status: 'Accepted' } })
    expect((await h.invoke<TransactionPage>('listTransactions', { active: true })).items.map((t) => t.transactionId)).toEqual([second])
    expect((await h.invoke<TransactionPage>('listTransactions', { stationId: 'nobody' })).total).toBe(0)
  })

  it('MeterValues keep a running transaction live: energy so far and power, pushed as transactionUpdated', async () => {
    const events: TransactionSummary[] = []
    h.csms.bus.on('transactionUpdated', (summary) => void events.push(summary))
    const id = await start(1, 1000)
    expect(events.at(-1)).toMatchObject({ transactionId: id, active: true })
    await cp.call('MeterValues', { connectorId: 1, transactionId: id, meterValue: [register(at(5), 1800, 7100)] })
    await cp.call('MeterValues', { connectorId: 1, transactionId: id, meterValue: [register(at(10), 2400, 7300)] })
    await expect.poll(() => events.at(-1)?.meter?.registerWh, { timeout: 3000 }).toBe(2400)
    // Several samples within a second reach clients as one update.
    expect(events.filter((e) => e.meter !== undefined)).toHaveLength(1)
    expect(events.at(-1)).toMatchObject({ registerEnergyWh: 1400, meter: { powerW: 7300 } })
    const stopped = cp.call('StopTransaction', { transactionId: id, meterStop: 2500, timestamp: at(12) })
    await stopped
    expect(events.at(-1)).toMatchObject({ active: false, energyWh: 1500, registerEnergyWh: 1400 })
  })

  it('getTransaction answers every meter value of the transaction, also those sent without a transactionId on its connector', async () => {
    const id = await start(1, 1000)
    await cp.call('MeterValues', { connectorId: 1, transactionId: id, meterValue: [register(at(5), 1800)] })
    await cp.call('MeterValues', { connectorId: 1, meterValue: [register(at(6), 1900)] })
    await cp.call('MeterValues', { connectorId: 0, meterValue: [register(at(6), 99_999)] })
    await cp.call('StopTransaction', { transactionId: id, meterStop: 2000, timestamp: at(7), transactionData: [register(at(7), 2000)] })
    const detail = await h.invoke<TransactionDetail>('getTransaction', { transactionId: id })
    expect(detail.meterValues.map((b) => [b.source, b.meterValue[0]!.sampledValue[0]!.value, b.linkedByConnector ?? false])).toEqual([
      ['MeterValues', '1800', false],
      ['MeterValues', '1900', true],
      ['StopTransaction', '2000', false],
    ])
    expect(detail).toMatchObject({ energyWh: 1000, registerEnergyWh: 1000 })
    await expect(h.invoke('getTransaction', { transactionId: 987_654 })).rejects.toMatchObject({ code: 'NotFound' })
  })

  it('exports all transactions and one transaction’s meter values as CSV over HTTP', async () => {
    const id = await start(1, 1000)
    await cp.call('MeterValues', { connectorId: 1, transactionId: id, meterValue: [{ timestamp: at(5), sampledValue: [{ value: '1.9', unit: 'kWh' }, { value: '16.2', measurand: 'Current.Import', unit: 'A', phase: 'L1' }] }] })
    await cp.call('StopTransaction', { transactionId: id, meterStop: 2000, timestamp: at(7), reason: 'Local' })
    await cp.call('StopTransaction', { transactionId: -1, meterStop: 5, timestamp: at(8) })

    const all = await h.http('exportTransactionsCsv', {})
    expect(all.status).toBe(200)
    const body = all.body as { fileName: string; content: string; count: number }
    expect(body.fileName).toMatch(/^transactions-.*\.csv$/)
    expect(body.count).toBe(2)
    const rows = Papa.parse<Record<string, string>>(body.content.trim(), { header: true }).data
    expect(rows.map((r) => [r.transactionId, r.orphan, r.energyWh])).toEqual([['-1', 'true', ''], [String(id), 'false', '1000']])

    const values = (await h.http('exportMeterValuesCsv', { transactionId: id })).body as { content: string; count: number }
    expect(values.count).toBe(2)
    const sampled = Papa.parse<Record<string, string>>(values.content.trim(), { header: true }).data
    expect(sampled).toEqual([
      expect.objectContaining({ measurand: 'Energy.Active.Import.Register', unit: 'kWh', value: '1.9', context: 'Sample.Periodic' }),
      expect.objectContaining({ measurand: 'Current.Import', unit: 'A', phase: 'L1', value: '16.2' }),
    ])
    expect((await h.http('exportMeterValuesCsv', { transactionId: 555 })).status).toBe(404)
  })

  it('refuses a bad filter with a message naming it', async () => {
    const answer = await h.http('listTransactions', { limit: 0 })
    expect(answer.status).toBe(400)
    expect(JSON.stringify(answer.body)).toMatch(/limit/)
  })

  async function startOn(station: ScriptedChargePoint, connectorId: number, meterStart: number, minutes = 0): Promise<{ transactionId: number; status: string }> {
    const answer = (await station.call('StartTransaction', { connectorId, idTag: 'TAG-001', meterStart, timestamp: at(minutes) }))[2] as { transactionId: number; idTagInfo: { status: string } }
    return { transactionId: answer.transactionId, status: answer.idTagInfo.status }
  }

  // Issue 20 §4: transactions the station never stopped.
  it('a second StartTransaction on a connector ends the first (its stop was lost); the same tag is Accepted there', async () => {
    const first = await startOn(cp, 1, 1000)
    const second = await startOn(cp, 1, 2500, 30)
    expect(second.status).toBe('Accepted')
    const page = await h.invoke<TransactionPage>('listTransactions', { stationId: 'CP-TXAPI' })
    expect(page.items.find((t) => t.transactionId === first.transactionId)).toMatchObject({
      active: false,
      energyWh: 1500,
      stop: { reason: 'Other', timestamp: at(30), closedBy: { by: 'newStart', transactionId: second.transactionId } },
    })
    expect((await h.invoke<TransactionPage>('listTransactions', { active: true })).items.map((t) => t.transactionId)).toEqual([second.transactionId])
  })

  it('closeTransaction closes a running one for the operator; the tag is no longer ConcurrentTx elsewhere', async () => {
    const tx = await startOn(cp, 1, 1000)
    const other = await h.booted('CP-OTHER')
    expect((await startOn(other, 1, 50)).status).toBe('ConcurrentTx')
    const closed = await h.http('closeTransaction', { transactionId: tx.transactionId, note: 'charger swapped', meterStop: 4200 })
    expect(closed.status).toBe(200)
    expect(closed.body as TransactionSummary).toMatchObject({ active: false, energyWh: 3200, stop: { reason: 'Other', meterStop: 4200, closedBy: { by: 'operator', note: 'charger swapped' } } })
    expect((await startOn(other, 2, 60)).status).toBe('Accepted')
  })

  it('refuses with what to do: an unknown id (404), a stopped one (409), a meter value below meterStart (400), a wrong argument (400)', async () => {
    const tx = await startOn(cp, 1, 1000)
    const unknown = await h.http('closeTransaction', { transactionId: 424242 })
    expect(unknown.status).toBe(404)
    expect(JSON.stringify(unknown.body)).toContain('nothing to close')
    const below = await h.http('closeTransaction', { transactionId: tx.transactionId, meterStop: 10 })
    expect(below.status).toBe(400)
    expect(JSON.stringify(below.body)).toContain('at least 1000 Wh')
    expect((await h.http('closeTransaction', { transactionId: String(tx.transactionId) })).status).toBe(400)
    await cp.call('StopTransaction', { transactionId: tx.transactionId, meterStop: 1800, timestamp: at(20) })
    const stopped = await h.http('closeTransaction', { transactionId: tx.transactionId })
    expect(stopped.status).toBe(409)
    expect(JSON.stringify(stopped.body)).toContain('already stopped')
    expect((await h.invoke<TransactionPage>('listTransactions', {})).items[0]?.stop).toMatchObject({ meterStop: 1800 })
  })
})
