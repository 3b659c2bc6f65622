/**
 * The UpdateFirmware and GetDiagnostics forms' fields → the arguments of updateFirmware /
 * requestDiagnostics, and the payload as the station would get it (for checkCall). Free values:
 * only what the contract cannot carry is refused (an integer that is not one, a time that is not
 * ISO-8601); everything else is judged by checkCall (schema violations block, warnings do not).
 */
import type { CommandArgs, FileServicesInfo, FirmwareFile } from '@shared/contract'
import { isoFromNow } from '../../../utils/profile-draft'
import { parseInteger } from '../operation-form'
import { isDateTime } from '../reservation/reserve-now-args'

export type DiagnosticsProtocol = 'ftp' | 'http-put' | 'http-post'
export const DIAGNOSTICS_PROTOCOLS: readonly DiagnosticsProtocol[] = ['ftp', 'http-put', 'http-post']

export interface UpdateFirmwareDraft {
  /** A file of the built-in host, or null when the location is typed. */
  firmwareId: string | null
  location: string
  /** ISO-8601, or empty = now (main fills in the moment of sending). */
  retrieveDate: string
  retries: string
  retryInterval: string
}

export type UpdateFirmwareOptions = Omit<CommandArgs<'updateFirmware'>, 'stationIds'>

export interface Built<A> {
  args?: A
  /** The CALL payload as the station would get it, for checkCall. */
  check?: Record<string, unknown>
  missing?: string
}

function integers(draft: { retries: string; retryInterval: string }, problems: string[]): { retries?: number; retryInterval?: number } {
  const out: { retries?: number; retryInterval?: number } = {}
  for (const name of ['retries', 'retryInterval'] as const) {
    const parsed = parseInteger(draft[name])
    if (parsed.state === 'ok') out[name] = parsed.value
    else if (parsed.state === 'invalid') problems.push(`${name}: ${parsed.message}`)
  }
  return out
}

function time(name: string, text: string, problems: string[]): string | undefined {
  const typed = text.trim()
  if (!typed) return undefined
  if (!isDateTime(typed)) {
    problems.push(`${name}: not an ISO-8601 date-time with a time zone`)
    return undefined
  }
  return typed
}

/** `file` is the hosted file chosen (undefined when it is gone); `now` stands in for an empty retrieveDate in the check. */
export function buildUpdateFirmware(draft: UpdateFirmwareDraft, file: FirmwareFile | undefined, now = Date.now()): Built<UpdateFirmwareOptions> {
  const problems: string[] = []
  const args: UpdateFirmwareOptions = {}
  let location: string | undefined
  if (draft.firmwareId !== null) {
    if (file) {
      args.firmwareId = file.id
      location = file.url
    } else problems.push('the chosen firmware file is no longer hosted: choose another or type a location')
  } else if (draft.location !== '') {
    args.location = draft.location
    location = draft.location
  } else problems.push('choose a hosted firmware file or type a location')
  const retrieveDate = time('retrieveDate', draft.retrieveDate, problems)
  if (retrieveDate) args.retrieveDate = retrieveDate
  Object.assign(args, integers(draft, problems))
  if (problems.length > 0) return { missing: problems.join('; ') }
  const check: Record<string, unknown> = { location, retrieveDate: retrieveDate ?? isoFromNow(0, now) }
  if (args.retries !== undefined) check.retries = args.retries
  if (args.retryInterval !== undefined) check.retryInterval = args.retryInterval
  return { args, check }
}

export interface GetDiagnosticsDraft {
  /** A built-in receiver, or a typed location. */
  target: DiagnosticsProtocol | 'typed'
  location: string
  startTime: string
  stopTime: string
  retries: string
  retryInterval: string
}

export type GetDiagnosticsOptions = Omit<CommandArgs<'requestDiagnostics'>, 'stationId'>

/** What a location on the built-in receiver looks like (host, port, scheme); the real one, with its own credentials, is made when sent. */
export function receiverExample(services: FileServicesInfo | null, protocol: DiagnosticsProtocol): string | undefined {
  if (!services) return undefined
  return protocol === 'ftp' ? `${services.ftp.baseUrl}/` : `${services.http.baseUrl}/diagnostics/`
}

export function receiverState(services: FileServicesInfo | null, protocol: DiagnosticsProtocol): { running: boolean; error?: string } | undefined {
  if (!services) return undefined
  return protocol === 'ftp' ? services.ftp : services.http
}

export function buildGetDiagnostics(draft: GetDiagnosticsDraft, services: FileServicesInfo | null): Built<GetDiagnosticsOptions> {
  const problems: string[] = []
  const args: GetDiagnosticsOptions = {}
  let location: string | undefined
  if (draft.target === 'typed') {
    if (draft.location !== '') {
      args.location = draft.location
      location = draft.location
    } else problems.push('type a location, or choose a built-in receiver')
  } else {
    args.protocol = draft.target
    location = receiverExample(services, draft.target)
  }
  const startTime = time('startTime', draft.startTime, problems)
  const stopTime = time('stopTime', draft.stopTime, problems)
  if (startTime) args.startTime = startTime
  if (stopTime) args.stopTime = stopTime
  Object.assign(args, integers(draft, problems))
  if (problems.length > 0) return { missing: problems.join('; ') }
  // Without the file services' address the receiver's location is not known: nothing to check it with.
  if (location === undefined) return { args }
  const check: Record<string, unknown> = { location }
  if (args.retries !== undefined) check.retries = args.retries
  if (args.retryInterval !== undefined) check.retryInterval = args.retryInterval
  if (startTime) check.startTime = startTime
  if (stopTime) check.stopTime = stopTime
  return { args, check }
}
