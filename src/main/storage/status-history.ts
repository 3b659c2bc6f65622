/**
 * Every StatusNotification ever received, in an append-only JSON-lines journal, with an in-memory
 * index per station (seq, connector, position) for newest-first queries.
 */
import type { ConnectorStatus } from '@shared/contract/dto'
import { JsonLinesJournal, type JournalTuning, type RecordPosition } from './json-lines-journal'
import type { LineQuarantine } from './journal-quarantine'
import { parseStoredLine, StoredRecordError } from './stored-check'
import { consoleStorageLogger, type StorageLogger } from './storage-logger'

const JOURNAL_NAME = 'status'
export const DEFAULT_STATUS_QUERY_LIMIT = 100
export const MAX_STATUS_QUERY_LIMIT = 1000

/** One line of the journal. */
export interface StatusHistoryRecord extends ConnectorStatus {
  seq: number
  stationId: string
}

export interface StatusHistoryQuery {
  stationId: string
  connectorId?: number
  /** Only records with a seq below this one (paging). */
  before?: number
  limit?: number
}

interface IndexEntry {
  seq: number
  connectorId: number
  position: RecordPosition
}

export interface StatusHistoryOptions extends Partial<JournalTuning> {
  dir: string
  logger?: StorageLogger
  /** Where statuses that cannot be used are set aside. */
  quarantine?: LineQuarantine
}

export class StatusHistory {
  private constructor(
    private readonly journal: JsonLinesJournal<StatusHistoryRecord>,
    /** Per station, oldest first. */
    private readonly index: Map<string, IndexEntry[]>,
    private nextSeq: number,
  ) {}

  static async open(options: StatusHistoryOptions): Promise<StatusHistory> {
    const { dir, logger = consoleStorageLogger, ...tuning } = options
    const index = new Map<string, IndexEntry[]>()
    const journal = await JsonLinesJournal.open<StatusHistoryRecord>({
      maxSegmentBytes: 16 * 1024 * 1024,
      maxSegments: 8,
      ...tuning,
      dir,
      name: JOURNAL_NAME,
      logger,
      onSegmentsDeleted: (segments) => {
        const dropped = new Set(segments)
        for (const [stationId, list] of index) index.set(stationId, list.filter((e) => !dropped.has(e.position.segment)))
      },
    })
    let lastSeq = 0
    for (const segment of journal.segments()) {
      await journal.scan(
        segment,
        0,
        (line) => parseStoredLine<StatusHistoryRecord>('status', line.toString('utf8')),
        (record, position) => {
          if (record.seq <= lastSeq) return
          lastSeq = record.seq
          StatusHistory.add(index, record.stationId, { seq: record.seq, connectorId: record.connectorId, position })
        },
      )
    }
    return new StatusHistory(journal, index, lastSeq + 1)
  }

  private static add(index: Map<string, IndexEntry[]>, stationId: string, entry: IndexEntry): void {
    const list = index.get(stationId)
    if (list) list.push(entry)
    else index.set(stationId, [entry])
  }

  /** Appends one status; resolves once it is durably written. */
  async append(stationId: string, status: ConnectorStatus): Promise<void> {
    const record: StatusHistoryRecord = { seq: this.nextSeq++, stationId, ...status }
    const position = this.journal.appendNoWait(record)
    StatusHistory.add(this.index, stationId, { seq: record.seq, connectorId: record.connectorId, position })
    await this.journal.flush()
  }

  /** Newest first. */
  async query(query: StatusHistoryQuery): Promise<ConnectorStatus[]> {
    const limit = Math.min(Math.max(Math.floor(query.limit ?? DEFAULT_STATUS_QUERY_LIMIT), 1), MAX_STATUS_QUERY_LIMIT)
    const list = this.index.get(query.stationId) ?? []
    const hits: IndexEntry[] = []
    for (let i = list.length - 1; i >= 0 && hits.length < limit; i -= 1) {
      const entry = list[i]!
      if (query.before !== undefined && entry.seq >= query.before) continue
      if (query.connectorId !== undefined && entry.connectorId !== query.connectorId) continue
      hits.push(entry)
    }
    const lines = await this.journal.readLines(hits.map((hit) => hit.position))
    const result: ConnectorStatus[] = []
    lines.forEach((line, i) => {
      if (line === undefined) return
      try {
        const { seq: _seq, stationId: _stationId, ...status } = parseStoredLine<StatusHistoryRecord>('status', line)
        result.push(status)
      } catch (error) {
        // Checked at start already: only a line changed on disk since gets here. Set aside, skipped.
        this.journal.setAside(line, hits[i]!.position, error instanceof StoredRecordError ? error.reason : String(error), query.stationId)
      }
    })
    return result
  }

  /** How many statuses the index holds: those still in the journal (retention bounds the memory too). */
  count(): number {
    let count = 0
    for (const list of this.index.values()) count += list.length
    return count
  }

  flush(): Promise<void> {
    return this.journal.flush()
  }

  close(): Promise<void> {
    return this.journal.close()
  }
}
