/** The choices of a local list send and the sendLocalList arguments they stand for. */
import type { CommandArgs, ListSend } from '@shared/contract'
import type { AuthorizationData } from '@shared/ocpp/payloads'
import { parseInteger } from '../operations/operation-form'

export interface SendListOptionsModel {
  /** asIs = a Differential whose entries go as they are (no difference computed). */
  updateType: 'Full' | 'Differential' | 'asIs'
  /** Empty = auto (main allocates per station). */
  versionText: string
  /** Empty = auto (the station's SendLocalListMaxLength). */
  chunkText: string
}

export const defaultSendListOptions = (): SendListOptionsModel => ({ updateType: 'Full', versionText: '', chunkText: '' })

/** What goes: a library list, entries given, or nothing at all (an empty list). */
export type ListSource = { listId: string } | { entries: AuthorizationData[] }

/** The sendLocalList arguments, or what is still wrong with the choices. Typed values go as typed. */
export function sendListArgs(stationIds: string[], source: ListSource, o: SendListOptionsModel): { args: CommandArgs<'sendLocalList'> } | { error: string } {
  const args: CommandArgs<'sendLocalList'> = { stationIds, ...source, updateType: o.updateType === 'Full' ? 'Full' : 'Differential' }
  if (o.updateType === 'asIs') args.asIs = true
  const version = parseInteger(o.versionText)
  if (version.state === 'invalid') return { error: `listVersion: ${version.message}; leave it empty for auto` }
  if (version.state === 'ok') args.listVersion = version.value
  const chunk = parseInteger(o.chunkText)
  if (chunk.state === 'invalid') return { error: `entries per message: ${chunk.message}; leave it empty for auto` }
  if (chunk.state === 'ok') args.chunkSize = chunk.value
  return { args }
}

/** One station of a send in the progress view. */
export interface ProgressRow {
  stationId: string
  /** The send this row follows (localListChanged events bring its chunks' answers). */
  send: ListSend
  /** Earlier attempts of this row, in words (e.g. “v8 Differential: VersionMismatch, resent as Full”). */
  earlier: string[]
}
