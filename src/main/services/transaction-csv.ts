/** Transactions and meter values as CSV, one row per transaction / per sampled value; formula-like text cells escaped. */
import type { MeterValueBatch, TransactionSummary } from '@shared/contract/dto'
import { withDefaults } from '@shared/ocpp/sampled-value'
import { toCsv, toCsvSliced } from '../util/csv-cells'
import { TimeSlices } from '../util/time-slices'

export const TRANSACTION_CSV_COLUMNS = [
  'transactionId', 'stationId', 'connectorId', 'idTag', 'startStatus', 'parentIdTag', 'reservationId',
  'startTimestamp', 'meterStartWh', 'stopTimestamp', 'meterStopWh', 'energyWh', 'registerEnergyWh',
  'durationSec', 'stopReason', 'stopIdTag', 'closedBy', 'active', 'orphan', 'receivedAt',
] as const

export const METER_VALUE_CSV_COLUMNS = [
  'transactionId', 'stationId', 'connectorId', 'timestamp', 'measurand', 'phase', 'location', 'unit',
  'context', 'format', 'value', 'source', 'receivedAt',
] as const

const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value))

/** Who ended a transaction the station did not stop: `newStart <id>` or `operator[: note]`. */
function closedBy(t: TransactionSummary): string | undefined {
  const by = t.stop?.closedBy
  if (!by) return undefined
  return by.by === 'newStart' ? `newStart ${by.transactionId}` : `operator${by.note ? `: ${by.note}` : ''}`
}

export function transactionsCsv(transactions: TransactionSummary[]): string {
  const data = transactions.map((t) => [
    t.transactionId, t.stationId, t.connectorId, t.idTag, t.idTagInfo.status, t.idTagInfo.parentIdTag, t.reservationId,
    t.orphan ? '' : t.startTimestamp, t.orphan ? '' : t.meterStart, t.stop?.timestamp, t.stop?.meterStop, t.energyWh, t.registerEnergyWh,
    t.durationSec, t.stop?.reason, t.stop?.idTag, closedBy(t), t.active, t.orphan === true, t.receivedAt,
  ].map(text))
  return toCsv(TRANSACTION_CSV_COLUMNS, data)
}

/** The rows of one stored MeterValues message (or StopTransaction's transactionData). */
function meterValueRows(batch: MeterValueBatch, into: string[][]): void {
  for (const meterValue of batch.meterValue) {
    for (const sampled of meterValue.sampledValue) {
      const v = withDefaults(sampled)
      into.push([
        batch.transactionId, batch.stationId, batch.connectorId, meterValue.timestamp, v.measurand, v.phase, v.location, v.unit,
        v.context, v.format, v.value, batch.source, batch.receivedAt,
      ].map(text))
    }
  }
}

/** One row per sampled value, with the OCPP 1.6 defaults filled in where the station left a field out. */
export function meterValuesCsv(batches: MeterValueBatch[]): string {
  const data: string[][] = []
  for (const batch of batches) meterValueRows(batch, data)
  return toCsv(METER_VALUE_CSV_COLUMNS, data)
}

/** `meterValuesCsv`, in slices (issue 18 §3): a transaction's meter values grow with what its station sent. */
export async function meterValuesCsvSliced(batches: MeterValueBatch[], slices: TimeSlices = new TimeSlices()): Promise<string> {
  const data: string[][] = []
  for (const batch of batches) {
    await slices.pause()
    meterValueRows(batch, data)
  }
  return toCsvSliced(METER_VALUE_CSV_COLUMNS, data, slices)
}
