/**
 * Transactions as an append-only journal of start and stop events (DESIGN rule 9): a reply that
 * acknowledges a start or a stop is sent only after its event is durably written. The journal is
 * replayed into memory at open; transaction ids are never deleted by retention.
 */
import type { IdTagInfo } from '@shared/ocpp/payloads'
import { JsonLinesJournal, type JournalTuning } from './json-lines-journal'
import type { LineQuarantine } from './journal-quarantine'
import { parseStoredLine, StoredRecordError } from './stored-check'
import { consoleStorageLogger, type StorageLogger } from './storage-logger'

/**
 * Who ended a transaction the station never stopped (issue 20 §4): a new start on its connector, or
 * the operator. A StopTransaction the station sends later replaces such a closure.
 */
export type TransactionClosure = { by: 'newStart'; transactionId: number } | { by: 'operator'; note?: string }

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
  /** Set when the Central System ended it, not the station. */
  closedBy?: TransactionClosure
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
  /** Where events that cannot be used are set aside. */
  quarantine?: LineQuarantine
}

/** Only a start answered Accepted holds its tag for the ConcurrentTx check. */
const holdsTag = (record: TransactionRecord): boolean => record.idTagInfo.status === 'Accepted'
const connectorKey = (stationId: string, connectorId: number): string => `${stationId}\u0000${connectorId}`
const orphanKey = (stationId: string, transactionId: number, stop: TransactionStop): string => JSON.stringify([stationId, transactionId, stop.timestamp, stop.meterStop])

export class TransactionStore {
  private readonly byId = new Map<number, TransactionRecord>()
  private readonly byStartKey = new Map<string, number>()
  /** Orphan stops, keyed by station and transaction id (-1 and unknown ids may repeat). */
  private readonly orphans: TransactionRecord[] = []
  /** Every start (by id) and orphan stop (the record), in arrival order. */
  private readonly arrivals: (number | TransactionRecord)[] = []
  /** Transactions without a stop, by id. */
  private readonly running = new Map<number, TransactionRecord>()
  /**
   * Indexes over what stations send, so that no MeterValues, StartTransaction or orphan stop scans
   * every transaction: running ids per station+connector (oldest first), running transactions per
   * upper-cased idTag, orphan stops by their identity.
   */
  private readonly runningByConnector = new Map<string, number[]>()
  private readonly runningTags = new Map<string, number>()
  private readonly orphanKeys = new Map<string, TransactionRecord>()
  private highestId = 0
  /** Events set aside when the journal was read (they stay out of every list), by the station they name ('' for none). */
  private readonly setAside = new Map<string, number>()

  private constructor(private readonly journal: JsonLinesJournal<TransactionEvent>) {}

  static async open(options: TransactionStoreOptions): Promise<TransactionStore> {
    const { dir, logger = consoleStorageLogger, ...tuning } = options
    // Transactions are records of money and energy: never dropped by retention.
    const journal = await JsonLinesJournal.open<TransactionEvent>({ maxSegments: Number.MAX_SAFE_INTEGER, ...tuning, dir, name: 'transactions', logger })
    const store = new TransactionStore(journal)
    for (const segment of journal.segments()) {
      await journal.scan(segment, 0, (line) => store.decode(line.toString('utf8')), (event) => store.apply(event))
    }
    return store
  }

