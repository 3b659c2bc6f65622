/**
 * A raw FTP control connection for tests: sends any bytes (garbage, overlong lines, commands out of
 * order) and reads the server's replies, multi-line replies joined. Only for 127.0.0.1.
 */
import { connect, type Socket } from 'node:net'

export interface FtpReply {
  code: number
  /** Every line of the reply, as sent (without CRLF). */
  lines: string[]
}

export class RawFtp {
  private buffer = ''
  private readonly lines: string[] = []
  private waiter: (() => void) | undefined
  closed = false
  /** Everything the server sent on this connection, for assertions over all replies. */
  transcript = ''

  private constructor(readonly socket: Socket) {
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => {
      this.transcript += chunk
      this.buffer += chunk
      let end: number
      while ((end = this.buffer.indexOf('\r\n')) >= 0) {
        this.lines.push(this.buffer.slice(0, end))
        this.buffer = this.buffer.slice(end + 2)
      }
      this.wake()
    })
    socket.on('error', () => undefined)
    socket.on('close', () => {
      this.closed = true
      this.wake()
    })
  }

  /** `localAddress`: another loopback address (127.0.0.2 …) to appear as another client. */
  static open(port: number, host = '127.0.0.1', localAddress?: string): Promise<RawFtp> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host, ...(localAddress ? { localAddress } : {}) }, () => resolve(new RawFtp(socket)))
      socket.once('error', reject)
    })
  }

  private wake(): void {
    const waiter = this.waiter
    this.waiter = undefined
    waiter?.()
  }

  private async line(deadline: number): Promise<string> {
    while (this.lines.length === 0) {
      if (this.closed) throw new Error(`connection closed; transcript: ${this.transcript.slice(-500)}`)
      const left = deadline - Date.now()
      if (left <= 0) throw new Error(`no reply in time; transcript: ${this.transcript.slice(-500)}`)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left)
        this.waiter = () => {
          clearTimeout(timer)
          resolve()
        }
      })
    }
    return this.lines.shift()!
  }

  /** The next whole reply. */
  async reply(timeoutMs = 5000): Promise<FtpReply> {
    const deadline = Date.now() + timeoutMs
    const first = await this.line(deadline)
    const match = /^(\d{3})([ -])/.exec(first)
    if (!match) throw new Error(`not an FTP reply: ${JSON.stringify(first.slice(0, 200))}`)
    const lines = [first]
    if (match[2] === '-') {
      for (;;) {
        const next = await this.line(deadline)
        lines.push(next)
        if (next.startsWith(`${match[1]} `)) break
      }
    }
    return { code: Number(match[1]), lines }
  }

  write(raw: string | Buffer): void {
    this.socket.write(raw)
  }

  /** Sends one command line and reads its reply. */
  async send(line: string, timeoutMs?: number): Promise<FtpReply> {
    this.write(`${line}\r\n`)
    return this.reply(timeoutMs)
  }

  /** Resolves once the server closed the connection (or after `timeoutMs`, with false). */
  async waitClosed(timeoutMs = 5000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs
    while (!this.closed && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, deadline - Date.now())
        this.waiter = () => {
          clearTimeout(timer)
          resolve()
        }
      })
    }
    return this.closed
  }

  close(): void {
    this.socket.destroy()
  }
}

/** Logs in with the user and password of an ftp:// upload location. */
export async function loginRaw(location: string): Promise<RawFtp> {
  const url = new URL(location)
  const ftp = await RawFtp.open(Number(url.port), url.hostname)
  const greeting = await ftp.reply()
  if (greeting.code !== 220) throw new Error(`greeting ${greeting.lines.join(' | ')}`)
  const user = await ftp.send(`USER ${decodeURIComponent(url.username)}`)
  if (user.code !== 331) throw new Error(`USER: ${user.lines.join(' | ')}`)
  const pass = await ftp.send(`PASS ${decodeURIComponent(url.password)}`)
  if (pass.code !== 230) throw new Error(`PASS: ${pass.lines.join(' | ')}`)
  return ftp
}
