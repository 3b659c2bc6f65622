/**
 * The built-in FTP receiver (ftp-srv): a station logs in with the credentials of its upload
 * location (user "diagnostics", password = the location's token) and stores its file; each STOR
 * is one upload of that location (see diagnostics-receiver.ts). Around ftp-srv: a bounded number of
 * connections per address and in total, command lines read and screened here (ftp-commands.ts),
 * an upload-only file system with a single empty folder, replies scrubbed of paths, an inactivity
 * limit on the control connection outside transfers, passive ports from the configured range.
 */
import type { Server, Socket } from 'node:net'
import { posix } from 'node:path'
import type { Writable } from 'node:stream'
import { FtpSrv, FileSystem, type FtpConnection } from 'ftp-srv'
import { burstLog } from './burst-log'
import { addressKey, ConnectionLimits, type ConnectionLimitValues } from './connection-limits'
import { UploadRefused, type DiagnosticsReceiver } from './diagnostics-receiver'
import { LineReader, scrubReply, screen } from './ftp-commands'
import { safeFileName } from './safe-name'

export const FTP_USER = 'diagnostics'

/** Wrong passwords on one connection before it is closed. */
const MAX_FAILED_LOGINS = 3
/** Command lines read ahead of the one running before the connection stops being read. */
const MAX_QUEUED_LINES = 32

/** What ftp-srv keeps on a connection beyond its typings. */
type Connection = FtpConnection & {
  commandSocket: Socket
  authenticated?: boolean
  commands: { handle(line: string): PromiseLike<unknown> }
  close(code?: number, message?: string): PromiseLike<unknown>
}

class Refusal extends Error {}

/** One empty folder ("/"), where files can only be stored: nothing is read, listed, made, renamed or removed. */
class UploadOnlyFileSystem extends FileSystem {
  private folder = '/'

  constructor(
    connection: FtpConnection,
    private readonly store: (fileName: string) => Promise<{ stream: Writable; clientPath: string }>,
  ) {
    super(connection, { root: '/', cwd: '/' })
  }

  override currentDirectory(): string {
    return this.folder
  }

  override chdir(path = '.'): Promise<string> {
    const target = posix.normalize(posix.join(this.folder, path.replace(/\\/g, '/')))
    if (target !== '/') return Promise.reject(new Refusal('No such folder: there is only the top folder here'))
    this.folder = '/'
    return Promise.resolve('/')
  }

  override get(): Promise<never> {
    return Promise.reject(new Refusal('No such file: files cannot be read here'))
  }

  override list(): Promise<never> {
    return Promise.reject(new Refusal('Listing is not offered here'))
  }

  override write(fileName: string): Promise<{ stream: Writable; clientPath: string }> {
    return this.store(fileName)
  }

  override read(): Promise<never> {
    return Promise.reject(new Refusal('Downloads are not offered here'))
  }

  override delete(): Promise<never> {
    return Promise.reject(new Refusal('Not offered here'))
  }

  override mkdir(): Promise<never> {
    return Promise.reject(new Refusal('Not offered here'))
  }

  override rename(): Promise<never> {
    return Promise.reject(new Refusal('Not offered here'))
  }

  override chmod(): Promise<never> {
    return Promise.reject(new Refusal('Not offered here'))
  }
}

export interface FtpReceiverOptions {
  host: string
  port: number
  /** The address put into PASV answers for stations not on this PC. */
  passiveHost: () => string
  passivePorts: [number, number]
  receiver: DiagnosticsReceiver
  /** An upload with no byte for this long is cut; a control connection outside a transfer is closed after twice that. */
  idleMs(): number
  limits(): ConnectionLimitValues
  /** Paths of this PC that no reply may name. */
  secrets: string[]
  log(line: string): void
}

/** Writes an FTP reply (several lines for a text with line breaks). */
function send(socket: Socket, code: number, text: string): Promise<void> {
  const lines = text.split('\n')
  const formatted = lines.length === 1 ? `${code} ${text}\r\n` : `${code}-${lines[0]}\r\n${lines.slice(1, -1).join('\r\n')}${lines.length > 2 ? '\r\n' : ''}${code} ${lines[lines.length - 1]}\r\n`
  return new Promise((resolve) => {
    if (!socket.writable) return resolve()
    socket.write(formatted, () => resolve())
  })
}

const DATA_SETUP = new Set(['PASV', 'EPSV', 'PORT', 'EPRT'])

async function endDataConnection(connection: Connection): Promise<void> {
  const connector = (connection as unknown as { connector?: { type?: unknown; end?: () => void } }).connector
  if (!connector?.type || typeof connector.end !== 'function') return
  connector.end()
  // The listening port is released when its handle closes, on the next turn of the event loop.
  await new Promise((resolve) => setTimeout(resolve, 5))
}

