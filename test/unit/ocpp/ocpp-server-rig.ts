/**
 * The OCPP-J endpoint (server.ts) on 127.0.0.1, port 0, for unit tests: a server with recording
 * callbacks, a WebSocket client that reports either the open socket or the HTTP refusal, and a raw
 * TCP exchange for requests no well-behaved client sends. Call `stopEverything` in afterEach.
 */
import { connect } from 'node:net'
import WebSocket, { type ClientOptions } from 'ws'
import type { ConnectionHooks, OcppConnection } from '../../../src/main/ocpp/connection'
import { OcppServer, type DisconnectInfo, type OcppServerOptions } from '../../../src/main/ocpp/server'
import { createOcppValidator } from '../../../src/main/ocpp/validator'

const validator = createOcppValidator()
const servers: OcppServer[] = []
const clients: WebSocket[] = []

/** Ends every client and stops every server started by this rig (for afterEach). */
export async function stopEverything(): Promise<void> {
  for (const client of clients.splice(0)) client.terminate()
  await Promise.all(servers.splice(0).map((server) => server.stop(200)))
}

/** Forgets a server the test stopped itself. */
export function forget(server: OcppServer): void {
  servers.splice(servers.indexOf(server), 1)
}

export const hooks: ConnectionHooks = { handleCall: async () => ({}), log: () => undefined, settings: () => ({ callTimeoutMs: 30_000, pingIntervalMs: 0, lenient: false }) }

export type RefusedInfo = { identity?: string; status: number; message: string; remoteAddress?: string }

/** Builds (not started) an endpoint that admits everyone, recording what it reports. */
export function ocppServer(over: Partial<OcppServerOptions> = {}) {
  const connected: OcppConnection[] = []
  const disconnected: { connection: OcppConnection; info: DisconnectInfo }[] = []
  const refused: RefusedInfo[] = []
  const server = new OcppServer({
    host: '127.0.0.1',
    port: 0,
    validator,
    admit: () => ({ ok: true }),
    hooksFor: () => hooks,
    onConnected: (c) => void connected.push(c),
    onDisconnected: (connection, info) => void disconnected.push({ connection, info }),
    onRefused: (info) => void refused.push(info),
    ...over,
  })
  servers.push(server)
  return { server, connected, disconnected, refused }
}

/** An endpoint listening on ws://127.0.0.1:<port>. */
export async function start(over: Partial<OcppServerOptions> = {}) {
  const built = ocppServer(over)
  const { port } = await built.server.listen()
  return { ...built, port }
}

export type Refusal = { status: number; body: string; headers: Record<string, unknown> }

export interface OpenOptions {
  protocols?: string[]
  headers?: Record<string, string>
  client?: ClientOptions
}

/** Opens ws://127.0.0.1:<port><path>; see openAt. */
export function open(port: number, path: string, options: OpenOptions = {}): Promise<{ ws: WebSocket } | Refusal> {
  return openAt(`ws://127.0.0.1:${port}${path}`, options)
}

/** Opens a WebSocket; resolves with it once open, or with the HTTP refusal (status and body). */
export function openAt(url: string, options: OpenOptions = {}): Promise<{ ws: WebSocket } | Refusal> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options.protocols ?? ['ocpp1.6'], { headers: options.headers, ...options.client })
    clients.push(ws)
    ws.on('open', () => resolve({ ws }))
    ws.on('unexpected-response', (_req, res) => {
      let body = ''
      res.on('data', (chunk: Buffer) => (body += chunk.toString()))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }))
    })
    ws.on('error', (error) => reject(error))
  })
}

/** The refusal of an upgrade that had to be refused. */
export function refusal(result: Awaited<ReturnType<typeof open>>): Refusal {
  if ('ws' in result) throw new Error('the upgrade was accepted')
  return result
}

/** The socket of an upgrade that had to be accepted. */
export function accepted(result: Awaited<ReturnType<typeof open>>): WebSocket {
  if (!('ws' in result)) throw new Error(`refused: ${result.status} ${result.body}`)
  return result.ws
}

export const closeOf = (ws: WebSocket) => new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })))

/** Writes `text` on a raw TCP connection and answers all the server sent until it closed. */
export function rawExchange(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => socket.write(text))
    let answer = ''
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()))
    socket.on('end', () => resolve(answer))
    socket.on('close', () => resolve(answer))
    socket.on('error', reject)
  })
}

/** A WebSocket upgrade request for `target`, well-formed unless `headers` replace (or, with undefined, drop) some of its headers. */
export function upgradeRequest(target: string, options: { method?: string; headers?: Record<string, string | undefined> } = {}): string {
  const headers: Record<string, string | undefined> = {
    Host: '127.0.0.1',
    Connection: 'Upgrade',
    Upgrade: 'websocket',
    'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
    'Sec-WebSocket-Version': '13',
    'Sec-WebSocket-Protocol': 'ocpp1.6',
    ...options.headers,
  }
  const lines = Object.entries(headers).flatMap(([name, value]) => (value === undefined ? [] : [`${name}: ${value}`]))
  return `${[`${options.method ?? 'GET'} ${target} HTTP/1.1`, ...lines].join('\r\n')}\r\n\r\n`
}
