/**
 * A message-log entry as clients see it (a query page, the live `messagesLogged` event): a frame
 * whose stored line is larger than MAX_SHOWN_ENTRY_BYTES (a DataTransfer with a megabyte of vendor
 * data, a MeterValues with thousands of sampled values) is shown with the start of its payload and
 * its size, not whole. The journal keeps every frame whole, and the NDJSON export writes it whole.
 */
import type { LogEntry } from '@shared/contract/dto'

export const MAX_SHOWN_ENTRY_BYTES = 64 * 1024
/** Characters of an omitted payload's JSON that are shown. */
export const PAYLOAD_PREVIEW_CHARS = 2048
/** Stored bytes one query page reads at most (at least one entry): fewer entries come back, with `nextBefore` for the rest. */
export const MAX_PAGE_BYTES = 8 * 1024 * 1024

export function shownEntry(entry: LogEntry, lineBytes: number): LogEntry {
  if (lineBytes <= MAX_SHOWN_ENTRY_BYTES || (entry.payload === undefined && entry.raw === undefined)) return entry
  const { payload, raw, ...rest } = entry
  let text: string
  try {
    text = raw ?? JSON.stringify(payload) ?? ''
  } catch {
    text = ''
  }
  return { ...rest, payloadOmitted: { bytes: lineBytes, preview: text.slice(0, PAYLOAD_PREVIEW_CHARS) } }
}
