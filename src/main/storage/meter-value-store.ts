/**
 * Meter values in an append-only journal (high volume: never in lowdb). Indexed in memory by
 * transaction id so one transaction's values are read back without scanning.
 */
import type { MeterValueBatch } from '@shared/contract/dto'
import { GroupedPositions } from './grouped-positions'
import { JsonLinesJournal, type JournalTuning, type RecordPosition } from './json-lines-journal'
import type { LineQuarantine } from './journal-quarantine'
import { parseStoredLine, StoredRecordError } from './stored-check'
import { consoleStorageLogger, type StorageLogger } from './storage-logger'

export type { MeterValue } from '@shared/contract/dto'

/**
 * One MeterValues message (or a StopTransaction's transactionData). transactionId is absent for the
 * main meter / values outside a transaction, -1 as sent by stations that never got an id.
 */
export type MeterValueRecord = MeterValueBatch

export interface MeterValueStoreOptions extends Partial<JournalTuning> {
  dir: string
  logger?: StorageLogger
  /** Where batches that cannot be used are set aside (when they are read). */
  quarantine?: LineQuarantine
}

export class MeterValueStore {
  /** Records with a transaction id, by transaction id (16 bytes each, off the JS heap). */
  private readonly byTransaction = new GroupedPositions()
  private count = 0

  private constructor(
    private readonly journal: JsonLinesJournal<MeterValueRecord>,
    private readonly logger: StorageLogger,
  ) {}

  static async open(options: MeterValueStoreOptions): Promise<MeterValueStore> {
    const { dir, logger = consoleStorageLogger, ...tuning } = options
    const journal = await JsonLinesJournal.open<MeterValueRecord>({ maxSegments: Number.MAX_SAFE_INTEGER, ...tuning, dir, name: 'meter-values', logger })
    const store = new MeterValueStore(journal, logger)
    // Only the transaction id is needed to rebuild the index: avoid parsing whole lines.
    const decode = (line: Buffer): number | undefined => {
      // A station may send any JSON integer as transactionId, 1e+300 included: read the whole number.
      const match = /"transactionId":(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(line.toString('utf8', 0, Math.min(line.length, 1024)))
      return match ? Number(match[1]) : undefined
    }
    for (const segment of journal.segments()) {
      await journal.scan(segment, 0, decode, (transactionId, position) => store.index(transactionId, position))
    }
    return store
  }

  /** Resolves once durably written (the MeterValues.conf is sent after that). */
  async append(record: MeterValueRecord): Promise<void> {
    // transactionId is written right after stationId/connectorId so the index rebuild finds it early.
    const ordered: MeterValueRecord = { stationId: record.stationId, connectorId: record.connectorId, ...(record.transactionId !== undefined ? { transactionId: record.transactionId } : {}), ...(record.linkedByConnector ? { linkedByConnector: true } : {}), source: record.source, receivedAt: record.receivedAt, meterValue: record.meterValue }
    const position = await this.journal.append(ordered)
    this.index(record.transactionId, position)
  }

  /** Every record of one transaction, in arrival order (those that cannot be used are left out). */
  async forTransaction(transactionId: number): Promise<MeterValueRecord[]> {
    return (await this.read(this.byTransaction.get(transactionId))).records
  }

  /**
   * The newest records of one transaction, in arrival order, whose stored lines add up to at most
   * `maxBytes` (at least the newest one), how many older ones were left out, and how many could not
   * be used (each is checked as it is read, and set aside when it does not fit).
   */
  async newestForTransaction(transactionId: number, maxBytes: number): Promise<{ records: MeterValueRecord[]; omitted: number; skipped: number }> {
    const positions = this.byTransaction.get(transactionId)
    let start = positions.length
    let bytes = 0
    while (start > 0 && (start === positions.length || bytes + positions[start - 1]!.length <= maxBytes)) {
      start -= 1
      bytes += positions[start]!.length
    }
    return { ...(await this.read(positions.slice(start))), omitted: start }
  }

  /** The records at `positions`, checked: a line that does not fit is set aside and counted. */
  private async read(positions: readonly RecordPosition[]): Promise<{ records: MeterValueRecord[]; skipped: number }> {
    const lines = await this.journal.readLines(positions)
    const records: MeterValueRecord[] = []
    let skipped = 0
    lines.forEach((line, i) => {
      if (line === undefined) return
      try {
        records.push(parseStoredLine<MeterValueRecord>('meterValues', line))
      } catch (error) {
        skipped += 1
        const reason = error instanceof StoredRecordError ? error.reason : String(error)
        const where = this.journal.setAside(line, positions[i]!, reason, error instanceof StoredRecordError ? error.stationId : undefined)
        this.logger.warn(`meter values journal: skipped the batch at byte ${positions[i]!.offset} of segment ${positions[i]!.segment} (${reason})${where ? `; ${where}` : ''}`)
      }
    })
    return { records, skipped }
  }

  get size(): number {
    return this.count
  }

  flush(): Promise<void> {
    return this.journal.flush()
  }

  close(): Promise<void> {
    return this.journal.close()
  }

  private index(transactionId: number | undefined, position: RecordPosition): void {
    this.count += 1
    if (transactionId !== undefined) this.byTransaction.add(transactionId, position)
  }

  /** Bytes held by the index (typed arrays). */
  get indexBytes(): number {
    return this.byTransaction.memoryBytes
  }
}
