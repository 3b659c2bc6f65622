/**
 * Transactions as an append-only journal of start and stop events (DESIGN rule 9): a reply that
 * acknowledges a start or a stop is sent only after its event is durably written. The journal is
 * replayed into memory at open; transaction ids are never deleted by retention.
 */
import type { IdTagInfo } from '@shared/ocpp/payloads'
import { JsonLinesJournal, type JournalTuning } from './json-lines-journal'
import { consoleStorageLogger, type StorageLogger } from './storage-logger'

export interface TransactionStop {
  meterStop: number
  /** The last energy register reading (Wh) the CSMS had when the stop came, if any. */
  registerWh?: number
  /** As the station sent it (historic timestamps are kept as sent). */
  timestamp: string
  reason: string
  idTag?: string
  idTagInfo?: IdTagInfo
  receivedAt: string
}

export interface TransactionRecord {
  transactionId: number
  stationId: string
  connectorId: number
  idTag: string
  meterStart: number
  /** As the station sent it. */
  timestamp: string
  reservationId?: number
  idTagInfo: IdTagInfo
  receivedAt: string
  stop?: TransactionStop
  /** A stop arrived for a transaction the CSMS never started (unknown id or -1). */
  orphan?: boolean
}

type TransactionEvent =
  | { type: 'start'; record: Omit<TransactionRecord, 'stop' | 'orphan'> }
  | { type: 'stop'; stationId: string; transactionId: number; stop: TransactionStop; orphan: boolean }

/** What identifies a retransmitted StartTransaction (same station, connector, idTag, meterStart, timestamp). */
export function startKey(stationId: string, connectorId: number, idTag: string, meterStart: number, timestamp: string): string {
  return JSON.stringify([stationId, connectorId, idTag.toUpperCase(), meterStart, Date.parse(timestamp) || timestamp])
}

export interface TransactionFilter {
  stationId?: string
  active?: boolean
  /** Matched case-insensitively. */
  idTag?: string
  offset?: number
  limit?: number
}

export interface TransactionStoreOptions extends Partial<JournalTuning> {
  dir: string
  logger?: StorageLogger
}

export class TransactionStore {
  private readonly byId = new Map<number, TransactionRecord>()
  private readonly byStartKey = new Map<string, number>()
  /** Orphan stops, keyed by station and transaction id (-1 and unknown ids may repeat). */
  private readonly orphans: TransactionRecord[] = []
  /** Every start (by id) and orphan stop (the record), in arrival order. */
  private readonly arrivals: (number | TransactionRecord)[] = []
  /** Transactions without a stop, by id. */
  private readonly running = new Map<number, TransactionRecord>()
  private highestId = 0

  private constructor(private readonly journal: JsonLinesJournal<TransactionEvent>) {}

  static async open(options: TransactionStoreOptions): Promise<TransactionStore> {
    const { dir, logger = consoleStorageLogger, ...tuning } = options
    // Transactions are records of money and energy: never dropped by retention.
    const journal = await JsonLinesJournal.open<TransactionEvent>({ maxSegments: Number.MAX_SAFE_INTEGER, ...tuning, dir, name: 'transactions', logger })
    const store = new TransactionStore(journal)
    for (const segment of journal.segments()) {
      await journal.scan(segment, 0, (line) => JSON.parse(line.toString('utf8')) as TransactionEvent, (event) => store.apply(event))
    }
    return store
  }

  /** The highest transaction id ever stored: id allocation must stay above it. */
  get maxTransactionId(): number {
    return this.highestId
  }

  findRetransmit(key: string): TransactionRecord | undefined {
    const id = this.byStartKey.get(key)
    return id === undefined ? undefined : this.byId.get(id)
  }

  get(transactionId: number): TransactionRecord | undefined {
    return this.byId.get(transactionId)
  }

  /** Running transactions (no stop yet), oldest first. */
  active(): TransactionRecord[] {
    return [...this.running.values()]
  }

