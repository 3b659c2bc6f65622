/**
 * The charge point identity is the last path segment of the connection URL, whatever comes before
 * it (`/ocpp/CP001`, `/steve/websocket/CentralSystemService/CP001`, `/CP001`), percent-decoded.
 */
export type IdentityResult = { ok: true; identity: string } | { ok: false; message: string }

export const MAX_IDENTITY_LENGTH = 255

export function identityFromUrl(url: string | undefined): IdentityResult {
  const path = (url ?? '/').split('?')[0]!.split('#')[0]!
  const segments = path.split('/').filter((segment) => segment.length > 0)
  const last = segments.at(-1)
  if (!last) return { ok: false, message: 'No charge point identity in the URL: connect to <endpoint>/<identity>' }
  let identity: string
  try {
    identity = decodeURIComponent(last)
  } catch {
    return { ok: false, message: `The identity "${last}" is not valid percent-encoding` }
  }
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
