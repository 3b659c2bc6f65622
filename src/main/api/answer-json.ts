/**
 * An answer as the JSON both transports send (issue 18 §4). Written whole when it can be (the usual
 * case: one JSON.stringify, as before); when it cannot (a record nested too deeply, a value JSON has
 * no form for), a list is written record by record, so one bad record never fails the whole list:
 *
 * - in the plain lists, a record that cannot be written becomes a stub with the fields that can,
 *   defaults for the others, and `unreadable` saying why (the UI shows it as such);
 * - in the paged answers (transactions, message log, a transaction's meter values) it is left out
 *   and counted in the answer's `skipped` field.
 *
 * Anything else that cannot be written is an internal error: the client gets a 500 with an id.
 */
import type { CommandName } from '@shared/contract/commands'
import { jsonFailureReason } from '../util/json-failure'

/** An answer that cannot be written as JSON, even record by record (answered 500 with an id). */
export class UnservableAnswerError extends Error {
  constructor(command: string, cause: unknown) {
    super(`The answer to ${command} cannot be written as JSON (${jsonFailureReason(cause)})`, { cause })
    this.name = 'UnservableAnswerError'
  }
}

/** Plain lists: the defaults a stub starts from (what the UI needs to draw a row). */
const STUBS = {
  listTasks: { id: '', stationId: '', action: '', payload: null, state: 'answered', createdAt: '' },
  listStations: { id: '', firstSeen: '', everAccepted: false, overrides: {}, violationCount: 0, connection: { connected: false, pendingCalls: 0 } },
  getStatusHistory: { connectorId: 0, status: '', errorCode: '', receivedAt: '' },
  listIdTags: { idTag: '', status: 'Invalid', createdAt: '', updatedAt: '' },
  listReservations: { reservationId: 0, stationId: '', connectorId: 0, idTag: '', expiryDate: '', state: 'failed', createdAt: '', taskId: '' },
  listChargingProfiles: { id: '', name: '', profile: {}, createdAt: '', updatedAt: '' },
  listAuthLists: { id: '', name: '', entries: [], createdAt: '', updatedAt: '' },
  listFirmwareFiles: { id: '', name: '', size: 0, sha256: '', addedAt: '', url: '' },
  listDiagnosticsUploads: { id: '', stationId: '', fileName: '', size: 0, receivedAt: '', via: 'ftp' },
} satisfies Partial<Record<CommandName, Record<string, unknown>>>

/** Paged answers: the list field, and the field that counts what was left out. */
const PAGED = {
  listTransactions: { items: 'items', count: 'skipped' },
  queryLog: { items: 'entries', count: 'skipped' },
  getTransaction: { items: 'meterValues', count: 'meterValuesSkipped' },
} satisfies Partial<Record<CommandName, { items: string; count: string }>>

function writes(value: unknown): boolean {
  try {
    JSON.stringify(value)
    return true
  } catch {
    return false
  }
}

/** The stub of a record that cannot be written: its fields that can, over the defaults, and why. */
function stub(record: unknown, defaults: Record<string, unknown>, reason: string): Record<string, unknown> {
  const kept = new Map<string, unknown>(Object.entries(defaults))
  if (record !== null && typeof record === 'object' && !Array.isArray(record)) {
    for (const [key, value] of Object.entries(record)) {
      // A field the UI draws keeps its default unless the record's value is of the same kind.
      if (value === undefined || (Object.hasOwn(defaults, key) && typeof value !== typeof defaults[key])) continue
      if (writes(value)) kept.set(key, value)
    }
  }
  kept.set('unreadable', `This record could not be shown: ${reason}.`)
  return Object.fromEntries(kept)
}

/** The answer with each record that cannot be written replaced or left out; undefined when `command` has no list to repair. */
function repaired(command: string, result: unknown, log: (line: string) => void): unknown {
  const failed = (index: number, reason: string) => log(`${command}: record ${index} of the answer could not be written as JSON (${reason}); ${Object.hasOwn(STUBS, command) ? 'a stub is shown instead' : 'it is left out'}`)
  if (Object.hasOwn(STUBS, command) && Array.isArray(result)) {
    const defaults = STUBS[command as keyof typeof STUBS] as Record<string, unknown>
    return result.map((record, index) => {
      try {
        JSON.stringify(record)
        return record
      } catch (error) {
        failed(index, jsonFailureReason(error))
        return stub(record, defaults, jsonFailureReason(error))
      }
    })
  }
  if (Object.hasOwn(PAGED, command) && result !== null && typeof result === 'object') {
    const { items, count } = PAGED[command as keyof typeof PAGED]
    const answer = result as Record<string, unknown>
    const list = answer[items]
    if (!Array.isArray(list)) return undefined
    const kept = list.filter((record, index) => {
      try {
        JSON.stringify(record)
        return true
      } catch (error) {
        failed(index, jsonFailureReason(error))
        return false
      }
    })
    const before = typeof answer[count] === 'number' ? (answer[count] as number) : 0
    const rest = Object.fromEntries(Object.entries(answer).filter(([key, value]) => key === items || key === count || writes(value)))
    return { ...rest, [items]: kept, [count]: before + list.length - kept.length }
  }
  return undefined
}

/** The JSON text of `result`, record by record where it must be; throws UnservableAnswerError when even that fails. */
export function answerJson(command: string, result: unknown, log: (line: string) => void = console.warn): string {
  try {
    return JSON.stringify(result ?? null)
  } catch (error) {
    const repair = repaired(command, result, log)
    if (repair === undefined) throw new UnservableAnswerError(command, error)
    try {
      return JSON.stringify(repair)
    } catch (again) {
      throw new UnservableAnswerError(command, again)
    }
  }
}
