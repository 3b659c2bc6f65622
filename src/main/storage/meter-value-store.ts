/**
 * Meter values in an append-only journal (high volume: never in lowdb). Indexed in memory by
 * transaction id so one transaction's values are read back without scanning.
 */
import type { MeterValueBatch } from '@shared/contract/dto'
import { GroupedPositions } from './grouped-positions'
import { JsonLinesJournal, type JournalTuning, type RecordPosition } from './json-lines-journal'
import { consoleStorageLogger, type StorageLogger } from './storage-logger'
import { mapSliced, TimeSlices } from '../util/time-slices'

/** The stored lines as records, parsed in slices (issue 18 §3): one transaction may hold megabytes of them. */
async function parsed(lines: (string | undefined)[]): Promise<MeterValueRecord[]> {
  const present = lines.filter((line): line is string => line !== undefined)
  return mapSliced(present, (line) => JSON.parse(line) as MeterValueRecord, new TimeSlices(), 16)
}

export type { MeterValue } from '@shared/contract/dto'

/**
 * One MeterValues message (or a StopTransaction's transactionData). transactionId is absent for the
 * main meter / values outside a transaction, -1 as sent by stations that never got an id.
 */
export type MeterValueRecord = MeterValueBatch

export interface MeterValueStoreOptions extends Partial<JournalTuning> {
  dir: string
  logger?: StorageLogger
}

export class MeterValueStore {
  /** Records with a transaction id, by transaction id (16 bytes each, off the JS heap). */
  private readonly byTransaction = new GroupedPositions()
  private count = 0

  private constructor(private readonly journal: JsonLinesJournal<MeterValueRecord>) {}

  static async open(options: MeterValueStoreOptions): Promise<MeterValueStore> {
    const { dir, logger = consoleStorageLogger, ...tuning } = options
    const journal = await JsonLinesJournal.open<MeterValueRecord>({ maxSegments: Number.MAX_SAFE_INTEGER, ...tuning, dir, name: 'meter-values', logger })
    const store = new MeterValueStore(journal)
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

  /** Every record of one transaction, in arrival order. */
  async forTransaction(transactionId: number): Promise<MeterValueRecord[]> {
    const positions = this.byTransaction.get(transactionId)
    return parsed(await this.journal.readLines(positions))
  }

  /**
   * The newest records of one transaction, in arrival order, whose stored lines add up to at most
   * `maxBytes` (at least the newest one), and how many older ones were left out.
   */
  async newestForTransaction(transactionId: number, maxBytes: number): Promise<{ records: MeterValueRecord[]; omitted: number }> {
    const positions = this.byTransaction.get(transactionId)
    let start = positions.length
    let bytes = 0
    while (start > 0 && (start === positions.length || bytes + positions[start - 1]!.length <= maxBytes)) {
      start -= 1
      bytes += positions[start]!.length
    }
    return { records: await parsed(await this.journal.readLines(positions.slice(start))), omitted: start }
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
