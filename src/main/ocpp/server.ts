/**
 * The OCPP-J WebSocket endpoint: refuses upgrades without the ocpp1.6 subprotocol or a usable
 * identity, asks the admission policy (registration, Basic auth) before upgrading, and keeps one
 * connection per identity (a new one replaces the old one cleanly).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createTlsServer, type Server as TlsServer, type ServerOptions as TlsServerOptions } from 'node:https'
import type { Duplex } from 'node:stream'
import type { AddressInfo } from 'node:net'
import { listen } from '../util/listen'
import { WebSocketServer } from 'ws'
import { guardedHandler, guardedUpgrade } from '../web/guarded'
import { originInList, shownHost } from '../web/host-allow-list'
import { parseRequestTarget } from '../web/request-target'
import { applySecurityHeaders } from '../web/security-headers'
import { checkWebSocketHandshake, guardServer, guardUpgradeSocket, OCPP_LIMITS, refuseOnSocket, serverOptions, withLimits, type HttpLimits } from '../web/server-limits'
import { OcppConnection, type ConnectionHooks } from './connection'
import { identityFromSegments, offeredSubprotocols, OCPP_SUBPROTOCOL } from './identity'
import type { OcppValidator } from './validator'
import { TLS_MIN_VERSION } from './tls-ciphers'
import type { KeyPair } from './tls-key-pair'

/** What the wss:// endpoint serves: every key pair (an RSA and an ECDSA one) and the suites offered. */
export interface TlsContext {
  pairs: KeyPair[]
  ciphers: string
}

/** The whole secure context, as both creating the server and swapping its context need it (setSecureContext resets what it is not given). */
function secureOptions(context: TlsContext): TlsServerOptions {
  return { key: context.pairs.map((p) => p.key), cert: context.pairs.map((p) => p.cert), minVersion: TLS_MIN_VERSION, ciphers: context.ciphers, honorCipherOrder: true }
}

/** `logged`: the policy logged this refusal itself (e.g. once per burst), so onRefused is not called for it. */
export type AdmissionDecision = { ok: true } | { ok: false; status: number; message: string; headers?: Record<string, string>; logged?: boolean }

export interface DisconnectInfo {
  code: number
  reason: string
  replaced: boolean
}

export interface OcppServerOptions {
  host: string
  port: number
  validator: OcppValidator
  /** Largest frame accepted; bigger ones close the connection with 1009. */
  maxPayloadBytes?: number
  /** Browser origins allowed to open the endpoint (settings.security.allowedOrigins), read live; an upgrade with any other Origin is refused. */
  allowedOrigins?: () => readonly string[]
  /** Timeouts and the connection cap, over OCPP_LIMITS. */
  limits?: Partial<HttpLimits>
  admit(identity: string, request: IncomingMessage): AdmissionDecision | Promise<AdmissionDecision>
  hooksFor(identity: string): ConnectionHooks
  onConnected(connection: OcppConnection): void
  onDisconnected(connection: OcppConnection, info: DisconnectInfo): void
  onRefused?(info: { identity?: string; status: number; message: string; remoteAddress?: string }): void
}

export class OcppServer {
  private readonly http: Server
  private readonly wss: WebSocketServer
  private readonly live = new Map<string, OcppConnection>()
  /** Every socket not yet closed, with a way to force it shut. */
  private readonly sockets = new Map<import('ws').WebSocket, Promise<void>>()
  private stopping = false

  /** The wss:// endpoint (security profile 2), when started. */
  private tls: TlsServer | undefined
  private readonly limits: HttpLimits

