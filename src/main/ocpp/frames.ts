/**
 * OCPP-J framing: parsing inbound text into a CALL, CALLRESULT or CALLERROR, or into the CALLERROR
 * that a malformed frame deserves. Nothing here knows about charging.
 */
import type { OcppErrorCode } from '@shared/ocpp/error-codes'
import { MAX_JSON_DEPTH, jsonTextTooDeep, tooDeepMessage } from '@shared/util/json-depth'

export const MAX_MESSAGE_ID_LENGTH = 36
/** The id used to answer a frame whose own id cannot be read (the OCPP 2.0.1 convention). */
export const UNKNOWN_MESSAGE_ID = '-1'

export type JsonObject = Record<string, unknown>

export interface CallFrame {
  kind: 'CALL'
  messageId: string
  action: string
  payload: JsonObject
}
export interface CallResultFrame {
  kind: 'CALLRESULT'
  messageId: string
  payload: unknown
}
export interface CallErrorFrame {
  kind: 'CALLERROR'
  messageId: string
  errorCode: string
  errorDescription: string
  errorDetails: unknown
}
/** A frame that could not be understood, with the CALLERROR it should get (if any). */
export interface InvalidFrame {
  kind: 'INVALID'
  messageId: string
  /** False when the frame looks like an answer (type 3/4) we cannot use: those are only logged. */
  answer: boolean
  /** The frame is an answer (type 3/4) to this message id whose content cannot be used: it fails that CALL. */
  answerTo?: string
  errorCode: OcppErrorCode
  errorDescription: string
}

export type ParsedFrame = CallFrame | CallResultFrame | CallErrorFrame | InvalidFrame

function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

const FRAME_START = /^\s*\[\s*(\d+)\s*,\s*"([^"\\]{1,36})"/

/** Best effort to recover a message id from text that is not valid JSON. */
function salvageMessageId(text: string): string {
  return FRAME_START.exec(text)?.[2] ?? UNKNOWN_MESSAGE_ID
}

function invalid(messageId: string, errorCode: OcppErrorCode, errorDescription: string, answer = true): InvalidFrame {
  return { kind: 'INVALID', messageId, answer, errorCode, errorDescription }
}

/** An answer (type 3/4) with a readable id that cannot be used: logged, and it fails the CALL it answers. */
function unusableAnswer(messageId: string, errorDescription: string): InvalidFrame {
  return { ...invalid(messageId, 'FormationViolation', errorDescription, false), answerTo: messageId }
}

/**
 * A frame nested deeper than MAX_JSON_DEPTH is never parsed: a CALL whose id can be read from the
 * start of the text gets a FormationViolation, an answer fails the CALL it names, anything else is
 * only logged.
 */
function tooDeep(text: string): InvalidFrame {
  const start = FRAME_START.exec(text)
  const description = tooDeepMessage('The frame')
  const typeId = start ? Number(start[1]) : undefined
  const messageId = start?.[2]
  if (messageId !== undefined && typeId === 2) return invalid(messageId, 'FormationViolation', description)
  if (messageId !== undefined && (typeId === 3 || typeId === 4)) return unusableAnswer(messageId, description)
  return invalid(messageId ?? UNKNOWN_MESSAGE_ID, 'FormationViolation', description, false)
}

export function parseFrame(text: string): ParsedFrame {
  if (jsonTextTooDeep(text, MAX_JSON_DEPTH)) return tooDeep(text)
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return invalid(salvageMessageId(text), 'FormationViolation', 'Frame is not valid JSON')
  }
  if (!Array.isArray(value)) {
    return invalid(UNKNOWN_MESSAGE_ID, 'FormationViolation', 'Frame is not a JSON array [MessageTypeId, MessageId, ...]')
  }
  const [typeId, id] = value
  const messageId = typeof id === 'string' && id.length > 0 ? id.slice(0, MAX_MESSAGE_ID_LENGTH) : UNKNOWN_MESSAGE_ID
  if (typeof typeId !== 'number') {
    return invalid(messageId, 'FormationViolation', 'MessageTypeId must be a number (2, 3 or 4)')
  }
  if (typeof id !== 'string' || id.length === 0) {
    return invalid(UNKNOWN_MESSAGE_ID, 'FormationViolation', 'MessageId must be a non-empty string', typeId === 2)
  }
  if (id.length > MAX_MESSAGE_ID_LENGTH) {
    return invalid(messageId, 'FormationViolation', `MessageId is longer than ${MAX_MESSAGE_ID_LENGTH} characters`, typeId === 2)
  }
  switch (typeId) {
    case 2:
      return parseCall(value, id)
    case 3:
      if (value.length !== 3) return unusableAnswer(id, 'CALLRESULT must have 3 elements: [3, id, {payload}]')
      return { kind: 'CALLRESULT', messageId: id, payload: value[2] }
    case 4:
      return parseCallError(value, id)
    default:
      return invalid(id, 'FormationViolation', `Unknown MessageTypeId ${typeId}: expected 2 (CALL), 3 (CALLRESULT) or 4 (CALLERROR)`)
  }
}

function parseCall(value: unknown[], messageId: string): ParsedFrame {
  const action = value[2]
  if (typeof action !== 'string' || action.length === 0) {
    return invalid(messageId, 'FormationViolation', 'CALL Action must be a non-empty string')
  }
  if (value.length < 4) {
    return invalid(messageId, 'ProtocolError', `CALL ${action} has no payload (expected [2, id, action, {payload}])`)
  }
  if (value.length > 4) return invalid(messageId, 'FormationViolation', 'CALL must have exactly 4 elements')
  const payload = value[3]
  if (!isPlainObject(payload)) {
    return invalid(messageId, 'FormationViolation', `CALL ${action} payload must be a JSON object`)
  }
  return { kind: 'CALL', messageId, action, payload }
}

function parseCallError(value: unknown[], messageId: string): ParsedFrame {
  const [, , errorCode, errorDescription, errorDetails] = value
  if (value.length !== 5 || typeof errorCode !== 'string' || typeof errorDescription !== 'string') {
    return unusableAnswer(messageId, 'CALLERROR must be [4, id, errorCode, errorDescription, {errorDetails}]')
  }
  return { kind: 'CALLERROR', messageId, errorCode, errorDescription, errorDetails }
}

export function serializeCall(messageId: string, action: string, payload: unknown): string {
  return JSON.stringify([2, messageId, action, payload])
}

export function serializeCallResult(messageId: string, payload: unknown): string {
  return JSON.stringify([3, messageId, payload])
}

export function serializeCallError(
  messageId: string,
  errorCode: OcppErrorCode,
  errorDescription: string,
  errorDetails: Record<string, unknown> = {},
): string {
  return JSON.stringify([4, messageId, errorCode, errorDescription, errorDetails])
}