/** ftp-srv answers some failures with an error's code ("EADDRINUSE", 400): not FTP reply codes. */
function replyOptions(options: number | object): number | object {
  const code = typeof options === 'number' ? options : (options as { code?: unknown }).code
  if (code === undefined || (typeof code === 'number' && /^[1-5][0-5]\d$/.test(String(code)) && code !== 400)) return options
  return typeof options === 'number' ? 425 : { ...options, code: 425 }
}

function isIpv4(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host)
}

export class FtpReceiver {
  private server: FtpSrv | undefined
  private readonly connections: ConnectionLimits
  /** The address of this PC each client reached (the PASV answer when no IPv4 public host is set). */
  private readonly reachedAt = new Map<string, string>()
  private readonly logRefusal: (kind: string, line: string) => void
  port = 0

  constructor(private readonly options: FtpReceiverOptions) {
    this.connections = new ConnectionLimits(options.limits)
    this.logRefusal = burstLog(options.log)
  }

  async listen(): Promise<number> {
    const { host, port, passivePorts } = this.options
    const before = new Set(['SIGTERM', 'SIGINT', 'SIGQUIT'].flatMap((signal) => process.listeners(signal as NodeJS.Signals)))
    const server = new FtpSrv({
      url: `ftp://${host}:${port}`,
      pasv_url: ((clientIp: string) => this.passiveAddress(clientIp)) as unknown as string,
      pasv_min: passivePorts[0],
      pasv_max: passivePorts[1],
      anonymous: false,
      greeting: ['OCPP Central System: diagnostics upload'],
      log: quietLogger(),
    })
    // ftp-srv exits the process on SIGTERM/SIGINT; the app shuts down by itself, flushing its data first.
    for (const signal of ['SIGTERM', 'SIGINT', 'SIGQUIT'] as const) {
      for (const listener of process.listeners(signal)) if (!before.has(listener)) process.removeListener(signal, listener)
    }
    // Connections are counted before ftp-srv sees them; one over a limit gets 421 and is closed.
    const net = (server as unknown as { server: Server }).server
    const accept = net.listeners('connection')[0] as ((socket: Socket) => void) | undefined
    if (typeof accept !== 'function') throw new Error('the FTP library changed: its connection handler was not found')
    net.removeAllListeners('connection')
    net.on('connection', (socket: Socket) => this.admit(socket, accept))
    ;(server as unknown as { on(event: 'connect', listener: (data: { connection: Connection }) => void): void }).on('connect', ({ connection }) => this.guard(connection))
    server.on('login', ({ connection, username, password }, resolve, reject) => {
      let token: string | undefined
      try {
        if (username === FTP_USER) token = this.options.receiver.check(password, 'ftp', connection.ip).token
      } catch (error) {
        return reject(new Error((error as Error).message))
      }
      if (!token) {
        this.logRefusal(`login ${connection.ip}`, `FTP login refused from ${connection.ip}: user "${username.slice(0, 64)}" is not the upload user`)
        return reject(new Error('Unknown upload location: ask the Central System for a new one'))
      }
      const slotToken = token
      resolve({ fs: new UploadOnlyFileSystem(connection, (fileName) => this.store(connection as Connection, slotToken, fileName)) as unknown as FileSystem })
    })
    server.on('client-error', ({ connection, context, error }) => this.logRefusal(`client-error ${context} ${connection?.ip}`, `FTP client error (${context}${connection?.ip ? `, ${connection.ip}` : ''}): ${error.message}`))
    await server.listen()
    this.server = server
    const address = net.address()
    this.port = typeof address === 'object' && address ? address.port : port
    return this.port
  }

  async stop(): Promise<void> {
    if (!this.server) return
    const server = this.server
    this.server = undefined
    await server.close().catch(() => undefined)
  }

  get passivePorts(): [number, number] {
    return this.options.passivePorts
  }

  private admit(socket: Socket, accept: (socket: Socket) => void): void {
    socket.on('error', () => undefined)
    const admitted = this.connections.admit(socket.remoteAddress)
    if (!admitted.ok) {
      const from = addressKey(socket.remoteAddress)
      this.logRefusal(`limit ${admitted.reason} ${from}`, `FTP connection from ${from} refused: ${admitted.reason === 'address' ? `more than ${this.options.limits().perAddress} from one address` : `more than ${this.options.limits().total} in all`}`)
      socket.end(`421 Too many connections ${admitted.reason === 'address' ? 'from your address' : 'to this receiver'}: try again later\r\n`)
      setTimeout(() => socket.destroy(), 2000).unref()
      return
    }
    const client = addressKey(socket.remoteAddress)
    if (socket.localAddress) this.reachedAt.set(client, addressKey(socket.localAddress))
    socket.once('close', () => {
      admitted.release()
      this.reachedAt.delete(client)
    })
    accept(socket)
  }

