import Papa from 'papaparse'
import { describe, expect, it } from 'vitest'
import { meterValuesCsv, transactionsCsv, TRANSACTION_CSV_COLUMNS } from '../../../src/main/services/transaction-csv'
import { toSummary } from '../../../src/main/services/transaction-view'
import type { TransactionRecord } from '../../../src/main/storage/transaction-store'

const started: TransactionRecord = {
  transactionId: 7,
  stationId: 'CP1',
  connectorId: 2,
  idTag: 'TAG-1',
  meterStart: 1000,
  timestamp: '2026-01-01T10:00:00+01:00',
  idTagInfo: { status: 'Accepted', parentIdTag: 'FLEET' },
  receivedAt: '2026-01-01T09:00:00.100Z',
}
const stopped: TransactionRecord = {
  ...started,
  stop: { meterStop: 13_500, registerWh: 13_400, timestamp: '2026-01-01T10:30:15Z', reason: 'EVDisconnected', idTag: 'TAG-1', receivedAt: '2026-01-01T10:30:16.000Z' },
}

describe('transaction summary', () => {
  it('a running transaction: no energy or duration yet, the live register gives energy so far', () => {
    const summary = toSummary(started, { registerWh: 4000, registerAt: '2026-01-01T09:10:00Z', powerW: 7000, powerAt: '2026-01-01T09:10:00Z' })
    expect(summary).toMatchObject({ active: true, startTimestamp: '2026-01-01T10:00:00+01:00', registerEnergyWh: 3000, meter: { powerW: 7000 } })
    expect(summary.energyWh).toBeUndefined()
    expect(summary.durationSec).toBeUndefined()
  })

  it('a stopped transaction: energy = meterStop − meterStart, duration from the timestamps as sent (any offset)', () => {
    const summary = toSummary(stopped)
    expect(summary).toMatchObject({ active: false, energyWh: 12_500, registerEnergyWh: 12_400, durationSec: 90 * 60 + 15, stop: { reason: 'EVDisconnected' } })
  })

  it('an orphan stop has no energy, duration or register figures', () => {
    const orphan: TransactionRecord = { ...stopped, transactionId: -1, orphan: true, meterStart: 0, idTagInfo: { status: 'Invalid' } }
    const summary = toSummary(orphan)
    expect(summary.orphan).toBe(true)
    expect(summary.energyWh).toBeUndefined()
    expect(summary.durationSec).toBeUndefined()
    expect(summary.registerEnergyWh).toBeUndefined()
  })
})

describe('transactions and meter values as CSV', () => {
  it('one row per transaction under a fixed header; quoting survives a round trip', () => {
    const tricky = { ...stopped, transactionId: 8, idTag: 'A,"B"' }
    const csv = transactionsCsv([toSummary(stopped), toSummary(started), toSummary(tricky)])
    const parsed = Papa.parse<Record<string, string>>(csv.trim(), { header: true })
    expect(parsed.meta.fields).toEqual([...TRANSACTION_CSV_COLUMNS])
    expect(parsed.data).toHaveLength(3)
    expect(parsed.data[0]).toMatchObject({ transactionId: '7', energyWh: '12500', durationSec: '5415', stopReason: 'EVDisconnected', active: 'false', parentIdTag: 'FLEET' })
    expect(parsed.data[1]).toMatchObject({ active: 'true', stopTimestamp: '', energyWh: '' })
    expect(parsed.data[2]!.idTag).toBe('A,"B"')
  })

  it('meter values: one row per sampled value with the OCPP defaults filled in', () => {
    const csv = meterValuesCsv([
      {
        stationId: 'CP1',
        connectorId: 2,
        transactionId: 7,
        source: 'MeterValues',
        receivedAt: '2026-01-01T09:05:00.000Z',
        meterValue: [{ timestamp: '2026-01-01T09:05:00Z', sampledValue: [{ value: '1200' }, { value: '16', measurand: 'Current.Import', unit: 'A', phase: 'L2' }] }],
      },
    ])
    const rows = Papa.parse<Record<string, string>>(csv.trim(), { header: true }).data
    expect(rows).toEqual([
      expect.objectContaining({ measurand: 'Energy.Active.Import.Register', unit: 'Wh', context: 'Sample.Periodic', format: 'Raw', location: 'Outlet', phase: '', value: '1200' }),
      expect.objectContaining({ measurand: 'Current.Import', unit: 'A', phase: 'L2', value: '16' }),
    ])
  })
})
