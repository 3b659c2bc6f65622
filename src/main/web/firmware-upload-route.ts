/**
 * `PUT /api/firmware-files?name=<file name>` on the web bridge: a firmware file as the raw request
 * body (any content type), streamed to disk and hashed on the way, at most the "Largest upload"
 * setting. Answers 201 with the FirmwareFile.
 *
 * Not a CSRF hole: the request must carry `X-CSMS-Upload: 1`. A page of another site cannot send a
 * custom header (nor a PUT) without a CORS preflight, which this server never grants; an `Origin`
 * other than this server's own is refused as well. The token and Host checks of the bridge run
 * before this route.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { PassThrough, type Readable } from 'node:stream'
import { apiErrorStatus, type ApiErrorCode } from '@shared/contract/commands'
import { FIRMWARE_UPLOAD_HEADER, type FirmwareFile } from '@shared/contract/files-dto'
import { ApiError, toErrorBody } from '../api'

export interface FirmwareUploadRouteOptions {
  /** The "Largest upload" setting, in bytes. */
  maxBytes(): number
  /** Stores the body (FirmwareImports.fromStream, published with its URL); failures are ApiErrors (details.problem TooLarge: too large). */
  add(name: string, body: Readable, maxBytes: number): Promise<FirmwareFile>
}

/** A page's upload comes from this server's own origin (its Host, already allow-listed); tools send no Origin. */
function fromOwnOrigin(request: IncomingMessage): boolean {
  const origin = request.headers.origin
  if (origin === undefined) return true
  try {
    return new URL(origin).host === request.headers.host
  } catch {
    return false
  }
}

function answer(response: ServerResponse, status: number, body: unknown, close = false): void {
  if (response.headersSent) return
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...(close ? { Connection: 'close' } : {}) })
  response.end(JSON.stringify(body))
}

/** Refused before (or while) reading the body: the connection closes after the answer, the rest of the body unread. */
const refuse = (response: ServerResponse, status: number, message: string) => answer(response, status, { error: { code: status === 403 ? 'Forbidden' : 'BadRequest', message } }, true)

const tooLarge = (error: unknown) => error instanceof ApiError && (error.details as { problem?: unknown } | undefined)?.problem === 'TooLarge'

export function createFirmwareUploadRoute(options: FirmwareUploadRouteOptions): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  return async (request, response) => {
    if (request.method !== 'PUT') {
      response.setHeader('Allow', 'PUT')
      return refuse(response, 405, 'Use PUT /api/firmware-files?name=<file name> with the file as the body')
    }
    if (!fromOwnOrigin(request)) return refuse(response, 403, 'Uploads from a page of another site are refused')
    if (request.headers[FIRMWARE_UPLOAD_HEADER.toLowerCase()] !== '1') {
      return refuse(response, 403, `Send the header ${FIRMWARE_UPLOAD_HEADER}: 1 with the upload (it proves the request does not come from another site)`)
    }
    const name = new URL(request.url ?? '/', 'http://upload').searchParams.get('name')?.trim() ?? ''
    if (name.length < 1 || name.length > 200) return refuse(response, 400, 'Name the file: ?name=<file name> (1–200 characters)')
    const maxBytes = options.maxBytes()
    const declared = Number(request.headers['content-length'])
    if (Number.isFinite(declared) && declared > maxBytes) {
      return refuse(response, 413, `The file is ${declared} bytes, more than the largest upload (${maxBytes} bytes): raise "Largest upload" in Settings → File services, or use the import folder`)
    }
    // The store reads a copy of the body: when it stops early (too large), the request itself
    // stays open long enough to carry the 413 back; an aborted upload ends the copy with an error.
    const body = new PassThrough()
    request.on('close', () => {
      if (!request.complete) body.destroy(Object.assign(new Error('upload aborted'), { code: 'ECONNRESET' }))
    })
    request.pipe(body)
    try {
      answer(response, 201, await options.add(name, body, maxBytes))
    } catch (error) {
      request.unpipe(body)
      if (tooLarge(error)) return refuse(response, 413, (error as Error).message)
      const status = apiErrorStatus[toErrorBody(error).code as ApiErrorCode] ?? 500
      answer(response, status, { error: toErrorBody(error) }, !request.complete)
    }
  }
}
