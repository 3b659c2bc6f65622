/**
 * The message log: every OCPP frame in and out, in a JSON-lines journal, with an in-memory index of
 * metadata (no payloads) for filtered, paged queries. Appending is synchronous and cheap for the
 * caller; the journal writes in the background with group commit.
 *
 * Secrets never reach the file, the events or the export (issue 17 §7): an entry is masked when it
 * is appended (what `append` returns, and so what is announced, is the masked entry) and again when
 * read, for journals written before masking existed.
 */
import type { LogEntry, LogPage, LogQuery } from '@shared/contract/dto'
// Relative, not @shared: storage also runs in plain-Node child processes (crash tests) without the alias.
import { maskLogEntry } from '../../shared/secret-mask'
import { JsonLinesJournal, type JournalTuning } from './json-lines-journal'
import type { LineQuarantine } from './journal-quarantine'
import { StoredRecordError } from './stored-check'
import { LogIndex, type CompiledFilter, type IndexHit } from './log-index'
import { decodeLogLineHeader, parseLogEntry, serializeLogEntry, timeToMs } from './log-line-codec'
import { MAX_PAGE_BYTES, shownEntry } from './log-entry-view'
import { consoleStorageLogger, describeError, StorageError, type StorageLogger } from './storage-logger'

export const DEFAULT_QUERY_LIMIT = 100
export const MAX_QUERY_LIMIT = 1000
const EXPORT_BATCH = 1000
const JOURNAL_NAME = 'messages'

export interface MessageLogOptions extends Partial<JournalTuning> {
  /** Directory of the segment files (`messages-000001.jsonl`, ...). */
  dir: string
  logger?: StorageLogger
  /** Where entries that cannot be used are set aside. */
  quarantine?: LineQuarantine
}

export interface MessageLogStats {
  /** Entries in the index (on disk or about to be). */
  count: number
  /** Bytes in the live segments, including lines not yet written. */
  bytes: number
  segments: number
  /** Memory held by the index's arrays. */
  indexBytes: number
  /** Entries that could not be logged (journal closed, or the disk stopped accepting writes). */
  dropped: number
}

/** Stores what cannot be serialized as a note instead of failing the caller (a BigInt, a cycle). */
function serializeSafely(entry: LogEntry): string {
  try {
    return serializeLogEntry(entry)
  } catch (error) {
    const { payload: _payload, violations: _violations, ...rest } = entry
    return serializeLogEntry({ ...rest, raw: `[payload not storable: ${describeError(error)}]` })
  }
}

function toMs(name: 'from' | 'to', value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const ms = Date.parse(value)
  if (!Number.isFinite(ms)) throw new StorageError('INVALID_QUERY', `"${name}" must be an ISO-8601 time, got "${value}"`)
  return ms
}

function pageSize(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_QUERY_LIMIT
  return Math.min(Math.max(Math.floor(limit), 1), MAX_QUERY_LIMIT)
}

export class MessageLog {
  private dropped = 0
  private closed = false
  private warnedAfterClose = false

  private constructor(
    private readonly journal: JsonLinesJournal<LogEntry>,
    private readonly index: LogIndex,
    private nextSeq: number,
    private readonly logger: StorageLogger,
  ) {}

  /** Opens the log in `dir`, rebuilding the index from the segments on disk. */
  static async open(options: MessageLogOptions): Promise<MessageLog> {
    const { dir, logger = consoleStorageLogger, ...tuning } = options
    const index = new LogIndex()
    const journal = await JsonLinesJournal.open<LogEntry>({
      ...tuning,
      dir,
      name: JOURNAL_NAME,
      serialize: serializeSafely,
      parse: parseLogEntry,
      logger,
      onSegmentsDeleted: (segments) => index.dropSegments(segments),
    })
    let lastSeq = 0
    let outOfOrder = 0
    for (const segment of journal.segments()) {
      await journal.scan(segment, 0, decodeLogLineHeader, (entry, position) => {
        // Queries rely on seq order; an entry that breaks it can only come from a damaged or edited file.
        if (entry.seq <= lastSeq) return void (outOfOrder += 1)
        index.add(entry, position)
        lastSeq = entry.seq
      })
    }
    if (outOfOrder > 0) logger.warn(`message log in ${dir}: ignored ${outOfOrder} entries whose seq was out of order`)
    return new MessageLog(journal, index, lastSeq + 1, logger)
  }

