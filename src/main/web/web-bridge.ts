/**
 * The web bridge: the contract over HTTP (`POST /api/<command>`, `GET /api`), events over a
 * WebSocket at `/api/events`, and the built renderer, so the whole app works in a browser.
 */
import { existsSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { listen } from '../util/listen'
import sirv from 'sirv'
import { WebSocketServer, type WebSocket } from 'ws'
import { apiErrorStatus, type ApiErrorCode } from '@shared/contract/commands'
import { EVENT_NAMES } from '@shared/contract/events'
import { parseEventSubscription } from '@shared/contract/event-subscription'
import { FLATTER, jsonTextTooDeep, tooDeepMessage } from '@shared/util/json-depth'
import { FIRMWARE_UPLOAD_PATH } from '@shared/contract/files-dto'
import { answerJson, toErrorBody, UnservableAnswerError, type Api } from '../api'
import type { EventBus } from '../services/event-bus'
import { ClientEvents, fanOut } from '../services/event-subscriptions'
import { guardedHandler, guardedUpgrade } from './guarded'
import { hostRefusalMessage, originRefusalMessage, type HostAllowList } from './host-allow-list'
import { BodyTooLarge, declaredTooLarge, readJsonBody, tokenCheck } from './http-util'
import { parseRequestTarget } from './request-target'
import { applySecurityHeaders } from './security-headers'
import { API_LIMITS, checkWebSocketHandshake, guardServer, guardUpgradeSocket, refuseOnSocket, serverOptions, withLimits, type HttpLimits } from './server-limits'

export interface WebBridgeOptions {
  host: string
  port: number
  api: Api
  bus: EventBus
  /** Folder of the built renderer (index.html); absent = API only. */
  rendererDir?: string
  /** When set (the bridge binds beyond loopback), every request must carry it. */
  token?: string
  /** PUT /api/firmware-files: the raw firmware upload (firmware-upload-route.ts). */
  firmwareUpload?: (request: IncomingMessage, response: ServerResponse) => Promise<void>
  /** Host names (and page origins) answered; absent = any (tests of the bridge alone). */
  hosts?: HostAllowList
  /** Timeouts and the connection cap, over API_LIMITS. */
  limits?: Partial<HttpLimits>
  /** Where internal errors are logged, with the id their answer names. */
  log?: (line: string) => void
}

const MAX_BODY_BYTES = 16 * 1024 * 1024
/** A client that cannot keep up is dropped rather than buffering without bound. */
const MAX_CLIENT_BUFFER_BYTES = 32 * 1024 * 1024
/** What a client may send on /api/events: a subscription (10,000 station ids fit easily). */
const MAX_CLIENT_MESSAGE_BYTES = 1024 * 1024

const TOKEN_NEEDED = 'This Central System’s API needs its token: open the UI address printed at start (it ends in ?token=…), or send Authorization: Bearer <token>'

/** `close`: the request body may be unread, so the connection is not kept for another request. */
function sendText(response: ServerResponse, status: number, text: string, close = false): void {
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...(close ? { Connection: 'close' } : {}) })
  response.end(text)
}

/** A body that cannot be written as JSON is an internal error: 500 with an id, never a thrown error mid-answer. */
function sendJson(response: ServerResponse, status: number, body: unknown, close = false, log?: (line: string) => void): void {
  let text: string
  try {
    text = JSON.stringify(body)
  } catch (error) {
    return sendText(response, 500, JSON.stringify({ error: toErrorBody(new UnservableAnswerError('a request', error), log) }), close)
  }
  sendText(response, status, text, close)
}

function refuse(response: ServerResponse, status: number, code: string, message: string): void {
  sendJson(response, status, { error: { code, message } }, true)
}

function sendError(response: ServerResponse, error: unknown, log?: (line: string) => void): void {
  if (error instanceof BodyTooLarge) return refuse(response, 413, error.code, error.message)
  const body = toErrorBody(error, log)
  const status = apiErrorStatus[body.code as ApiErrorCode] ?? 500
  sendJson(response, status, { error: body }, false, log)
}

