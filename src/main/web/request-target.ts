/**
 * The one parser of HTTP request targets that every server of the CSMS uses (API/UI, events
 * socket, file host, OCPP endpoint). It accepts the origin form only (`/path?query`), decodes each
 * path segment without ever throwing, and says what is wrong with a target it refuses, so a bad
 * request becomes a 4xx answer instead of an exception.
 */

/** Longest target accepted; longer ones are answered 414 (nothing the CSMS serves comes close). */
export const MAX_TARGET_LENGTH = 4096

export interface ParsedTarget {
  ok: true
  /** The path as sent (still percent-encoded), always starting with "/". */
  rawPath: string
  /** The non-empty path segments, percent-decoded. */
  segments: string[]
  /** The query, parsed leniently (URLSearchParams never throws; bad escapes stay as text). */
  query: URLSearchParams
}

export interface RefusedTarget {
  ok: false
  status: 400 | 414
  message: string
}

export type RequestTarget = ParsedTarget | RefusedTarget

/** decodeURIComponent that answers undefined instead of throwing on a malformed escape. */
export function safeDecode(text: string): string | undefined {
  if (!text.includes('%')) return text
  try {
    return decodeURIComponent(text)
  } catch {
    return undefined
  }
}

function refused(status: 400 | 414, message: string): RefusedTarget {
  return { ok: false, status, message }
}

/** True when the text holds a control character, a space or DEL (never valid in a target). */
function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i)
    if (code <= 0x20 || code === 0x7f) return true
  }
  return false
}

export function parseRequestTarget(target: string | undefined, maxLength = MAX_TARGET_LENGTH): RequestTarget {
  if (target === undefined || target.length === 0) return refused(400, 'The request has no target: ask for a path such as /api')
  if (target.length > maxLength) return refused(414, `The request target is longer than ${maxLength} characters`)
  if (target === '*') return refused(400, 'The asterisk form (OPTIONS *) is not served here: ask for a path such as /api')
  if (!target.startsWith('/')) return refused(400, 'Only a path is accepted as the request target (GET /path HTTP/1.1), not a full URL')
  if (hasControl(target)) return refused(400, 'The request target contains spaces or control characters')
  const hash = target.indexOf('#')
  const withoutFragment = hash === -1 ? target : target.slice(0, hash)
  const question = withoutFragment.indexOf('?')
  const rawPath = question === -1 ? withoutFragment : withoutFragment.slice(0, question)
  const rawQuery = question === -1 ? '' : withoutFragment.slice(question + 1)
  const segments: string[] = []
  for (const raw of rawPath.split('/')) {
    if (raw.length === 0) continue
    const decoded = safeDecode(raw)
    if (decoded === undefined) return refused(400, 'The request path is not valid percent-encoding (each % must be followed by two hex digits of UTF-8)')
    if (decoded.includes('\0')) return refused(400, 'The request path contains a NUL character')
    segments.push(decoded)
  }
  return { ok: true, rawPath, segments, query: new URLSearchParams(rawQuery) }
}