  /** An event checked as it is read; one that cannot be used is counted (the scan sets it aside), and its id is never handed out again. */
  private decode(line: string): TransactionEvent {
    try {
      return parseStoredLine<TransactionEvent>('transaction', line)
    } catch (error) {
      const stationId = error instanceof StoredRecordError ? error.stationId : undefined
      this.setAside.set(stationId ?? '', (this.setAside.get(stationId ?? '') ?? 0) + 1)
      const id = /"transactionId":(\d{1,16})[,}]/.exec(line)?.[1]
      if (id !== undefined && Number.isSafeInteger(Number(id))) this.highestId = Math.max(this.highestId, Number(id))
      throw error
    }
  }

  /** Stored events that could not be read (set aside at start): of one station, or all. */
  unreadable(stationId?: string): number {
    if (stationId === undefined) return [...this.setAside.values()].reduce((sum, n) => sum + n, 0)
    return this.setAside.get(stationId) ?? 0
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
    const ids = this.runningByConnector.get(connectorKey(stationId, connectorId))
    return ids && ids.length > 0 ? this.running.get(ids[ids.length - 1]!) : undefined
  }

  /** Every transaction left running on a connector, oldest first. */
  runningOn(stationId: string, connectorId: number): TransactionRecord[] {
    return (this.runningByConnector.get(connectorKey(stationId, connectorId)) ?? []).map((id) => this.running.get(id)!)
  }

  /**
   * Whether an Accepted transaction runs for this idTag (idTags compare case-insensitively, errata
   * 3.74). A start answered Invalid, Blocked, Expired or ConcurrentTx holds no tag: the station may
   * never stop it, and the tag must not stay ConcurrentTx for ever. Transactions in `except` (those a
   * new start is about to end) do not count.
   */
  hasActiveTag(idTag: string, except: readonly TransactionRecord[] = []): boolean {
    const tag = idTag.toUpperCase()
    const ending = except.filter((record) => holdsTag(record) && record.idTag.toUpperCase() === tag && this.running.has(record.transactionId)).length
    return (this.runningTags.get(tag) ?? 0) > ending
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

  /**
   * Records a stop; a duplicate stop changes nothing; an unknown id is kept as an orphan. The
   * station's own stop replaces a closure by the Central System (its figures are the true ones).
   */
  async recordStop(stationId: string, transactionId: number, stop: TransactionStop): Promise<{ record: TransactionRecord; duplicate: boolean }> {
    const existing = this.byId.get(transactionId)
    if (existing?.stop && (existing.stop.closedBy === undefined || stop.closedBy !== undefined || existing.stationId !== stationId)) return { record: existing, duplicate: true }
    const orphan = !existing || existing.stationId !== stationId
    if (orphan) {
      const duplicate = this.orphanKeys.get(orphanKey(stationId, transactionId, stop))
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
      this.stopRunning(record.transactionId)
      this.running.set(record.transactionId, record)
      const key = connectorKey(record.stationId, record.connectorId)
      const ids = this.runningByConnector.get(key)
      if (ids) ids.push(record.transactionId)
      else this.runningByConnector.set(key, [record.transactionId])
      if (holdsTag(record)) {
        const tag = record.idTag.toUpperCase()
        this.runningTags.set(tag, (this.runningTags.get(tag) ?? 0) + 1)
      }
      this.byStartKey.set(startKey(record.stationId, record.connectorId, record.idTag, record.meterStart, record.timestamp), record.transactionId)
      this.highestId = Math.max(this.highestId, record.transactionId)
      return
    }
    if (event.orphan) {
      this.orphans.push({ transactionId: event.transactionId, stationId: event.stationId, connectorId: 0, idTag: event.stop.idTag ?? '', meterStart: 0, timestamp: event.stop.timestamp, idTagInfo: { status: 'Invalid' }, receivedAt: event.stop.receivedAt, stop: event.stop, orphan: true })
      this.arrivals.push(this.orphans.at(-1)!)
      const key = orphanKey(event.stationId, event.transactionId, event.stop)
      if (!this.orphanKeys.has(key)) this.orphanKeys.set(key, this.orphans.at(-1)!)
      return
    }
    const record = this.byId.get(event.transactionId)
    if (record) this.byId.set(event.transactionId, { ...record, stop: event.stop })
    this.stopRunning(event.transactionId)
  }

  /** Takes a transaction out of the running ones and their indexes (nothing when it is not running). */
  private stopRunning(transactionId: number): void {
    const record = this.running.get(transactionId)
    if (!record) return
    this.running.delete(transactionId)
    const key = connectorKey(record.stationId, record.connectorId)
    const ids = this.runningByConnector.get(key)
    if (ids) {
      // The newest is the one usually stopped: found from the end.
      const at = ids.lastIndexOf(transactionId)
      if (at >= 0) ids.splice(at, 1)
      if (ids.length === 0) this.runningByConnector.delete(key)
    }
    if (!holdsTag(record)) return
    const tag = record.idTag.toUpperCase()
    const count = (this.runningTags.get(tag) ?? 0) - 1
    if (count > 0) this.runningTags.set(tag, count)
    else this.runningTags.delete(tag)
  }
}
