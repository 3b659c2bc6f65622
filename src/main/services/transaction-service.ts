/**
 * Transactions as a certified CSMS keeps them: a unique id for every start (also invalid ones),
 * the same id for a retransmitted start, idempotent stops, orphan stops acknowledged, meter values
 * linked and durable before they are acknowledged. Clients see them as TransactionSummary, kept
 * live from the meter values.
 */
import type { MeterReading, TransactionDetail, TransactionPage, TransactionSummary } from '@shared/contract/dto'
import type { IdTagInfo, MeterValuesRequest, StartTransactionRequest, StopTransactionRequest } from '@shared/ocpp/payloads'
import type { MeterValueStore } from '../storage/meter-value-store'
import { startKey, type TransactionClosure, type TransactionFilter, type TransactionRecord, type TransactionStore } from '../storage/transaction-store'
import { isoNow } from '../util/time'
import { hasReading, updateReading } from './meter-reading'
import { toSummary } from './transaction-view'

export interface TransactionServiceDeps {
  transactions: TransactionStore
  meterValues: MeterValueStore
  /** Durable, never-repeating counter. */
  nextId(): Promise<number>
  authorize(idTag: string): IdTagInfo
  /** Answer ConcurrentTx when the tag already has a transaction running. */
  concurrentTxCheck(): boolean
  /** A transaction started, stopped or got meter values (the latter coalesced, see `meterEventDelayMs`). */
  onChange?(summary: TransactionSummary): void
  /** How long meter-value updates of one transaction are gathered into one onChange. Default 1000 ms. */
  meterEventDelayMs?: number
  /** Where a transaction that cannot be shown is reported (default: console.warn). */
  log?: (line: string) => void
}

/** What came of an operator's closing of a transaction. */
export type OperatorClosure =
  | { outcome: 'closed'; summary: TransactionSummary }
  | { outcome: 'unknown' }
  | { outcome: 'alreadyStopped'; summary: TransactionSummary }
  | { outcome: 'meterBelowStart'; meterStart: number }

/** Stored meter values a transaction's detail carries at most (the newest ones). */
export const DETAIL_METER_BYTES = 4 * 1024 * 1024

export class TransactionService {
  /** Latest readings of transactions that sent meter values in this run. */
  private readonly readings = new Map<number, MeterReading>()
  private readonly pendingEvents = new Set<number>()
  private eventTimer: NodeJS.Timeout | undefined

  private readonly log: (line: string) => void

  constructor(private readonly deps: TransactionServiceDeps) {
    this.log = deps.log ?? ((line) => console.warn(line))
  }

