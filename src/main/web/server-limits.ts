/**
 * What every HTTP server of the CSMS does with clients that misbehave at the HTTP level: a request
 * line or header that cannot be parsed is answered 400 (431 when too large, 408 when too slow) and
 * the connection closed, never thrown; headers and bodies that arrive too slowly are cut
 * (slowloris); connections are capped; sockets handed over for a WebSocket upgrade always have an
 * error listener.
 */
import type { Server, ServerOptions } from 'node:http'
import type { Duplex } from 'node:stream'
import { rawHttpAnswer } from './security-headers'

export interface HttpLimits {
  /** The whole request head must arrive within this (idle connections are closed after it too). */
  headersTimeoutMs: number
  /** The whole request, body included, must arrive within this; 0 = no limit (left to the handler). */
  requestTimeoutMs: number
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number
  /** How often the server looks for requests past their timeouts. */
  checkIntervalMs: number
  /** Connections held at once; more are dropped at accept. 0 = no cap. */
  maxConnections: number
}

/** The UI/API: a page and its events socket, automation clients; bodies up to 16 MiB. */
export const API_LIMITS: HttpLimits = { headersTimeoutMs: 10_000, requestTimeoutMs: 120_000, keepAliveTimeoutMs: 5_000, checkIntervalMs: 1_000, maxConnections: 512 }

/** The OCPP endpoint: upgrade requests only (no bodies); the cap leaves room for thousands of stations. */
export const OCPP_LIMITS: HttpLimits = { headersTimeoutMs: 10_000, requestTimeoutMs: 15_000, keepAliveTimeoutMs: 5_000, checkIntervalMs: 1_000, maxConnections: 20_000 }

export function withLimits(base: HttpLimits, overrides: Partial<HttpLimits> | undefined): HttpLimits {
  return { ...base, ...overrides }
}

/** Options for http.createServer / https.createServer (the timeouts can only be set there). */
export function serverOptions(limits: HttpLimits): ServerOptions {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: limits.checkIntervalMs,
  }
}

function clientErrorStatus(code: string | undefined): { status: number; text: string } {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, text: 'The request head is too large' }
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, text: 'The request took too long to arrive' }
    default:
      return { status: 400, text: 'The request could not be parsed as HTTP/1.1' }
  }
}

/**
 * Installs the answers to client errors and the connection cap. The timeouts come from
 * `serverOptions`, passed when the server is created.
 */
export function guardServer(server: Server, limits: Pick<HttpLimits, 'maxConnections'>): void {
  if (limits.maxConnections > 0) server.maxConnections = limits.maxConnections
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const inProgress = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage
    if (error.code === 'ECONNRESET' || !socket.writable || inProgress?.headersSent) {
      socket.destroy()
      return
    }
    const { status, text } = clientErrorStatus(error.code)
    socket.on('error', () => socket.destroy())
    socket.end(rawHttpAnswer(status, text))
  })
  // A TLS handshake that fails (plain text on the TLS port, old protocol versions) only drops that connection.
  server.on('tlsClientError', (_error: Error, socket: Duplex) => socket.destroy())
}

/**
 * A socket handed to an 'upgrade' listener has lost the HTTP server's error handler: without one,
 * a reset from the peer would be an uncaught exception. Call first thing in every upgrade listener.
 */
export function guardUpgradeSocket(socket: Duplex): void {
  if (socket.listenerCount('error') === 0) socket.on('error', () => socket.destroy())
}

/** Refuses an upgrade (or any request on a raw socket) with a plain-text answer and closes. */
export function refuseOnSocket(socket: Duplex, status: number, message: string, headers: Record<string, string> = {}): void {
  guardUpgradeSocket(socket)
  if (!socket.writable) return void socket.destroy()
  socket.end(rawHttpAnswer(status, message, headers))
}

const WEBSOCKET_KEY = /^[+/0-9A-Za-z]{22}==$/

/**
 * The checks `ws` makes before upgrading, made first so a malformed handshake is refused with this
 * server's own answer (security headers and a message) rather than one `ws` writes.
 */
export function checkWebSocketHandshake(request: { method?: string; headers: Record<string, string | string[] | undefined> }): { ok: true } | { ok: false; status: number; message: string; headers?: Record<string, string> } {
  if (request.method !== 'GET') return { ok: false, status: 405, message: 'A WebSocket is opened with GET', headers: { Allow: 'GET' } }
  const upgrade = request.headers.upgrade
  if (typeof upgrade !== 'string' || upgrade.trim().toLowerCase() !== 'websocket') {
    return { ok: false, status: 400, message: 'Only WebSocket upgrades (Upgrade: websocket) are served here' }
  }
  const key = request.headers['sec-websocket-key']
  if (typeof key !== 'string' || !WEBSOCKET_KEY.test(key.trim())) return { ok: false, status: 400, message: 'The Sec-WebSocket-Key header is missing or invalid' }
  const version = request.headers['sec-websocket-version']
  if (version !== '13' && version !== '8') {
    return { ok: false, status: 400, message: 'Unsupported WebSocket version: use 13', headers: { 'Sec-WebSocket-Version': '13, 8' } }
  }
  return { ok: true }
}
