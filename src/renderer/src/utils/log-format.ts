import type { LogEntry } from '@shared/contract'
import { oneLine } from './format'

export function directionLabel(direction: LogEntry['direction']): string {
  return direction === 'out' ? '→ CP' : '← CP'
}

export function directionTitle(direction: LogEntry['direction']): string {
  return direction === 'out' ? 'Sent by the CSMS to the charge point' : 'Received from the charge point'
}

/** The OCPP-J message array as it went over the wire (the raw text for an INVALID frame). */
export function frameOf(e: LogEntry): unknown {
  switch (e.kind) {
    case 'CALL':
      return [2, e.messageId, e.action, e.payload]
    case 'CALLRESULT':
      return [3, e.messageId, e.payload]
    case 'CALLERROR':
      return [4, e.messageId, e.errorCode, e.errorDescription ?? '', e.payload ?? {}]
    default:
      return e.raw ?? e.payload
  }
}

const summaries = new WeakMap<LogEntry, string>()

/** A one-line summary for the table, computed once per entry. */
export function summaryOf(e: LogEntry): string {
  let s = summaries.get(e)
  if (s === undefined) {
    if (e.payloadOmitted) s = oneLine(`[${Math.round(e.payloadOmitted.bytes / 1024)} KiB, not shown whole] ${e.payloadOmitted.preview}`, 160)
    else if (e.kind === 'CALLERROR') s = oneLine(`${e.errorCode ?? ''}: ${e.errorDescription ?? ''}`, 160)
    else if (e.kind === 'INVALID') s = oneLine(e.raw ?? e.payload, 160)
    else s = oneLine(e.payload, 160)
    summaries.set(e, s)
  }
  return s
}
