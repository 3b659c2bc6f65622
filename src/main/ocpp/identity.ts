/**
 * The charge point identity is the last path segment of the connection URL, whatever comes before
 * it (`/ocpp/CP001`, `/steve/websocket/CentralSystemService/CP001`, `/CP001`), percent-decoded.
 */
import { parseRequestTarget } from '../web/request-target'

export type IdentityResult = { ok: true; identity: string } | { ok: false; message: string }

export const MAX_IDENTITY_LENGTH = 255

export function identityFromUrl(url: string | undefined): IdentityResult {
  const target = parseRequestTarget(url)
  if (!target.ok) return { ok: false, message: target.message }
  return identityFromSegments(target.segments)
}

/** The identity from the decoded path segments of a parsed request target. */
export function identityFromSegments(segments: readonly string[]): IdentityResult {
  const identity = segments.at(-1)
  if (identity === undefined) return { ok: false, message: 'No charge point identity in the URL: connect to <endpoint>/<identity>' }
  if (identity.trim().length === 0) return { ok: false, message: 'The charge point identity is blank' }
  if (identity.length > MAX_IDENTITY_LENGTH) {
    return { ok: false, message: `The charge point identity is longer than ${MAX_IDENTITY_LENGTH} characters` }
  }
  if ([...identity].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f)) {
    return { ok: false, message: 'The charge point identity contains control characters' }
  }
  return { ok: true, identity }
}

/** The subprotocol this Central System speaks, answered exactly so (OCA TC_088). */
export const OCPP_SUBPROTOCOL = 'ocpp1.6'

export function offeredSubprotocols(header: string | string[] | undefined): string[] {
  const joined = Array.isArray(header) ? header.join(',') : (header ?? '')
  return joined
    .split(',')
    .map((value) => value.trim())
    .filter((value) => value.length > 0)
}
