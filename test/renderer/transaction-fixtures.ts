import type { MeterValueBatch, TransactionDetail, TransactionSummary } from '@shared/contract'
import type { SampledValue } from '@shared/ocpp/sampled-value'

/** A running transaction started at 12:00 UTC on 2024-05-01 (receivedAt orders them newest first). */
export function tx(transactionId: number, extra: Partial<TransactionSummary> = {}): TransactionSummary {
  return {
    transactionId,
    stationId: 'CP1',
    connectorId: 1,
    idTag: 'TAG1',
    idTagInfo: { status: 'Accepted' },
    meterStart: 1000,
    startTimestamp: '2024-05-01T12:00:00.000Z',
    receivedAt: new Date(Date.UTC(2024, 4, 1, 12, 0, 0) + transactionId * 60_000).toISOString(),
    active: true,
    ...extra,
  }
}

/** The same transaction, stopped with meterStop (Wh). */
export function stopped(transactionId: number, meterStop: number, extra: Partial<TransactionSummary> = {}): TransactionSummary {
  const base = tx(transactionId, extra)
  return {
    ...base,
    active: false,
    stop: { meterStop, timestamp: '2024-05-01T13:00:00.000Z', reason: 'Local', receivedAt: '2024-05-01T13:00:01.000Z' },
    energyWh: meterStop - base.meterStart,
    durationSec: 3600,
    ...extra,
  }
}

/** A StopTransaction for an id the CSMS never handed out. */
export function orphan(stationId: string, receivedAt: string, transactionId = -1): TransactionSummary {
  return {
    transactionId,
    stationId,
    connectorId: 0,
    idTag: '',
    idTagInfo: { status: 'Invalid' },
    meterStart: 0,
    startTimestamp: receivedAt,
    receivedAt,
    active: false,
    orphan: true,
    stop: { meterStop: 500, timestamp: receivedAt, reason: 'Other', receivedAt },
  }
}

export function batch(timestamp: string, sampledValue: SampledValue[], extra: Partial<MeterValueBatch> = {}): MeterValueBatch {
  return { stationId: 'CP1', connectorId: 1, transactionId: 1, source: 'MeterValues', receivedAt: timestamp, meterValue: [{ timestamp, sampledValue }], ...extra }
}

export function detail(summary: TransactionSummary, meterValues: MeterValueBatch[] = []): TransactionDetail {
  return { ...summary, meterValues }
}
