/**
 * A message-log entry as clients see it (a query page, the live `messagesLogged` event): a frame
 * whose stored line is larger than MAX_SHOWN_ENTRY_BYTES (a DataTransfer with a megabyte of vendor
 * data, a MeterValues with thousands of sampled values) is shown with the start of its payload and
 * its size, not whole. The journal keeps every frame whole, and the NDJSON export writes it whole.
 *
 * Such an entry is made from its stored line without parsing the payload (issue 18 §3): the payload
 * is always the line's last field, so the fields before it are parsed on their own and the preview
 * is the start of the payload's text. A page of twenty 1 MiB frames costs a few small parses, not
 * twenty megabytes of JSON.
 */
import type { LogEntry } from '@shared/contract/dto'
// Relative, not @shared: storage also runs in plain-Node child processes without the alias.
import { maskLogEntry, maskText } from '../../shared/secret-mask'
import { isLogEntry } from './log-line-codec'
import { storedProblem } from './stored-check'

export const MAX_SHOWN_ENTRY_BYTES = 64 * 1024
/** Characters of an omitted payload's JSON that are shown. */
export const PAYLOAD_PREVIEW_CHARS = 2048
/** Stored bytes one query page reads at most (at least one entry): fewer entries come back, with `nextBefore` for the rest. */
export const MAX_PAGE_BYTES = 8 * 1024 * 1024

/** `,"payload":` as serializeLogEntry writes it: the last field of a line. */
const PAYLOAD_FIELD = ',"payload":'

/**
 * The line's fields before the payload and the payload's JSON text, or undefined when the line is
 * not laid out that way (no payload, or an older or edited line). The first `,"payload":` of a line
 * is the top-level one: no string can hold an unescaped quote, and the fields before it are the
 * CSMS's own (times, ids, violations).
 */
export function splitPayload(line: string): { head: string; payloadText: string } | undefined {
  const at = line.indexOf(PAYLOAD_FIELD)
  if (at < 0 || !line.endsWith('}')) return undefined
  return { head: `${line.slice(0, at)}}`, payloadText: line.slice(at + PAYLOAD_FIELD.length, -1) }
}

function preview(payloadText: string): string {
  return payloadText.slice(0, PAYLOAD_PREVIEW_CHARS)
}

/**
 * The entry as shown. `line` is its stored line when the caller has it: the preview is then cut
 * from it instead of serializing the payload once more.
 */
export function shownEntry(entry: LogEntry, lineBytes: number, line?: string): LogEntry {
  if (lineBytes <= MAX_SHOWN_ENTRY_BYTES || (entry.payload === undefined && entry.raw === undefined)) return entry
  const { payload, raw, ...rest } = entry
  let text: string
  const stored = raw === undefined && line !== undefined ? splitPayload(line) : undefined
  if (stored) text = stored.payloadText
  else {
    try {
      text = raw ?? JSON.stringify(payload) ?? ''
    } catch {
      text = ''
    }
  }
  return { ...rest, payloadOmitted: { bytes: lineBytes, preview: preview(text) } }
}

/**
 * A stored line larger than MAX_SHOWN_ENTRY_BYTES as shown, masked, without parsing its payload;
 * undefined when the line is not laid out as serializeLogEntry writes it (parse it whole then).
 * Lines written before masking existed are masked too: the preview is masked as text, over a
 * window well past its end so a secret cut by the preview's end is still recognised whole.
 */
export function shownLargeLine(line: string, lineBytes: number): LogEntry | undefined {
  const parts = splitPayload(line)
  if (!parts) return undefined
  let head: unknown
  try {
    head = JSON.parse(parts.head)
  } catch {
    return undefined
  }
  // A head that does not fit is left to the full parse, which quarantines the line (issue 18 §2).
  if (!isLogEntry(head) || head.raw !== undefined || storedProblem('logEntry', head) !== undefined) return undefined
  const masked = maskLogEntry(head)
  return { ...masked, payloadOmitted: { bytes: lineBytes, preview: preview(maskText(parts.payloadText.slice(0, MAX_SHOWN_ENTRY_BYTES))) } }
}
