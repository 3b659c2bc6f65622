/**
 * The built-in HTTP file service for stations: firmware downloads (GET /firmware/<id>/<name>, with
 * ranges, through sirv) and diagnostics uploads (PUT /diagnostics/<token>/<name>, or POST with a
 * multipart/form-data body parsed by busboy, or a raw body).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import Busboy from 'busboy'
import sirv from 'sirv'
import { listen } from '../util/listen'
import { guardedHandler } from '../web/guarded'
import { hostRefusalMessage, type HostAllowList } from '../web/host-allow-list'
import { internalErrorId } from '../util/internal-error'
import { parseRequestTarget } from '../web/request-target'
import { applySecurityHeaders } from '../web/security-headers'
import { guardServer } from '../web/server-limits'
import type { DiagnosticsReceiver } from './diagnostics-receiver'
import { UploadRefused } from './diagnostics-receiver'
import type { FirmwareHost } from './firmware-host'

function reply(response: ServerResponse, status: number, text: string): void {
  if (response.headersSent) return void response.end()
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' })
  response.end(`${text}\n`)
}

export class HttpFileServer {
  private readonly http: Server
  private readonly files: ReturnType<typeof sirv>

  constructor(
    private readonly firmware: FirmwareHost,
    private readonly receiver: DiagnosticsReceiver,
    private readonly log: (line: string) => void,
    /** Host names stations and people may reach it by (DNS-rebinding defence); absent = any. */
    private readonly hosts?: HostAllowList,
  ) {
    // dev: look files up on every request, since firmware is added while the server runs.
    this.files = sirv(firmware.dir, { dev: true, etag: true, dotfiles: false })
    this.http = createServer(guardedHandler('file host', (request, response) => this.handle(request, response)))
    guardServer(this.http, { maxConnections: 0 })
  }

  listen(port: number, host: string): Promise<AddressInfo> {
    return listen(this.http, port, host)
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.http.close(() => resolve()))
    this.http.closeAllConnections?.()
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const remote = request.socket.remoteAddress
    applySecurityHeaders(response, 'none')
    const target = parseRequestTarget(request.url)
    if (!target.ok) return reply(response, target.status, target.message)
    if (this.hosts && !this.hosts.allowsHost(request.headers.host)) return reply(response, 421, hostRefusalMessage(request.headers.host))
    const parts = target.segments
    try {
      if (parts[0] === 'firmware' && (request.method === 'GET' || request.method === 'HEAD')) return this.firmwareDownload(parts, request, response, remote)
      if (parts[0] === 'diagnostics' && parts[1] && (request.method === 'PUT' || request.method === 'POST')) return await this.upload(parts[1], parts[2], request, response, remote)
      reply(response, 404, 'Nothing here: firmware is served under /firmware/, diagnostics are uploaded under /diagnostics/<token>/')
    } catch (error) {
      if (error instanceof UploadRefused) return reply(response, error.status, error.message)
      reply(response, 500, `Internal error (id ${internalErrorId(error, `file host ${request.method ?? '?'} from ${remote ?? '?'}`, this.log)}): the Central System's log has the details under this id`)
    }
  }

  private firmwareDownload(parts: string[], request: IncomingMessage, response: ServerResponse, remote?: string): void {
    const file = parts[1] ? this.firmware.get(parts[1]) : undefined
    if (!file) {
      this.log(`Firmware request for an unknown file ${request.url} from ${remote ?? '?'}`)
      return reply(response, 404, 'No such firmware file: it may have been removed from the Central System')
    }
    request.url = `/${encodeURIComponent(file.id)}/${encodeURIComponent(file.name)}`
    response.once('finish', () => this.log(`Firmware ${file.name} (${file.size} bytes) served to ${remote ?? '?'}: HTTP ${response.statusCode}${request.headers.range ? ` range ${request.headers.range}` : ''}`))
    this.files(request, response, () => reply(response, 404, 'The firmware file is missing on disk'))
  }

  private async upload(token: string, name: string | undefined, request: IncomingMessage, response: ServerResponse, remote?: string): Promise<void> {
    if (!this.receiver.slot(token)) {
      request.resume()
      throw new UploadRefused('Unknown upload location: ask the Central System for a new one', 403)
    }
    const type = request.headers['content-type'] ?? ''
    if (request.method === 'POST' && type.toLowerCase().startsWith('multipart/form-data')) {
      const stored = await this.multipart(token, request, remote)
      if (stored === 0) throw new UploadRefused('The form carried no file', 400)
      return reply(response, 201, `Stored ${stored} file(s)`)
    }
    const upload = await this.receiver.receive(token, name, request, request.method === 'PUT' ? 'http-put' : 'http-post', remote)
    reply(response, 201, `Stored ${upload.fileName} (${upload.size} bytes)`)
  }

  private multipart(token: string, request: IncomingMessage, remote?: string): Promise<number> {
    return new Promise((resolve, reject) => {
      let busboy: Busboy.Busboy
      try {
        busboy = Busboy({ headers: request.headers, limits: { files: 10 } })
      } catch (error) {
        return reject(new UploadRefused(`Cannot read the form: ${(error as Error).message}`, 400))
      }
      const pending: Promise<unknown>[] = []
      busboy.on('file', (_field, stream, info) => {
        const stored = this.receiver.receive(token, info.filename, stream, 'http-post', remote)
        // A refused file must still be drained so the form goes on.
        stored.catch(() => stream.resume())
        pending.push(stored)
      })
      busboy.on('error', (error) => reject(new UploadRefused(`Cannot read the form: ${(error as Error).message}`, 400)))
      busboy.on('close', () => {
        Promise.all(pending).then((all) => resolve(all.length), reject)
      })
      request.pipe(busboy)
    })
  }
}