  async start(stationId: string, request: StartTransactionRequest): Promise<{ transactionId: number; idTagInfo: IdTagInfo }> {
    const { transactions } = this.deps
    const key = startKey(stationId, request.connectorId, request.idTag, request.meterStart, request.timestamp)
    const retransmit = transactions.findRetransmit(key)
    if (retransmit) return { transactionId: retransmit.transactionId, idTagInfo: retransmit.idTagInfo }

    // What the station left running on this connector ends with this start (below): not concurrent.
    const leftOpen = request.connectorId > 0 ? transactions.runningOn(stationId, request.connectorId) : []
    let idTagInfo = this.deps.authorize(request.idTag)
    if (idTagInfo.status === 'Accepted' && this.deps.concurrentTxCheck()) {
      if (transactions.hasActiveTag(request.idTag, leftOpen)) idTagInfo = { ...idTagInfo, status: 'ConcurrentTx' }
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
    this.changed(record)
    // A connector runs one transaction at a time: what the station left running there has ended
    // (its StopTransaction was lost). Ended durably, naming the new start, before the start is answered.
    for (const open of leftOpen) {
      await this.close(open, { by: 'newStart', transactionId }, request.timestamp, this.readings.get(open.transactionId)?.registerWh ?? request.meterStart)
    }
    return { transactionId, idTagInfo }
  }

  async stop(stationId: string, request: StopTransactionRequest): Promise<{ idTagInfo?: IdTagInfo }> {
    const receivedAt = isoNow()
    const idTagInfo = request.idTag !== undefined ? this.deps.authorize(request.idTag) : undefined
    const started = this.deps.transactions.get(request.transactionId)
    if (request.transactionData?.length) {
      await this.deps.meterValues.append({ stationId, connectorId: started?.connectorId ?? 0, transactionId: request.transactionId, meterValue: request.transactionData, source: 'StopTransaction', receivedAt })
      if (started && started.stationId === stationId && !started.stop) this.readings.set(request.transactionId, updateReading(this.readings.get(request.transactionId), request.transactionData, Date.parse(receivedAt)))
    }
    const registerWh = started && started.stationId === stationId ? this.readings.get(request.transactionId)?.registerWh : undefined
    const { record, duplicate } = await this.deps.transactions.recordStop(stationId, request.transactionId, {
      meterStop: request.meterStop,
      ...(registerWh !== undefined ? { registerWh } : {}),
      timestamp: request.timestamp,
      reason: request.reason ?? 'Local',
      ...(request.idTag !== undefined ? { idTag: request.idTag } : {}),
      ...(idTagInfo ? { idTagInfo } : {}),
      receivedAt,
    })
    if (!duplicate) this.changed(record)
    return idTagInfo ? { idTagInfo } : {}
  }

  /**
   * The operator ends a transaction the station will never stop (issue 20 §4): stopped now, reason
   * Other, at the given meter value or the last register reading (else meterStart). The station is
   * not told; a StopTransaction it sends later replaces this closure.
   */
  async closeByOperator(transactionId: number, options: { note?: string; meterStop?: number } = {}): Promise<OperatorClosure> {
    const record = this.deps.transactions.get(transactionId)
    if (!record) return { outcome: 'unknown' }
    if (record.stop) return { outcome: 'alreadyStopped', summary: this.summary(record) }
    if (options.meterStop !== undefined && options.meterStop < record.meterStart) return { outcome: 'meterBelowStart', meterStart: record.meterStart }
    const meterStop = options.meterStop ?? this.readings.get(transactionId)?.registerWh ?? record.meterStart
    const closed = await this.close(record, { by: 'operator', ...(options.note ? { note: options.note } : {}) }, isoNow(), meterStop)
    return { outcome: 'closed', summary: this.summary(closed) }
  }

  /**
   * Stores the values (durable before the answer). Values without a transactionId on a connector
   * with a running transaction are linked to it, marked as linked by connector.
   */
  async meterValues(stationId: string, request: MeterValuesRequest): Promise<void> {
    let transactionId = request.transactionId
    let linkedByConnector = false
    if (transactionId === undefined && request.connectorId > 0) {
      const running = this.deps.transactions.activeOn(stationId, request.connectorId)
      if (running) {
        transactionId = running.transactionId
        linkedByConnector = true
      }
    }
    const receivedAt = isoNow()
    await this.deps.meterValues.append({
      stationId,
      connectorId: request.connectorId,
      ...(transactionId !== undefined ? { transactionId } : {}),
      ...(linkedByConnector ? { linkedByConnector: true } : {}),
      meterValue: request.meterValue,
      source: 'MeterValues',
      receivedAt,
    })
    if (transactionId === undefined) return
    const record = this.deps.transactions.get(transactionId)
    if (!record || record.stationId !== stationId || record.stop) return
    this.readings.set(transactionId, updateReading(this.readings.get(transactionId), request.meterValue, Date.parse(receivedAt)))
    this.scheduleEvent(transactionId)
  }

  /**
   * Newest first, filtered and paged. Stored transactions that could not be read (set aside at
   * start) and any that cannot be summarised are left out and counted in `skipped`.
   */
  list(filter: TransactionFilter = {}): TransactionPage {
    const { items, total } = this.deps.transactions.page(filter)
    const shown = this.summaries(items)
    const skipped = this.deps.transactions.unreadable(filter.stationId) + (items.length - shown.length)
    return { items: shown, total, ...(skipped > 0 ? { skipped } : {}) }
  }

  /** Every transaction matching the filter (for export), newest first. */
  all(filter: Omit<TransactionFilter, 'offset' | 'limit'> = {}): TransactionSummary[] {
    return this.summaries(this.deps.transactions.list(filter))
  }

  /** Each record's summary; one that cannot be made is left out (and reported), never the whole list. */
  private summaries(records: TransactionRecord[]): TransactionSummary[] {
    const result: TransactionSummary[] = []
    for (const record of records) {
      try {
        result.push(this.summary(record))
      } catch (error) {
        this.log(`Transactions: transaction ${String(record.transactionId)} could not be summarised and is left out of the list: ${error instanceof Error ? error.message : String(error)}`)
      }
    }
    return result
  }

  /** Ids running on a station (for warnings and pickers). */
  activeIds(stationId: string): number[] {
    return this.deps.transactions.active().filter((t) => t.stationId === stationId).map((t) => t.transactionId)
  }

  /**
   * One transaction with the meter values received for it (the reading is rebuilt from them when
   * this run has none): the newest up to `maxMeterBytes` of them (stored JSON), so a station that
   * sent a megabyte of sampled values every second cannot make the answer unbounded; how many
   * older batches were left out is said. The CSV export asks for all of them.
   */
  async detail(transactionId: number, maxMeterBytes = DETAIL_METER_BYTES): Promise<TransactionDetail | undefined> {
    const record = this.deps.transactions.get(transactionId)
    if (!record) return undefined
    const { records: meterValues, omitted, skipped } = await this.deps.meterValues.newestForTransaction(transactionId, maxMeterBytes)
    let reading = this.readings.get(transactionId)
    if (!hasReading(reading)) {
      const own = meterValues.filter((batch) => batch.stationId === record.stationId)
      const rebuilt = own.reduce<MeterReading | undefined>((acc, batch) => updateReading(acc, batch.meterValue, Date.parse(batch.receivedAt)), undefined)
      if (hasReading(rebuilt)) {
        reading = rebuilt
        if (!record.stop) this.readings.set(transactionId, rebuilt)
      }
    }
    return { ...toSummary(record, reading), meterValues, ...(omitted > 0 ? { meterValuesOmitted: omitted } : {}), ...(skipped > 0 ? { meterValuesSkipped: skipped } : {}) }
  }

  /** Sends any coalesced meter-value events now (shutdown, tests). */
  flushEvents(): void {
    clearTimeout(this.eventTimer)
    this.eventTimer = undefined
    const ids = [...this.pendingEvents]
    this.pendingEvents.clear()
    for (const id of ids) {
      const record = this.deps.transactions.get(id)
      if (record) this.deps.onChange?.(this.summary(record))
    }
  }

  private summary(record: TransactionRecord): TransactionSummary {
    return toSummary(record, record.orphan ? undefined : this.readings.get(record.transactionId))
  }

  private changed(record: TransactionRecord): void {
    if (!record.orphan) this.pendingEvents.delete(record.transactionId)
    if (record.stop && !record.orphan) this.readings.delete(record.transactionId)
    this.deps.onChange?.(this.summary(record))
  }

  private scheduleEvent(transactionId: number): void {
    this.pendingEvents.add(transactionId)
    if (this.eventTimer) return
    this.eventTimer = setTimeout(() => this.flushEvents(), this.deps.meterEventDelayMs ?? 1000)
    this.eventTimer.unref()
  }

  /** Ends a running transaction for the Central System; a meter value below meterStart counts as meterStart (no negative energy). */
  private async close(record: TransactionRecord, closedBy: TransactionClosure, timestamp: string, meterStop: number): Promise<TransactionRecord> {
    const registerWh = this.readings.get(record.transactionId)?.registerWh
    const { record: closed } = await this.deps.transactions.recordStop(record.stationId, record.transactionId, {
      meterStop: meterStop >= record.meterStart ? meterStop : record.meterStart,
      ...(registerWh !== undefined ? { registerWh } : {}),
      timestamp,
      reason: 'Other',
      receivedAt: isoNow(),
      closedBy,
    })
    this.changed(closed)
    return closed
  }

  /** Never below an id already stored, even if the counter's state file was lost. */
  private async allocateId(): Promise<number> {
    let id = await this.deps.nextId()
    while (id <= this.deps.transactions.maxTransactionId) id = await this.deps.nextId()
    return id
  }
}
