/**
 * The ReserveNow form's text turned into the reserveNow arguments, and into the ReserveNow payload
 * as it would go (for checkCall). Nothing here judges values: an integer field refuses only what is
 * not an integer, the date only what the contract's `date-time` would refuse.
 */
import type { CommandArgs } from '@shared/contract'
import { parseInteger } from '../operation-form'

/** Where parentIdTag comes from: the idTag's parent in the id-tag store (main looks it up), typed, or none. */
export type ParentMode = 'store' | 'typed' | 'none'

export interface ReserveNowDraft {
  connectorId: string
  idTag: string
  expiryDate: string
  parentMode: ParentMode
  parentIdTag: string
  /** Empty = a new id allocated by main. */
  reservationId: string
}

export interface ReserveNowContext {
  /** The idTag's parent in the id-tag store now, if it has one. */
  storeParent?: string
  /** Stands in for the id main will allocate, so the check sees a complete payload. */
  newIdForCheck: number
}

export interface BuiltReserveNow {
  args?: CommandArgs<'reserveNow'>
  missing?: string
  /** The ReserveNow payload as it would go, as far as the form knows it. */
  check?: Record<string, unknown>
}

/** An ISO-8601 date-time with its time zone (what the contract's `date-time` takes). */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/

/** Whether the text is a date-time the CSMS takes (it is sent as typed). */
export function isDateTime(text: string): boolean {
  const typed = text.trim()
  return DATE_TIME.test(typed) && !Number.isNaN(Date.parse(typed))
}

export function buildReserveNow(stationId: string, draft: ReserveNowDraft, context: ReserveNowContext): BuiltReserveNow {
  const problems: string[] = []
  const connector = parseInteger(draft.connectorId)
  if (connector.state === 'empty') problems.push('connectorId is required')
  else if (connector.state === 'invalid') problems.push(`connectorId: ${connector.message}`)
  if (draft.idTag === '') problems.push('idTag is required')
  const expiry = draft.expiryDate.trim()
  if (expiry === '') problems.push('expiryDate is required')
  else if (!isDateTime(expiry)) problems.push('expiryDate: not an ISO-8601 date-time with a time zone')
  if (draft.parentMode === 'typed' && draft.parentIdTag === '') problems.push('type a parentIdTag, or choose “from the id-tag store” or “none”')
  const id = parseInteger(draft.reservationId)
  if (id.state === 'invalid') problems.push(`reservationId: ${id.message}`)
  if (problems.length > 0 || connector.state !== 'ok') return { missing: problems.join('; ') }

  const args: CommandArgs<'reserveNow'> = { stationId, connectorId: connector.value, idTag: draft.idTag, expiryDate: expiry }
  if (draft.parentMode === 'typed') args.parentIdTag = draft.parentIdTag
  else if (draft.parentMode === 'none') args.parentIdTag = null
  if (id.state === 'ok') args.reservationId = id.value

  const parent = draft.parentMode === 'typed' ? draft.parentIdTag : draft.parentMode === 'store' ? context.storeParent : undefined
  const check: Record<string, unknown> = { connectorId: connector.value, expiryDate: expiry, idTag: draft.idTag }
  if (parent !== undefined) check.parentIdTag = parent
  check.reservationId = id.state === 'ok' ? id.value : context.newIdForCheck
  return { args, check }
}
