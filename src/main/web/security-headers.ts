/**
 * The headers every HTTP answer of the CSMS carries (API, UI, file host, OCPP endpoint, and the
 * refusals written straight to a socket), and the Content-Security-Policy of the UI and API.
 */
import { STATUS_CODES, type OutgoingHttpHeaders, type ServerResponse } from 'node:http'

export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
})

/**
 * The UI's policy: its own scripts, styles (Naive UI injects style elements, hence 'unsafe-inline'
 * for styles only), images and fonts; fetch and the events WebSocket to its own origin (CSP 3's
 * 'self' covers ws:// and wss:// of the same host and port); never framed.
 */
export const UI_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

/** For answers that are never a page (file host, OCPP endpoint): nothing may load or frame them. */
export const NO_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'"

export type PolicyKind = 'ui' | 'none'

function csp(kind: PolicyKind): string {
  return kind === 'ui' ? UI_CONTENT_SECURITY_POLICY : NO_CONTENT_SECURITY_POLICY
}

/** Sets the security headers on a response before anything (sirv, a handler) writes its head. */
export function applySecurityHeaders(response: ServerResponse, kind: PolicyKind): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value)
  response.setHeader('Content-Security-Policy', csp(kind))
}

/** A whole HTTP/1.1 answer as bytes, for a socket that is not (or no longer) an HTTP response: refused upgrades, unparsable requests. */
export function rawHttpAnswer(status: number, text: string, headers: OutgoingHttpHeaders = {}, kind: PolicyKind = 'none'): string {
  const body = text.length > 0 ? `${text}\n` : ''
  const all: OutgoingHttpHeaders = {
    Connection: 'close',
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    ...SECURITY_HEADERS,
    'Content-Security-Policy': csp(kind),
    ...headers,
  }
  const lines = Object.entries(all)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${name}: ${Array.isArray(value) ? value.join(', ') : String(value)}`)
  return `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n${lines.join('\r\n')}\r\n\r\n${body}`
}