export class WebBridge {
  private readonly http: Server
  private readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: MAX_CLIENT_MESSAGE_BYTES })
  private readonly clients = new Map<WebSocket, ClientEvents>()
  private readonly stopForwarding: () => void
  private readonly staticFiles: ReturnType<typeof sirv> | undefined

  constructor(private readonly options: WebBridgeOptions) {
    const dir = options.rendererDir
    this.staticFiles = dir && existsSync(dir) ? sirv(dir, { etag: true, dev: false }) : undefined
    const limits = withLimits(API_LIMITS, options.limits)
    this.http = createServer(serverOptions(limits), guardedHandler('UI/API server', (request, response) => this.onRequest(request, response)))
    guardServer(this.http, limits)
    this.http.on('upgrade', guardedUpgrade('events socket', (request, socket, head) => this.onUpgrade(request, socket, head)))
    this.stopForwarding = options.bus.onAny((event, data) =>
      fanOut(this.clients, event, data, (selected) => JSON.stringify({ event, data: selected }), (client, text) => this.sendTo(client, text)),
    )
  }

  listen(): Promise<AddressInfo> {
    return listen(this.http, this.options.port, this.options.host)
  }

  async stop(): Promise<void> {
    this.stopForwarding()
    for (const client of this.clients.keys()) client.close(1001, 'Central System shutting down')
    await new Promise<void>((resolve) => this.http.close(() => resolve()))
    this.http.closeAllConnections?.()
    this.wss.close()
  }

  private addClient(ws: WebSocket): void {
    const events = new ClientEvents()
    this.clients.set(ws, events)
    ws.on('close', () => this.clients.delete(ws))
    ws.on('error', () => this.clients.delete(ws))
    // The one message a client sends: { "subscribe": { "<event>": "all" | ["<stationId>", …] } },
    // answered in order with { "subscribed": true } or { "error": … }.
    ws.on('message', (raw, isBinary) => {
      try {
        if (isBinary) throw new Error('Send the subscription as a JSON text frame')
        const text = String(raw)
        if (jsonTextTooDeep(text)) throw new Error(tooDeepMessage('The message', FLATTER))
        const message = JSON.parse(text) as { subscribe?: unknown }
        if (typeof message !== 'object' || message === null || !('subscribe' in message)) {
          throw new Error('The only message accepted here is { "subscribe": { "<event>": "all" | ["<stationId>", …] } }')
        }
        events.subscribe(parseEventSubscription(message.subscribe))
        this.sendTo(ws, '{"subscribed":true}')
      } catch (error) {
        const text = error instanceof SyntaxError ? 'The message is not JSON' : error instanceof Error ? error.message : String(error)
        this.sendTo(ws, JSON.stringify({ error: { code: 'BadRequest', message: `${text}; the subscription is unchanged` } }))
      }
    })
  }

  private sendTo(client: WebSocket, text: string): void {
    if (client.readyState !== client.OPEN) return
    if (client.bufferedAmount > MAX_CLIENT_BUFFER_BYTES) {
      client.terminate()
      return
    }
    client.send(text)
  }

  private onUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    guardUpgradeSocket(socket)
    const target = parseRequestTarget(request.url)
    if (!target.ok) return refuseOnSocket(socket, target.status, target.message)
    const [first, second, ...rest] = target.segments
    if (first !== 'api' || second !== 'events' || rest.length > 0) return refuseOnSocket(socket, 404, 'Only /api/events accepts a WebSocket here')
    const { hosts, token } = this.options
    if (hosts && !hosts.allowsHost(request.headers.host)) return refuseOnSocket(socket, 421, hostRefusalMessage(request.headers.host))
    // Browsers send Origin on WebSocket upgrades: only pages of an allowed host may listen; other clients send none.
    if (hosts && !hosts.allowsOrigin(request.headers.origin)) return refuseOnSocket(socket, 403, originRefusalMessage(request.headers.origin))
    if (token && !tokenCheck(request, token, target.query).ok) return refuseOnSocket(socket, 401, TOKEN_NEEDED)
    const handshake = checkWebSocketHandshake(request)
    if (!handshake.ok) return refuseOnSocket(socket, handshake.status, handshake.message, handshake.headers)
    this.wss.handleUpgrade(request, socket, head, (ws) => this.addClient(ws))
  }

  private async onRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    applySecurityHeaders(response, 'ui')
    const target = parseRequestTarget(request.url)
    if (!target.ok) return refuse(response, target.status, 'BadRequest', target.message)
    const { hosts, token } = this.options
    if (hosts && !hosts.allowsHost(request.headers.host)) return refuse(response, 421, 'Forbidden', hostRefusalMessage(request.headers.host))
    if (token) {
      const check = tokenCheck(request, token, target.query)
      if (!check.ok) return refuse(response, 401, 'Unauthorized', TOKEN_NEEDED)
      if (check.setCookie) response.setHeader('Set-Cookie', check.setCookie)
    }
    const [first, ...rest] = target.segments
    try {
      if (first === 'api' && rest.length === 0) {
        if (request.method !== 'GET') return refuse(response, 405, 'BadRequest', 'Use GET /api')
        return sendJson(response, 200, { commands: this.options.api.describe(), events: EVENT_NAMES, eventsUrl: '/api/events' })
      }
      if (first === 'api' && rest.length === 1 && `/api/${rest[0]}` === FIRMWARE_UPLOAD_PATH && this.options.firmwareUpload) return await this.options.firmwareUpload(request, response)
      if (first === 'api') return await this.onCommand(rest.join('/'), request, response)
      if (this.staticFiles) {
        this.staticFiles(request, response, () => refuse(response, 404, 'NotFound', 'Nothing at this address: the UI is at /, the API at /api'))
        return
      }
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' })
      response.end('The user interface is not built. Run `npm run build`, then restart; the API is at /api.\n')
    } catch (error) {
      sendError(response, error, this.options.log)
    }
  }

  private async onCommand(command: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'POST') {
      return refuse(response, 405, 'BadRequest', `Use POST /api/${encodeURIComponent(command)} with a JSON body`)
    }
    const type = request.headers['content-type'] ?? ''
    // Requiring JSON makes every cross-site request a CORS preflight, which this server never grants.
    if (!type.toLowerCase().startsWith('application/json')) {
      return refuse(response, 415, 'BadRequest', 'Send the argument as JSON with Content-Type: application/json')
    }
    if (declaredTooLarge(request, MAX_BODY_BYTES)) throw new BodyTooLarge(MAX_BODY_BYTES)
    const args = await readJsonBody(request, MAX_BODY_BYTES)
    const result = await this.options.api.invoke(command, args)
    // Record by record where the whole cannot be written (answer-json.ts); a 500 with an id when even that fails.
    sendText(response, 200, answerJson(command, result, this.options.log ?? console.warn))
  }
}
