/**
 * An answer as the JSON both transports send, written in one place (issue 18 §3 and §4).
 *
 * A list (a plain list, or the list of a paged answer) is written record by record, in slices
 * (time-slices.ts): the command history with answers of up to 64 KiB each or thousands of stations
 * hold the event loop for one slice at a time, never for one JSON.stringify of tens of megabytes. The
 * text is JSON.stringify's whenever every record can be written. A record that cannot be (nested too
 * deeply, a value JSON has no form for) never fails the whole list:
 *
 * - in the plain lists, it becomes a stub with the fields that can be written, defaults for the
 *   others, and `unreadable` saying why (the UI shows it as such);
 * - in the paged answers (transactions, message log, a transaction's meter values) it is left out
 *   and counted in the answer's `skipped` field.
 *
 * Anything else is written whole (one JSON.stringify); what cannot be written is an internal error:
 * the client gets a 500 with an id.
 */
import type { CommandName } from '@shared/contract/commands'
import { jsonFailureReason } from '../util/json-failure'
import { TimeSlices } from '../util/time-slices'

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

/** How many records are written between two looks at the clock (a record may be a 64 KiB answer). */
const RECORDS_PER_CHECK = 8

type Failed = (index: number, reason: string) => void

/**
 * The JSON text of `list`, a record at a time in slices. `onFailure` decides what a record that
 * cannot be written becomes: its text (a stub), undefined (left out), or it throws.
 */
async function listText(list: readonly unknown[], onFailure: (record: unknown, index: number, error: unknown) => string | undefined, slices: TimeSlices): Promise<{ text: string; left: number }> {
  const parts: string[] = []
  let left = 0
  for (let index = 0; index < list.length; index += 1) {
    if (index > 0 && index % RECORDS_PER_CHECK === 0) await slices.pause()
    let text: string | undefined
    try {
      // In an array, what JSON.stringify cannot write (undefined, a function) is written as null.
      text = JSON.stringify(list[index]) ?? 'null'
    } catch (error) {
      text = onFailure(list[index], index, error)
      if (text === undefined) left += 1
    }
    if (text !== undefined) parts.push(text)
  }
  return { text: `[${parts.join(',')}]`, left }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false
  const prototype = Object.getPrototypeOf(value) as unknown
  return prototype === Object.prototype || prototype === null
}

/** A paged answer: its list in slices, what cannot be written left out and counted in `count`; the other fields whole. */
async function pageText(answer: Record<string, unknown>, items: string, count: string, failed: Failed, slices: TimeSlices): Promise<string> {
  const list = await listText(answer[items] as unknown[], (_record, index, error) => void failed(index, jsonFailureReason(error)), slices)
  const fields: string[] = []
  const field = (key: string, text: string | undefined) => text !== undefined && fields.push(`${JSON.stringify(key)}:${text}`)
  const before = typeof answer[count] === 'number' ? (answer[count] as number) : 0
  for (const key of Object.keys(answer)) {
    if (key === items) field(key, list.text)
    else if (key === count && list.left > 0) field(key, String(before + list.left))
    else {
      try {
        field(key, JSON.stringify(answer[key]))
      } catch {
        // A field beside the list that cannot be written is left out, as the list's records are.
      }
    }
  }
  if (list.left > 0 && !Object.hasOwn(answer, count)) field(count, String(list.left))
  return `{${fields.join(',')}}`
}

/**
 * The JSON text of `result`: lists record by record in slices, a record that cannot be written
 * replaced or left out; throws UnservableAnswerError when the answer cannot be written even so.
 */
export async function answerJson(command: string, result: unknown, log: (line: string) => void = console.warn, slices: TimeSlices = new TimeSlices()): Promise<string> {
  const value = result ?? null
  const stubs = Object.hasOwn(STUBS, command) ? (STUBS[command as keyof typeof STUBS] as Record<string, unknown>) : undefined
  const failed: Failed = (index, reason) => log(`${command}: record ${index} of the answer could not be written as JSON (${reason}); ${stubs ? 'a stub is shown instead' : 'it is left out'}`)
  if (Array.isArray(value)) {
    const list = await listText(
      value,
      (record, index, error) => {
        if (!stubs) throw new UnservableAnswerError(command, error)
        failed(index, jsonFailureReason(error))
        return JSON.stringify(stub(record, stubs, jsonFailureReason(error)))
      },
      slices,
    )
    return list.text
  }
  const paged = Object.hasOwn(PAGED, command) ? PAGED[command as keyof typeof PAGED] : undefined
  if (paged && isPlainObject(value) && Array.isArray(value[paged.items])) return pageText(value, paged.items, paged.count, failed, slices)
  try {
    return JSON.stringify(value)
  } catch (error) {
    throw new UnservableAnswerError(command, error)
  }
}
