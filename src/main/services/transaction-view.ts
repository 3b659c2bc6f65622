/** A stored transaction as clients see it: the start and stop as sent, and the figures derived from them. */
import type { MeterReading, TransactionSummary } from '@shared/contract/dto'
import type { TransactionRecord } from '../storage/transaction-store'

function seconds(from: string, to: string): number | undefined {
  const a = Date.parse(from)
  const b = Date.parse(to)
  if (Number.isNaN(a) || Number.isNaN(b)) return undefined
  return Math.round((b - a) / 1000)
}

export function toSummary(record: TransactionRecord, reading?: MeterReading): TransactionSummary {
  const { stop } = record
  const registerWh = reading?.registerWh ?? stop?.registerWh
  const summary: TransactionSummary = {
    transactionId: record.transactionId,
    stationId: record.stationId,
    connectorId: record.connectorId,
    idTag: record.idTag,
    idTagInfo: record.idTagInfo,
    meterStart: record.meterStart,
    startTimestamp: record.timestamp,
    ...(record.reservationId !== undefined ? { reservationId: record.reservationId } : {}),
    receivedAt: record.receivedAt,
    active: stop === undefined,
    ...(record.orphan ? { orphan: true } : {}),
  }
  if (stop) {
    summary.stop = {
      meterStop: stop.meterStop,
      timestamp: stop.timestamp,
      reason: stop.reason,
      ...(stop.idTag !== undefined ? { idTag: stop.idTag } : {}),
      ...(stop.idTagInfo !== undefined ? { idTagInfo: stop.idTagInfo } : {}),
      receivedAt: stop.receivedAt,
      ...(stop.closedBy !== undefined ? { closedBy: stop.closedBy } : {}),
    }
    if (!record.orphan) {
      // Integers as sent (1e308 is one for JSON): a difference that is not finite is not shown.
      const energy = stop.meterStop - record.meterStart
      if (Number.isFinite(energy)) summary.energyWh = energy
      const duration = seconds(record.timestamp, stop.timestamp)
      if (duration !== undefined) summary.durationSec = duration
    }
  }
  if (registerWh !== undefined && !record.orphan && Number.isFinite(registerWh - record.meterStart)) summary.registerEnergyWh = registerWh - record.meterStart
  if (reading && (reading.registerWh !== undefined || reading.powerW !== undefined)) summary.meter = { ...reading }
  else if (stop?.registerWh !== undefined) summary.meter = { registerWh: stop.registerWh }
  return summary
}
