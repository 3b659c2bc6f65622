import Papa from 'papaparse'
import { describe, expect, it } from 'vitest'
import type { MeterValueBatch, TransactionSummary } from '@shared/contract/dto'
import { meterValuesCsv, transactionsCsv } from '../../../src/main/services/transaction-csv'

const rows = (csv: string) => Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true }).data

const transaction: TransactionSummary = {
  transactionId: 7,
  stationId: '@CP-1',
  connectorId: 1,
  idTag: '=cmd|\'/C calc\'!A0',
  idTagInfo: { status: 'Accepted', parentIdTag: '+GROUP' },
  meterStart: 1000,
  startTimestamp: '2026-01-01T00:00:00.000Z',
  receivedAt: '2026-01-01T00:00:00.000Z',
  active: false,
  stop: { meterStop: 998.5, timestamp: '2026-01-01T01:00:00.000Z', reason: '-Other', idTag: '\tTAB', receivedAt: '2026-01-01T01:00:00.000Z' },
  energyWh: -1.5,
  durationSec: 3600,
}

describe('transaction CSV exports escape formula cells', () => {
  it('escapes the text a station sent (idTag, identity, reason) and keeps numbers, negative ones included', () => {
    const csv = transactionsCsv([transaction])
    const [row] = rows(csv)
    expect(row).toMatchObject({ stationId: "'@CP-1", idTag: "'=cmd|'/C calc'!A0", parentIdTag: "'+GROUP", stopReason: "'-Other", stopIdTag: "'\tTAB" })
    expect(row).toMatchObject({ energyWh: '-1.5', meterStartWh: '1000', meterStopWh: '998.5' })
    expect(csv).toContain(',-1.5,') // unquoted: a spreadsheet reads it as a number
  })

  it('says who ended a transaction the station did not stop, with the operator’s note', () => {
    const byStart = { ...transaction, stop: { ...transaction.stop!, closedBy: { by: 'newStart' as const, transactionId: 8 } } }
    const byOperator = { ...transaction, stop: { ...transaction.stop!, closedBy: { by: 'operator' as const, note: '=swap' } } }
    const plain = { ...transaction, stop: { ...transaction.stop!, closedBy: { by: 'operator' as const } } }
    expect(rows(transactionsCsv([byStart, byOperator, plain, transaction])).map((row) => row.closedBy)).toEqual(['newStart 8', 'operator: =swap', 'operator', ''])
  })

  it('escapes a sampled value that is a formula and keeps a negative reading as a number', () => {
    const batch: MeterValueBatch = {
      transactionId: 7,
      stationId: 'CP-1',
      connectorId: 1,
      source: 'MeterValues',
      receivedAt: '2026-01-01T00:00:00.000Z',
      meterValue: [{ timestamp: '2026-01-01T00:00:00.000Z', sampledValue: [{ value: '-1.5', measurand: 'Power.Active.Import' }, { value: '=1+1' }, { value: '@x', unit: 'W' }] }],
    } as MeterValueBatch
    const csv = meterValuesCsv([batch])
    expect(rows(csv).map((r) => r.value)).toEqual(['-1.5', "'=1+1", "'@x"])
    expect(csv).toContain(',-1.5,')
  })
})
