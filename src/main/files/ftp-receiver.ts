/**
 * The built-in FTP receiver (ftp-srv): a station logs in with the credentials of its upload
 * location (user "diagnostics", password = the location's token), sees an empty folder of its own
 * and may store files there; each stored file becomes an upload of that station.
 */
import { rm } from 'node:fs/promises'
import { basename, dirname } from 'node:path'
import { makePrivateDir } from '../storage/file-modes'
import { FtpSrv, FileSystem } from 'ftp-srv'
import type { DiagnosticsReceiver } from './diagnostics-receiver'

export const FTP_USER = 'diagnostics'

/** Uploads only: reading, deleting and renaming are refused, writes are bounded. */
class UploadOnlyFileSystem extends FileSystem {
  constructor(
    connection: ConstructorParameters<typeof FileSystem>[0],
    root: string,
    private readonly maxBytes: number,
  ) {
    super(connection, { root, cwd: '/' })
  }

  override read(): Promise<never> {
    return Promise.reject(new Error('Downloads are not offered here'))
  }

  override delete(): Promise<never> {
    return Promise.reject(new Error('Not allowed'))
  }

  override rename(): Promise<never> {
    return Promise.reject(new Error('Not allowed'))
  }

  override write(fileName: string, options?: { append?: boolean; start?: unknown }) {
    const result = super.write(fileName, options) as { stream: NodeJS.WritableStream & { destroy(error?: Error): void }; clientPath: string }
    const { stream } = result
    const write = stream.write.bind(stream)
    let size = 0
    const max = this.maxBytes
    stream.write = ((chunk: Buffer, ...rest: unknown[]) => {
      size += chunk.length
      if (size > max) {
        stream.destroy(new Error(`The upload is larger than the limit of ${max} bytes`))
        return false
      }
      return (write as (...args: unknown[]) => boolean)(chunk, ...rest)
    }) as typeof stream.write
    return result
  }
}

export interface FtpReceiverOptions {
  host: string
  port: number
  passiveHost: () => string
  passivePorts: [number, number]
  receiver: DiagnosticsReceiver
  maxBytes(): number
  log(line: string): void
}

export class FtpReceiver {
  private server: FtpSrv | undefined
  port = 0

  constructor(private readonly options: FtpReceiverOptions) {}

  async listen(): Promise<number> {
    const { host, port, passivePorts, receiver, log } = this.options
    const before = new Set(['SIGTERM', 'SIGINT', 'SIGQUIT'].flatMap((signal) => process.listeners(signal as NodeJS.Signals)))
    const server = new FtpSrv({
      url: `ftp://${host}:${port}`,
      pasv_url: this.options.passiveHost(),
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
    server.on('login', ({ connection, username, password }, resolve, reject) => {
      const slot = username === FTP_USER ? receiver.slot(password) : undefined
      if (!slot) {
        log(`FTP login refused from ${connection.ip}: user "${username}" with an unknown upload password`)
        return reject(new Error('Unknown upload location: ask the Central System for a new one'))
      }
      const root = receiver.stagingDir(slot.token)
      makePrivateDir(root, dirname(root))
        .then(() => {
          connection.on('STOR', (error: Error | null, path: string) => {
            if (error) return log(`FTP upload from ${slot.stationId} (${connection.ip}) failed: ${error.message}`)
            receiver.adopt(slot.token, path, basename(path), connection.ip).catch((adoptError: unknown) => log(`Keeping the FTP upload from ${slot.stationId} failed: ${(adoptError as Error).message}`))
          })
          connection.on('RETR', () => undefined)
          resolve({ fs: new UploadOnlyFileSystem(connection, root, this.options.maxBytes()) as unknown as FileSystem })
        })
        .catch((error: unknown) => reject(error as Error))
    })
    server.on('client-error', ({ context, error }) => log(`FTP client error (${context}): ${error.message}`))
    await server.listen()
    this.server = server
    const address = (server as unknown as { server: import('node:net').Server }).server.address()
    this.port = typeof address === 'object' && address ? address.port : port
    return this.port
  }

  async stop(): Promise<void> {
    if (!this.server) return
    const server = this.server
    this.server = undefined
    await server.close().catch(() => undefined)
  }

  /** Removes what a broken upload left in the staging area of a slot. */
  async cleanStaging(token: string): Promise<void> {
    await rm(this.options.receiver.stagingDir(token), { recursive: true, force: true })
  }
}

/** ftp-srv logs through bunyan; keep it quiet (our own log lines say what happened). */
function quietLogger() {
  const noop = () => undefined
  const logger = { trace: noop, debug: noop, info: noop, warn: noop, error: noop, fatal: noop, child: () => logger }
  return logger
}