  /** The transaction running on a connector, if any (the newest when a station left several open). */
  activeOn(stationId: string, connectorId: number): TransactionRecord | undefined {
    let found: TransactionRecord | undefined
    for (const record of this.running.values()) if (record.stationId === stationId && record.connectorId === connectorId) found = record
    return found
  }

  /** Newest first (arrival order), filtered, paged; `total` counts every match. */
  page(filter: TransactionFilter = {}): { items: TransactionRecord[]; total: number } {
    const items: TransactionRecord[] = []
    const offset = filter.offset ?? 0
    const limit = filter.limit ?? Number.POSITIVE_INFINITY
    const idTag = filter.idTag?.toUpperCase()
    let total = 0
    const source = filter.active === true ? [...this.running.values()] : this.arrivals
    for (let index = source.length - 1; index >= 0; index -= 1) {
      const entry = source[index]!
      const record = typeof entry === 'number' ? this.byId.get(entry)! : entry
      if (filter.stationId !== undefined && record.stationId !== filter.stationId) continue
      if (filter.active !== undefined && (record.stop === undefined) !== filter.active) continue
      if (idTag !== undefined && record.idTag.toUpperCase() !== idTag) continue
      total += 1
      if (total > offset && items.length < limit) items.push(record)
    }
    return { items, total }
  }

  /** Newest first. */
  list(filter: TransactionFilter = {}): TransactionRecord[] {
    return this.page(filter).items
  }

  async recordStart(record: Omit<TransactionRecord, 'stop' | 'orphan'>): Promise<TransactionRecord> {
    const event: TransactionEvent = { type: 'start', record }
    await this.journal.append(event)
    this.apply(event)
    return this.byId.get(record.transactionId)!
  }

  /** Records a stop; a duplicate stop changes nothing; an unknown id is kept as an orphan. */
  async recordStop(stationId: string, transactionId: number, stop: TransactionStop): Promise<{ record: TransactionRecord; duplicate: boolean }> {
    const existing = this.byId.get(transactionId)
    if (existing?.stop) return { record: existing, duplicate: true }
    const orphan = !existing || existing.stationId !== stationId
    if (orphan) {
      const duplicate = this.orphans.find((o) => o.stationId === stationId && o.transactionId === transactionId && o.stop?.timestamp === stop.timestamp && o.stop.meterStop === stop.meterStop)
      if (duplicate) return { record: duplicate, duplicate: true }
    }
    const event: TransactionEvent = { type: 'stop', stationId, transactionId, stop, orphan }
    await this.journal.append(event)
    this.apply(event)
    return { record: orphan ? this.orphans.at(-1)! : this.byId.get(transactionId)!, duplicate: false }
  }

  flush(): Promise<void> {
    return this.journal.flush()
  }

  close(): Promise<void> {
    return this.journal.close()
  }

  private apply(event: TransactionEvent): void {
    if (event.type === 'start') {
      const record: TransactionRecord = { ...event.record }
      if (!this.byId.has(record.transactionId)) this.arrivals.push(record.transactionId)
      this.byId.set(record.transactionId, record)
      this.running.set(record.transactionId, record)
      this.byStartKey.set(startKey(record.stationId, record.connectorId, record.idTag, record.meterStart, record.timestamp), record.transactionId)
      this.highestId = Math.max(this.highestId, record.transactionId)
      return
    }
    if (event.orphan) {
      this.orphans.push({ transactionId: event.transactionId, stationId: event.stationId, connectorId: 0, idTag: event.stop.idTag ?? '', meterStart: 0, timestamp: event.stop.timestamp, idTagInfo: { status: 'Invalid' }, receivedAt: event.stop.receivedAt, stop: event.stop, orphan: true })
      this.arrivals.push(this.orphans.at(-1)!)
      return
    }
    const record = this.byId.get(event.transactionId)
    if (record) this.byId.set(event.transactionId, { ...record, stop: event.stop })
    this.running.delete(event.transactionId)
  }
}