  constructor(private readonly options: OcppServerOptions) {
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: options.maxPayloadBytes ?? 1024 * 1024,
      handleProtocols: (protocols) => (protocols.has(OCPP_SUBPROTOCOL) ? OCPP_SUBPROTOCOL : false),
      perMessageDeflate: false,
    })
    this.limits = withLimits(OCPP_LIMITS, options.limits)
    this.http = createServer(serverOptions(this.limits), guardedHandler('OCPP endpoint', notWebSocket))
    this.serveUpgrades(this.http)
  }

  listen(): Promise<AddressInfo> {
    return listen(this.http, this.options.port, this.options.host)
  }

  /**
   * The same endpoint over TLS ≥ 1.2 (security profile 2): every key pair offered (RSA and ECDSA,
   * so each OCA cipher suite has its certificate).
   */
  listenTls(port: number, host: string, context: TlsContext): Promise<AddressInfo> {
    this.tls = createTlsServer({ ...serverOptions(this.limits), ...secureOptions(context) }, guardedHandler('OCPP endpoint (TLS)', notWebSocket))
    this.serveUpgrades(this.tls)
    return listen(this.tls, port, host)
  }

  /** New TLS handshakes use `context` from now on (new certificates, other suites); open connections keep theirs. */
  setTlsContext(context: TlsContext): void {
    this.tls?.setSecureContext(secureOptions(context))
  }

  private serveUpgrades(server: Server): void {
    guardServer(server, this.limits)
    server.on('upgrade', guardedUpgrade('OCPP endpoint', (request, socket, head) => this.onUpgrade(request, socket, head)))
  }

  get(identity: string): OcppConnection | undefined {
    return this.live.get(identity)
  }

  connections(): IterableIterator<OcppConnection> {
    return this.live.values()
  }

  get size(): number {
    return this.live.size
  }

  /** Close every connection (1001 going away), wait for them to go, and stop listening. */
  async stop(graceMs = 2000): Promise<void> {
    this.stopping = true
    for (const connection of this.live.values()) connection.close(1001, 'Central System shutting down')
    const force = setTimeout(() => {
      for (const socket of this.sockets.keys()) socket.terminate()
    }, graceMs)
    await Promise.all(this.sockets.values())
    clearTimeout(force)
    await new Promise<void>((resolve) => this.http.close(() => resolve()))
    this.http.closeAllConnections?.()
    if (this.tls) {
      await new Promise<void>((resolve) => this.tls!.close(() => resolve()))
      this.tls.closeAllConnections?.()
    }
    this.wss.close()
  }

  /** Refuses the upgrade with `message`; the log gets `detail` too when given (never the station). */
  private refuse(socket: Duplex, status: number, message: string, identity?: string, headers?: Record<string, string>, remoteAddress?: string, detail?: string): void {
    this.options.onRefused?.({ identity, status, message: detail ? `${message} (${detail})` : message, remoteAddress })
    refuseOnSocket(socket, status, message, headers)
  }

  private async onUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    guardUpgradeSocket(socket)
    const remoteAddress = request.socket.remoteAddress
    if (this.stopping) return this.refuse(socket, 503, 'Central System is shutting down', undefined, undefined, remoteAddress)
    const target = parseRequestTarget(request.url)
    if (!target.ok) return this.refuse(socket, target.status, target.message, undefined, undefined, remoteAddress)
    // Charge points send no Origin; a browser always does. A web page may not drive a station's connection.
    const origin = request.headers.origin
    if (origin !== undefined && !originInList(origin, this.options.allowedOrigins?.() ?? [])) {
      return this.refuse(socket, 403, `Browser pages may not open the OCPP endpoint: the origin "${shownHost(origin)}" is not allowed. Charge points send no Origin header; to let a browser-based tool connect, add its origin under Settings → Security → Allowed OCPP origins (settings.security.allowedOrigins).`, undefined, undefined, remoteAddress)
    }
    const handshake = checkWebSocketHandshake(request)
    if (!handshake.ok) return this.refuse(socket, handshake.status, handshake.message, undefined, handshake.headers, remoteAddress)
    const parsed = identityFromSegments(target.segments)
    if (!parsed.ok) return this.refuse(socket, 404, parsed.message, undefined, undefined, remoteAddress)
    const { identity } = parsed
    const offered = offeredSubprotocols(request.headers['sec-websocket-protocol'])
    if (!offered.includes(OCPP_SUBPROTOCOL)) {
      const what = offered.length ? `offered ${offered.join(', ')}` : 'offered no subprotocol'
      return this.refuse(socket, 400, `Unsupported WebSocket subprotocol: the charge point ${what}; this Central System requires ${OCPP_SUBPROTOCOL}`, identity, undefined, remoteAddress)
    }
    let decision: AdmissionDecision
    try {
      decision = await this.options.admit(identity, request)
    } catch (error) {
      return this.refuse(socket, 500, `Could not admit ${identity} because of an internal error; try again`, identity, undefined, remoteAddress, (error as Error).message)
    }
    if (!decision.ok) {
      if (decision.logged) return refuseOnSocket(socket, decision.status, decision.message, decision.headers)
      return this.refuse(socket, decision.status, decision.message, identity, decision.headers, remoteAddress)
    }
    // The station may have gone while its password was checked.
    if (socket.destroyed || !socket.writable) return
    this.wss.handleUpgrade(request, socket, head, (ws) => this.attach(identity, ws, remoteAddress))
  }

  private attach(identity: string, ws: import('ws').WebSocket, remoteAddress?: string): void {
    const previous = this.live.get(identity)
    if (previous) {
      // The charge point reconnected (or someone else uses its identity): the newest socket wins.
      this.live.delete(identity)
      previous.close(1000, 'Replaced by a new connection with the same identity')
      this.options.onDisconnected(previous, { code: 1000, reason: 'Replaced by a new connection with the same identity', replaced: true })
    }
    const connection = new OcppConnection(identity, ws, this.options.validator, this.options.hooksFor(identity), remoteAddress)
    this.live.set(identity, connection)
    this.sockets.set(ws, new Promise((resolve) => ws.once('close', () => {
      this.sockets.delete(ws)
      resolve()
    })))
    // 'close' follows an error and reports it; a frame over the limit is closed by ws with 1009,
    // which the peer never echoes: the error says what happened, not "connection lost" (1006).
    let oversize = false
    ws.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') oversize = true
    })
    ws.on('close', (closeCode, reasonBuffer) => {
      const code = oversize ? 1009 : closeCode
      const reason = connection.closeReason ?? (oversize ? `${describeCloseCode(1009)}: the station sent a frame over the limit` : reasonBuffer.toString() || describeCloseCode(code))
      connection.shutDown(`Connection closed (${reason})`)
      if (this.live.get(identity) !== connection) return // replaced: already reported
      this.live.delete(identity)
      this.options.onDisconnected(connection, { code, reason, replaced: false })
    })
    this.options.onConnected(connection)
  }
}

function notWebSocket(request: IncomingMessage, response: ServerResponse): void {
  applySecurityHeaders(response, 'none')
  const target = parseRequestTarget(request.url)
  if (!target.ok) {
    response.writeHead(target.status, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' })
    response.end(`${target.message}\n`)
    return
  }
  response.writeHead(426, { 'Content-Type': 'text/plain; charset=utf-8', Upgrade: 'websocket', Connection: 'close' })
  response.end(`This is an OCPP 1.6-J endpoint: connect with a WebSocket to <this URL>/<identity>, subprotocol ${OCPP_SUBPROTOCOL}\n`)
}

function describeCloseCode(code: number): string {
  switch (code) {
    case 1000: return 'normal closure'
    case 1001: return 'going away'
    case 1006: return 'connection lost without a close frame'
    case 1009: return 'frame too large'
    default: return `close code ${code}`
  }
}
