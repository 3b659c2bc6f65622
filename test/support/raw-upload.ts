/**
 * HTTP uploads for tests with node:http, so a test controls the pace of the body: steady chunks,
 * a stall, more bytes than announced. Resolves with the answer or with how the connection ended.
 */
import { request } from 'node:http'

export interface UploadOutcome {
  /** The HTTP status, when an answer came. */
  status?: number
  body?: string
  /** Set when the connection ended without an answer (reset, closed). */
  error?: string
}

export interface PacedBody {
  chunks: Buffer[]
  /** Pause between chunks (ms). */
  everyMs?: number
  /** After the chunks: keep the request open without sending (a stalled station). */
  stallAfter?: boolean
}

export function pacedUpload(url: string, method: 'PUT' | 'POST', body: PacedBody, headers: Record<string, string | number> = {}, timeoutMs = 10_000): Promise<UploadOutcome> {
  return new Promise((resolve) => {
    let settled = false
    const done = (outcome: UploadOutcome) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve(outcome)
    }
    const timer = setTimeout(() => {
      req.destroy()
      done({ error: `neither an answer nor a closed connection within ${timeoutMs} ms` })
    }, timeoutMs)
    const req = request(url, { method, headers: { 'Content-Type': 'application/octet-stream', ...headers } }, (response) => {
      let text = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => (text += chunk))
      response.on('end', () => done({ status: response.statusCode, body: text }))
      response.on('error', () => done({ status: response.statusCode, body: text }))
    })
    req.on('error', (error) => done({ error: (error as NodeJS.ErrnoException).code ?? error.message }))
    req.on('close', () => setTimeout(() => done({ error: 'closed without an answer' }), 50))
    let index = 0
    const next = () => {
      if (settled || req.destroyed) return
      if (index < body.chunks.length) {
        req.write(body.chunks[index++]!)
        if (body.everyMs) setTimeout(next, body.everyMs)
        else setImmediate(next)
      } else if (!body.stallAfter) req.end()
    }
    req.flushHeaders()
    next()
  })
}

/** Bytes in `count` chunks of `size`. */
export function chunks(count: number, size: number, fill = 0x61): Buffer[] {
  return Array.from({ length: count }, () => Buffer.alloc(size, fill))
}
