/**
 * The web bridge: the contract over HTTP (`POST /api/<command>`, `GET /api`), events over a
 * WebSocket at `/api/events`, and the built renderer, so the whole app works in a browser.
 */
import { existsSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { listen } from '../util/listen'
import sirv from 'sirv'
import { WebSocketServer, type WebSocket } from 'ws'
import { apiErrorStatus, type ApiErrorCode } from '@shared/contract/commands'
import { EVENT_NAMES } from '@shared/contract/events'
import { parseEventSubscription } from '@shared/contract/event-subscription'
import { FIRMWARE_UPLOAD_PATH } from '@shared/contract/files-dto'
import { toErrorBody, type Api } from '../api'
import type { EventBus } from '../services/event-bus'
import { ClientEvents, fanOut } from '../services/event-subscriptions'
import { readJsonBody, sameOrigin, tokenCheck } from './http-util'

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
}

const MAX_BODY_BYTES = 16 * 1024 * 1024
/** A client that cannot keep up is dropped rather than buffering without bound. */
const MAX_CLIENT_BUFFER_BYTES = 32 * 1024 * 1024
/** What a client may send on /api/events: a subscription (10,000 station ids fit easily). */
const MAX_CLIENT_MESSAGE_BYTES = 1024 * 1024

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' })
  response.end(text)
}

function sendError(response: ServerResponse, error: unknown): void {
  const body = toErrorBody(error)
  const status = apiErrorStatus[body.code as ApiErrorCode] ?? 500
  sendJson(response, status, { error: body })
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
    this.http = createServer((request, response) => void this.onRequest(request, response))
    this.http.on('upgrade', (request, socket, head) => {
      const path = (request.url ?? '').split('?')[0]
      if (path !== '/api/events' || !sameOrigin(request)) {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
        return
      }
      if (options.token && !tokenCheck(request, options.token).ok) {
        socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
        return
      }
      this.wss.handleUpgrade(request, socket, head, (ws) => this.addClient(ws))
    })
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
        const message = JSON.parse(String(raw)) as { subscribe?: unknown }
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

  private async onRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '/').split('?')[0] ?? '/'
    if (this.options.token) {
      const check = tokenCheck(request, this.options.token)
      if (!check.ok) {
        return sendJson(response, 401, { error: { code: 'Unauthorized', message: 'This Central System’s API needs its token: open the UI address printed at start (it ends in ?token=…), or send Authorization: Bearer <token>' } })
      }
      if (check.setCookie) response.setHeader('Set-Cookie', check.setCookie)
    }
    try {
      if (path === '/api' || path === '/api/') {
        if (request.method !== 'GET') return sendJson(response, 405, { error: { code: 'BadRequest', message: 'Use GET /api' } })
        return sendJson(response, 200, { commands: this.options.api.describe(), events: EVENT_NAMES, eventsUrl: '/api/events' })
      }
      if (path === FIRMWARE_UPLOAD_PATH && this.options.firmwareUpload) return await this.options.firmwareUpload(request, response)
      if (path.startsWith('/api/')) return await this.onCommand(path.slice('/api/'.length), request, response)
      if (this.staticFiles) {
        this.staticFiles(request, response, () => sendJson(response, 404, { error: { code: 'NotFound', message: `Nothing at ${path}` } }))
        return
      }
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' })
      response.end('The user interface is not built. Run `npm run build`, then restart; the API is at /api.\n')
    } catch (error) {
      sendError(response, error)
    }
  }

  private async onCommand(command: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'POST') {
      return sendJson(response, 405, { error: { code: 'BadRequest', message: `Use POST /api/${command} with a JSON body` } })
    }
    const type = request.headers['content-type'] ?? ''
    // Requiring JSON makes every cross-site request a CORS preflight, which this server never grants.
    if (!type.toLowerCase().startsWith('application/json')) {
      return sendJson(response, 415, { error: { code: 'BadRequest', message: 'Send the argument as JSON with Content-Type: application/json' } })
    }
    const args = await readJsonBody(request, MAX_BODY_BYTES)
    const result = await this.options.api.invoke(decodeURIComponent(command), args)
    sendJson(response, 200, result ?? null)
  }
}
