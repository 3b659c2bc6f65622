/**
 * A scripted charge point for tests: a real `ws` client speaking OCPP-J to the CSMS on 127.0.0.1.
 * It records every frame it receives and lets a test answer the CSMS's CALLs.
 */
import { randomUUID } from 'node:crypto'
import WebSocket from 'ws'

export type Frame = unknown[]

export interface ConnectOptions {
  protocols?: string[]
  headers?: Record<string, string>
  /** false = never answer WebSocket pings (a half-open connection). */
  autoPong?: boolean
  /** Answer CSMS CALLs automatically with this function (default: leave them to the test). */
  autoAnswer?: (action: string, payload: Record<string, unknown>) => unknown
  /** Connect from this loopback address (e.g. 127.0.0.7), so per-address policies see another source. */
  localAddress?: string
  /** wss:// only: false = accept any server certificate (the CSMS's self-signed one). */
  rejectUnauthorized?: boolean
}

export class ScriptedChargePoint {
  readonly received: Frame[] = []
  private waiters: { match: (frame: Frame) => boolean; resolve: (frame: Frame) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }[] = []
  closeInfo: { code: number; reason: string } | undefined

  private constructor(
    readonly identity: string,
    readonly socket: WebSocket,
    private readonly options: ConnectOptions,
  ) {
    socket.on('message', (data) => this.onFrame(JSON.parse(data.toString()) as Frame))
    socket.on('close', (code, reason) => {
      this.closeInfo = { code, reason: reason.toString() }
    })
  }

  static async connect(baseUrl: string, identity: string, options: ConnectOptions = {}): Promise<ScriptedChargePoint> {
    const socket = new WebSocket(`${baseUrl}/${encodeURIComponent(identity)}`, options.protocols ?? ['ocpp1.6'], { headers: options.headers, autoPong: options.autoPong ?? true, rejectUnauthorized: options.rejectUnauthorized, ...(options.localAddress ? { localAddress: options.localAddress } : {}) })
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve())
      socket.once('error', reject)
      socket.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)))
    })
    return new ScriptedChargePoint(identity, socket, options)
  }

  private onFrame(frame: Frame): void {
    this.received.push(frame)
    const waiter = this.waiters.find((w) => w.match(frame))
    if (waiter) {
      clearTimeout(waiter.timer)
      this.waiters = this.waiters.filter((w) => w !== waiter)
      waiter.resolve(frame)
      return
    }
    if (frame[0] === 2 && this.options.autoAnswer) {
      const response = this.options.autoAnswer(frame[2] as string, frame[3] as Record<string, unknown>)
      this.sendRaw(JSON.stringify([3, frame[1], response]))
    }
  }

  /** Wait for the next frame matching `match` (frames already received are not considered). */
  next(match: (frame: Frame) => boolean = () => true, timeoutMs = 5000): Promise<Frame> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.timer !== timer)
        reject(new Error(`${this.identity}: no matching frame within ${timeoutMs} ms; received ${JSON.stringify(this.received.slice(-5))}`))
      }, timeoutMs)
      this.waiters.push({ match, resolve, reject, timer })
    })
  }

  /** Wait for the CSMS's next CALL of `action`. */
  nextCall(action?: string, timeoutMs?: number): Promise<Frame> {
    return this.next((frame) => frame[0] === 2 && (action === undefined || frame[2] === action), timeoutMs)
  }

  sendRaw(text: string | Buffer, binary = false): void {
    this.socket.send(text, { binary })
  }

  /** Send a CALL and wait for the CALLRESULT or CALLERROR with the same id. */
  async call(action: string, payload: unknown, messageId: string = randomUUID()): Promise<Frame> {
    const answer = this.next((frame) => (frame[0] === 3 || frame[0] === 4) && frame[1] === messageId)
    this.sendRaw(JSON.stringify([2, messageId, action, payload]))
    return answer
  }

  /** Send raw text and wait for the CALLERROR answering it (by id when given). */
  async sendAndExpectError(text: string | Buffer, messageId?: string, binary = false): Promise<Frame> {
    const answer = this.next((frame) => frame[0] === 4 && (messageId === undefined || frame[1] === messageId))
    this.sendRaw(text, binary)
    return answer
  }

  answer(call: Frame, payload: unknown): void {
    this.sendRaw(JSON.stringify([3, call[1], payload]))
  }

  answerError(call: Frame, code: string, description = '', details: unknown = {}): void {
    this.sendRaw(JSON.stringify([4, call[1], code, description, details]))
  }

  async boot(vendor = 'TestVendor', model = 'TestModel', extra: Record<string, unknown> = {}): Promise<Frame> {
    return this.call('BootNotification', { chargePointVendor: vendor, chargePointModel: model, ...extra })
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return
    await new Promise<void>((resolve) => {
      this.socket.once('close', () => resolve())
      this.socket.close()
    })
  }

  waitClosed(timeoutMs = 5000): Promise<{ code: number; reason: string }> {
    if (this.closeInfo) return Promise.resolve(this.closeInfo)
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.identity}: still open after ${timeoutMs} ms`)), timeoutMs)
      this.socket.once('close', (code, reason) => {
        clearTimeout(timer)
        resolve({ code, reason: reason.toString() })
      })
    })
  }
}

/** Try an upgrade and report the HTTP status of a refusal (or 101); wss:// with `rejectUnauthorized: false` trusts the CSMS's self-signed certificate. */
export function upgradeStatus(url: string, protocols: string[] | undefined, headers: Record<string, string> = {}, options: { rejectUnauthorized?: boolean } = {}): Promise<{ status: number; protocol?: string; body?: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, protocols ?? [], { headers, ...options })
    socket.once('open', () => {
      const protocol = socket.protocol
      socket.close()
      resolve({ status: 101, protocol })
    })
    socket.once('unexpected-response', (_request, response) => {
      let body = ''
      response.on('data', (chunk: Buffer) => (body += chunk.toString()))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }))
    })
    socket.once('error', (error) => {
      if (!/Unexpected server response/.test(error.message)) reject(error)
    })
  })
}
