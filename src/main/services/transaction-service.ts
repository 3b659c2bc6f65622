/**
 * Transactions as a certified CSMS keeps them: a unique id for every start (also invalid ones),
 * the same id for a retransmitted start, idempotent stops, orphan stops acknowledged, meter values
 * linked and durable before they are acknowledged.
 */
import type { IdTagInfo, MeterValuesRequest, StartTransactionRequest, StopTransactionRequest } from '@shared/ocpp/payloads'
import type { MeterValueStore } from '../storage/meter-value-store'
import { startKey, type TransactionRecord, type TransactionStore } from '../storage/transaction-store'
import { isoNow } from '../util/time'

export interface TransactionServiceDeps {
  transactions: TransactionStore
  meterValues: MeterValueStore
  /** Durable, never-repeating counter. */
  nextId(): Promise<number>
  authorize(idTag: string): IdTagInfo
  /** Answer ConcurrentTx when the tag already has a transaction running. */
  concurrentTxCheck(): boolean
  onChange?(record: TransactionRecord): void
}

export class TransactionService {
  constructor(private readonly deps: TransactionServiceDeps) {}

  async start(stationId: string, request: StartTransactionRequest): Promise<{ transactionId: number; idTagInfo: IdTagInfo }> {
    const { transactions } = this.deps
    const key = startKey(stationId, request.connectorId, request.idTag, request.meterStart, request.timestamp)
    const retransmit = transactions.findRetransmit(key)
    if (retransmit) return { transactionId: retransmit.transactionId, idTagInfo: retransmit.idTagInfo }

    let idTagInfo = this.deps.authorize(request.idTag)
    if (idTagInfo.status === 'Accepted' && this.deps.concurrentTxCheck()) {
      const running = transactions.list({ active: true }).some((t) => t.idTag.toUpperCase() === request.idTag.toUpperCase())
      if (running) idTagInfo = { ...idTagInfo, status: 'ConcurrentTx' }
    }
    const transactionId = await this.allocateId()
    const record = await transactions.recordStart({
      transactionId,
      stationId,
      connectorId: request.connectorId,
      idTag: request.idTag,
      meterStart: request.meterStart,
      timestamp: request.timestamp,
      ...(request.reservationId !== undefined ? { reservationId: request.reservationId } : {}),
      idTagInfo,
      receivedAt: isoNow(),
    })
    this.deps.onChange?.(record)
    return { transactionId, idTagInfo }
  }

  async stop(stationId: string, request: StopTransactionRequest): Promise<{ idTagInfo?: IdTagInfo }> {
    const receivedAt = isoNow()
    const idTagInfo = request.idTag !== undefined ? this.deps.authorize(request.idTag) : undefined
    if (request.transactionData?.length) {
      const started = this.deps.transactions.get(request.transactionId)
      await this.deps.meterValues.append({ stationId, connectorId: started?.connectorId ?? 0, transactionId: request.transactionId, meterValue: request.transactionData, source: 'StopTransaction', receivedAt })
    }
    const { record, duplicate } = await this.deps.transactions.recordStop(stationId, request.transactionId, {
      meterStop: request.meterStop,
      timestamp: request.timestamp,
      reason: request.reason ?? 'Local',
      ...(request.idTag !== undefined ? { idTag: request.idTag } : {}),
      ...(idTagInfo ? { idTagInfo } : {}),
      receivedAt,
    })
    if (!duplicate) this.deps.onChange?.(record)
    return idTagInfo ? { idTagInfo } : {}
  }

  async meterValues(stationId: string, request: MeterValuesRequest): Promise<void> {
    await this.deps.meterValues.append({
      stationId,
      connectorId: request.connectorId,
      ...(request.transactionId !== undefined ? { transactionId: request.transactionId } : {}),
      meterValue: request.meterValue,
      source: 'MeterValues',
      receivedAt: isoNow(),
    })
  }

  /** Never below an id already stored, even if the counter's state file was lost. */
  private async allocateId(): Promise<number> {
    let id = await this.deps.nextId()
    while (id <= this.deps.transactions.maxTransactionId) id = await this.deps.nextId()
    return id
  }
}
