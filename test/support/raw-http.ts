/**
 * Raw sockets for hostile tests: send exactly the bytes a broken or malicious client would (no
 * client library to tidy them up) and read what the server answers until it closes.
 */
import { connect as connectTcp, type Socket } from 'node:net'
import { connect as connectTls } from 'node:tls'

export interface RawAnswer {
  /** Everything the server sent (latin1, so binary survives). */
  text: string
  /** The status code of the first response line, if any. */
  status?: number
  /** The header block of the first response, lower-cased names. */
  headers: Record<string, string>
  /** The server closed the connection (rather than the wait running out). */
  closed: boolean
}

export interface RawOptions {
  tls?: boolean
  /** Give up waiting for the close after this long (the answer so far is returned). */
  timeoutMs?: number
  /** Resolve as soon as a whole response head has arrived, without waiting for the close. */
  headOnly?: boolean
}

export function parseHead(text: string): { status?: number; headers: Record<string, string> } {
  const end = text.indexOf('\r\n\r\n')
  const head = end === -1 ? text : text.slice(0, end)
  const [statusLine, ...lines] = head.split('\r\n')
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')
  const headers: Record<string, string> = {}
  for (const line of lines) {
    const colon = line.indexOf(':')
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
  }
  return { status: match ? Number(match[1]) : undefined, headers }
}

export function openRaw(port: number, tls = false): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = tls
      ? connectTls({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => resolve(socket))
      : connectTcp({ host: '127.0.0.1', port }, () => resolve(socket))
    socket.once('error', reject)
  })
}

/** Reads from an open socket until the server closes it (or the wait runs out). */
export function readAnswer(socket: Socket, options: RawOptions = {}): Promise<RawAnswer> {
  return new Promise((resolve) => {
    let text = ''
    let done = false
    const finish = (closed: boolean) => {
      if (done) return
      done = true
      clearTimeout(timer)
      socket.destroy()
      resolve({ text, closed, ...parseHead(text) })
    }
    const timer = setTimeout(() => finish(false), options.timeoutMs ?? 5000)
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1')
      if (options.headOnly && text.includes('\r\n\r\n')) finish(false)
    })
    socket.on('error', () => finish(true))
    socket.on('close', () => finish(true))
    socket.on('end', () => finish(true))
  })
}

/** Sends `data` on a new connection and reads the answer. */
export async function rawExchange(port: number, data: string | Buffer, options: RawOptions = {}): Promise<RawAnswer> {
  const socket = await openRaw(port, options.tls)
  socket.on('error', () => undefined)
  const answer = readAnswer(socket, options)
  socket.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : data)
  return answer
}

/** A request head, `Connection: close` unless headers say otherwise. */
export function requestHead(method: string, target: string, headers: Record<string, string> = {}): string {
  const all: Record<string, string> = { Host: '127.0.0.1', Connection: 'close', ...headers }
  return `${method} ${target} HTTP/1.1\r\n${Object.entries(all).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`
}

/** The headers of a WebSocket upgrade request (a valid key). */
export function upgradeHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', ...extra }
}
