/**
 * The OCPP-J WebSocket endpoint: refuses upgrades without the ocpp1.6 subprotocol or a usable
 * identity, asks the admission policy (registration, Basic auth) before upgrading, and keeps one
 * connection per identity (a new one replaces the old one cleanly).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http'
import { createServer as createTlsServer, type Server as TlsServer, type ServerOptions as TlsServerOptions } from 'node:https'
import type { Duplex } from 'node:stream'
import type { AddressInfo } from 'node:net'
import { listen } from '../util/listen'
import { WebSocketServer } from 'ws'
import { OcppConnection, type ConnectionHooks } from './connection'
import { identityFromUrl, offeredSubprotocols, OCPP_SUBPROTOCOL } from './identity'
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
  admit(identity: string, request: IncomingMessage): AdmissionDecision | Promise<AdmissionDecision>
  hooksFor(identity: string): ConnectionHooks
  onConnected(connection: OcppConnection): void
  onDisconnected(connection: OcppConnection, info: DisconnectInfo): void
  onRefused?(info: { identity?: string; status: number; message: string; remoteAddress?: string }): void
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  426: 'Upgrade Required',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
}

function refuseUpgrade(socket: Duplex, status: number, message: string, headers: Record<string, string> = {}): void {
  const body = `${message}\n`
  const lines = [
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}`,
    'Connection: close',
    'Content-Type: text/plain; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ]
  socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`)
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

  constructor(private readonly options: OcppServerOptions) {
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: options.maxPayloadBytes ?? 1024 * 1024,
      handleProtocols: (protocols) => (protocols.has(OCPP_SUBPROTOCOL) ? OCPP_SUBPROTOCOL : false),
      perMessageDeflate: false,
    })
    this.http = createServer(notWebSocket)
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
    this.tls = createTlsServer(secureOptions(context), notWebSocket)
    this.serveUpgrades(this.tls)
    return listen(this.tls, port, host)
  }

  /** New TLS handshakes use `context` from now on (new certificates, other suites); open connections keep theirs. */
  setTlsContext(context: TlsContext): void {
    this.tls?.setSecureContext(secureOptions(context))
  }

  private serveUpgrades(server: Server): void {
    server.on('upgrade', (request, socket, head) => {
      socket.on('error', () => socket.destroy())
      void this.onUpgrade(request, socket, head)
    })
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

  private refuse(socket: Duplex, status: number, message: string, identity?: string, headers?: Record<string, string>, remoteAddress?: string): void {
    this.options.onRefused?.({ identity, status, message, remoteAddress })
    refuseUpgrade(socket, status, message, headers)
  }

  private async onUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const remoteAddress = request.socket.remoteAddress
    if (this.stopping) return this.refuse(socket, 503, 'Central System is shutting down', undefined, undefined, remoteAddress)
    const parsed = identityFromUrl(request.url)
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
      return this.refuse(socket, 500, `Could not admit ${identity}: ${(error as Error).message}`, identity, undefined, remoteAddress)
    }
    if (!decision.ok) {
      if (decision.logged) return refuseUpgrade(socket, decision.status, decision.message, decision.headers)
      return this.refuse(socket, decision.status, decision.message, identity, decision.headers, remoteAddress)
    }
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
    ws.on('error', () => {
      // 'close' follows and reports it.
    })
    ws.on('close', (code, reasonBuffer) => {
      const reason = connection.closeReason ?? (reasonBuffer.toString() || describeCloseCode(code))
      connection.shutDown(`Connection closed (${reason})`)
      if (this.live.get(identity) !== connection) return // replaced: already reported
      this.live.delete(identity)
      this.options.onDisconnected(connection, { code, reason, replaced: false })
    })
    this.options.onConnected(connection)
  }
}

function notWebSocket(_request: IncomingMessage, response: import('node:http').ServerResponse): void {
  response.writeHead(426, { 'Content-Type': 'text/plain; charset=utf-8', Upgrade: 'websocket' })
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
