/**
 * The built-in HTTP file service for stations: firmware downloads (GET /firmware/<id>/<name>, with
 * ranges, through sirv) and diagnostics uploads (PUT /diagnostics/<token>/<name>, or POST with a
 * multipart/form-data body parsed by busboy, or a raw body).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
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
import { receiveHttpUpload } from './http-upload'

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
    // No total time for a request: a slow upload that keeps sending goes on (the upload session
    // cuts one that stops, after the inactivity limit); headers still have to come within 60 s.
    this.http = createServer({ requestTimeout: 0, headersTimeout: 60_000 }, guardedHandler('file host', (request, response) => this.handle(request, response)))
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
    const answer = await receiveHttpUpload(this.receiver, token, name, request, remote)
    // What a refused body still sends is read and dropped until the connection closes after the answer.
    if (answer.status >= 400 && !request.readableEnded) request.resume()
    reply(response, answer.status, answer.text)
  }
}