  /** Command lines are read here, screened, and only then handed to ftp-srv, one at a time. */
  private guard(connection: Connection): void {
    const socket = connection.commandSocket
    const controlIdleMs = () => 2 * this.options.idleMs()
    socket.setTimeout(controlIdleMs())
    const reply = connection.reply.bind(connection)
    connection.reply = (options: number | object, ...letters: unknown[]) => reply(replyOptions(options), ...letters.map((letter) => this.scrub(letter)))
    socket.removeAllListeners('data')
    const reader = new LineReader()
    let queue: string[] = []
    let running = false
    let failedLogins = 0
    let closing = false
    const close = async (code: number, text: string) => {
      closing = true
      queue = []
      await send(socket, code, text)
      socket.destroy()
    }
    const run = async (line: string) => {
      const verdict = screen(line, connection.authenticated === true)
      if (!verdict.pass) return send(socket, verdict.code, verdict.text)
      // ftp-srv keeps the data port of an earlier PASV open (until a 30 s timeout): free it first.
      if (DATA_SETUP.has(verdict.directive)) await endDataConnection(connection)
      try {
        await connection.commands.handle(verdict.line)
      } catch (error) {
        this.logRefusal(`failed ${connection.ip}`, `FTP command ${verdict.directive} from ${connection.ip} failed: ${(error as Error)?.message ?? String(error)}`)
        await send(socket, 451, 'Requested action aborted: local error')
      }
      if (verdict.directive === 'PASS' && connection.authenticated !== true && ++failedLogins >= MAX_FAILED_LOGINS) {
        await close(421, 'Too many failed logins: closing the connection')
      }
    }
    const drain = async () => {
      if (running) return
      running = true
      try {
        while (queue.length && !closing) await run(queue.shift()!)
      } finally {
        running = false
        if (!closing && !socket.destroyed) socket.resume()
      }
    }
    socket.on('data', (chunk: Buffer) => {
      if (closing) return
      const lines = reader.push(chunk)
      if (lines === 'overlong') {
        this.logRefusal(`overlong ${connection.ip}`, `FTP connection from ${connection.ip} closed: a command line longer than allowed`)
        void close(500, 'Command line too long: closing the connection')
        return
      }
      queue.push(...lines)
      if (queue.length > MAX_QUEUED_LINES) socket.pause()
      void drain().catch(() => undefined)
    })
    socket.on('close', () => {
      closing = true
      queue = []
    })
  }

  /** STOR: one upload of the location; the control connection waits without a time limit meanwhile. */
  private async store(connection: Connection, token: string, fileName: string): Promise<{ stream: Writable; clientPath: string }> {
    const session = this.options.receiver.begin(token, 'ftp', connection.ip)
    const socket = connection.commandSocket
    socket.setTimeout(0)
    const restore = () => {
      if (!socket.destroyed) socket.setTimeout(2 * this.options.idleMs())
    }
    try {
      const stream = await session.file(fileName, { commitOnFinish: true })
      stream.once('finish', restore)
      stream.once('error', restore)
      return { stream, clientPath: safeFileName(fileName, 'diagnostics.bin') }
    } catch (error) {
      restore()
      await session.abort(error)
      throw error instanceof UploadRefused ? error : new Refusal('The file could not be stored')
    }
  }

  private passiveAddress(clientIp: string): string {
    const client = addressKey(clientIp)
    if (/^127\./.test(client) || client === '::1') return '127.0.0.1'
    const chosen = this.options.passiveHost()
    if (isIpv4(chosen)) return chosen
    const reached = this.reachedAt.get(client)
    return reached && isIpv4(reached) ? reached : chosen
  }

  /** Replies never name a path of this PC (ftp-srv puts error messages with paths into some). */
  private scrub(letter: unknown): unknown {
    if (typeof letter === 'string') return scrubReply(letter, this.options.secrets)
    if (letter && typeof letter === 'object' && typeof (letter as { then?: unknown }).then === 'function') return Promise.resolve(letter).then((value) => this.scrub(value))
    if (letter && typeof letter === 'object' && typeof (letter as { message?: unknown }).message === 'string') return { ...letter, message: scrubReply((letter as { message: string }).message, this.options.secrets) }
    return letter
  }
}

/** ftp-srv logs through bunyan; keep it quiet (our own log lines say what happened). */
function quietLogger() {
  const noop = () => undefined
  const logger = { trace: noop, debug: noop, info: noop, warn: noop, error: noop, fatal: noop, child: () => logger }
  return logger
}
