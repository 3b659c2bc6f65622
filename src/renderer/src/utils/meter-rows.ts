/** Meter values as table rows: one per sampled value, OCPP defaults filled in, in the order received. */
import type { MeterValueBatch } from '@shared/contract'
import { withDefaults } from '@shared/ocpp/sampled-value'

export interface MeterRow {
  /** Unique within one transaction's rows. */
  key: string
  timestamp: string
  measurand: string
  phase: string
  location: string
  unit: string
  context: string
  format: string
  value: string
  source: MeterValueBatch['source']
  receivedAt: string
}

export function meterRows(batches: readonly MeterValueBatch[]): MeterRow[] {
  const rows: MeterRow[] = []
  batches.forEach((batch, b) => {
    batch.meterValue.forEach((meterValue, m) => {
      meterValue.sampledValue.forEach((raw, s) => {
        const v = withDefaults(raw)
        rows.push({
          key: `${b}.${m}.${s}`,
          timestamp: meterValue.timestamp,
          measurand: v.measurand,
          phase: v.phase ?? '',
          location: v.location,
          unit: raw.unit ?? (v.measurand.startsWith('Energy.') ? `${v.unit} (default)` : '(not sent)'),
          context: v.context,
          format: v.format,
          value: v.value,
          source: batch.source,
          receivedAt: batch.receivedAt,
        })
      })
    })
  })
  return rows
}