  /**
   * Logs a frame, masked, and returns it with its seq. Never throws for an I/O problem: an entry that
   * cannot be queued is counted in `stats().dropped` and reported in the log.
   */
  append(input: Omit<LogEntry, 'seq'>): LogEntry {
    let timeMs = timeToMs(input.time)
    const entry: LogEntry = { ...maskLogEntry(input), seq: this.nextSeq++ }
    if (timeMs === 0 && Number.isNaN(Date.parse(input.time))) {
      timeMs = Date.now()
      entry.time = new Date(timeMs).toISOString()
    }
    if (this.closed) {
      // Answers to calls that were in flight at shutdown: expected, not an I/O problem; one line.
      if (!this.warnedAfterClose) this.logger.warn('message log: frames arriving after shutdown began are not logged')
      this.warnedAfterClose = true
      return entry
    }
    try {
      const position = this.journal.appendNoWait(entry)
      this.index.add({ seq: entry.seq, timeMs, stationId: entry.stationId, action: entry.action, direction: entry.direction, kind: entry.kind }, position)
      return shownEntry(entry, position.length)
    } catch (error) {
      this.dropped += 1
      if (this.dropped === 1 || this.dropped % 1000 === 0) {
        this.logger.error(`message log: ${this.dropped} frame(s) not logged so far: ${describeError(error)}`)
      }
    }
    return entry
  }

  /** Newest first, filtered; pass `nextBefore` back as `before` for the next (older) page. */
  async query(query: LogQuery): Promise<LogPage> {
    const limit = pageSize(query.limit)
    const filter = this.compile(query)
    if (!filter) return { entries: [] }
    const hits = this.index.newest(filter, query.before ?? Infinity, limit + 1)
    // A page reads at most MAX_PAGE_BYTES (always one entry): a thousand 1 MiB frames are not one answer.
    let bytes = 0
    let fit = 0
    while (fit < Math.min(hits.length, limit) && (fit === 0 || bytes + hits[fit]!.length <= MAX_PAGE_BYTES)) bytes += hits[fit++]!.length
    const more = hits.length > fit
    hits.length = fit
    const entries: LogEntry[] = []
    let skipped = 0
    const lines = await this.journal.readLines(hits)
    lines.forEach((line, i) => {
      const entry = this.parseLine(line, hits[i]!)
      if (entry) entries.push(shownEntry(maskLogEntry(entry), hits[i]!.length))
      else if (line !== undefined) skipped += 1
    })
    return { entries, ...(more ? { nextBefore: hits[hits.length - 1]!.seq } : {}), ...(skipped > 0 ? { skipped } : {}) }
  }

  /**
   * Writes the matching entries oldest first, one JSON object per call (no trailing newline), and
   * returns how many were written. Entries logged after the export started are not included.
   */
  async exportNdjson(query: LogQuery, write: (line: string) => void | Promise<void>, limit = Infinity): Promise<number> {
    const filter = this.compile(query)
    if (!filter) return 0
    const before = Math.min(query.before ?? Infinity, this.nextSeq)
    let after = 0
    let written = 0
    while (written < limit) {
      const hits = this.index.oldest(filter, after, before, Math.min(EXPORT_BATCH, limit - written))
      if (hits.length === 0) break
      after = hits[hits.length - 1]!.seq
      const lines = await this.journal.readLines(hits)
      for (let i = 0; i < lines.length; i += 1) {
        // Parsed to be sure a damaged line never reaches the export, and that no secret does.
        const entry = this.parseLine(lines[i], hits[i]!)
        if (!entry) continue
        const masked = maskLogEntry(entry)
        const pending = write(masked === entry ? lines[i]! : serializeLogEntry(masked))
        if (pending) await pending
        written += 1
      }
    }
    return written
  }

  stats(): MessageLogStats {
    const journal = this.journal.stats()
    return { count: this.index.count, bytes: journal.bytes, segments: journal.segments, indexBytes: this.index.memoryBytes(), dropped: this.dropped }
  }

  /** Resolves once every entry appended so far is durably written. */
  flush(): Promise<void> {
    return this.journal.flush()
  }

  close(): Promise<void> {
    this.closed = true
    return this.journal.close()
  }

  private compile(query: LogQuery): CompiledFilter | undefined {
    return this.index.compile({
      stationId: query.stationId,
      action: query.action,
      direction: query.direction,
      kind: query.kind,
      fromMs: toMs('from', query.from),
      toMs: toMs('to', query.to),
    })
  }

  /** The entry of a line, checked; one that cannot be used is set aside (the journal keeps it) and skipped with a warning. */
  private parseLine(line: string | undefined, hit: IndexHit): LogEntry | undefined {
    if (line === undefined) return undefined // its segment was deleted by retention meanwhile
    try {
      return parseLogEntry(line)
    } catch (error) {
      const reason = error instanceof StoredRecordError ? error.reason : describeError(error)
      const where = this.journal.setAside(line, hit, reason, error instanceof StoredRecordError ? error.stationId : undefined)
      this.logger.warn(`message log: entry ${hit.seq} in segment ${hit.segment} at byte ${hit.offset} is damaged and was skipped (${reason})${where ? `; ${where}` : ''}`)
      return undefined
    }
  }
}
