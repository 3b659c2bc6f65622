import { timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { FLATTER, jsonTextTooDeep, tooDeepMessage } from '@shared/util/json-depth'
import { ApiError } from '../api/api-error'
import { cookieValues } from './cookies'

/** A body over the limit: answered 413 (before reading it when Content-Length says so). */
export class BodyTooLarge extends ApiError {
  constructor(maxBytes: number) {
    super('BadRequest', `The request body is larger than ${maxBytes} bytes`)
  }
}

/** Whether the declared Content-Length is already over the limit. */
export function declaredTooLarge(request: IncomingMessage, maxBytes: number): boolean {
  const declared = Number(request.headers['content-length'])
  return Number.isFinite(declared) && declared > maxBytes
}

/**
 * Read a JSON request body; an empty body is `{}`. Rejects only with an ApiError: BodyTooLarge
 * past `maxBytes` (reading stops, the socket stays open for the 413), BadRequest when the body is
 * cut off, is not JSON or nests deeper than MAX_JSON_DEPTH.
 */
export function readJsonBody(request: IncomingMessage, maxBytes: number): Promise<unknown> {
  if (declaredTooLarge(request, maxBytes)) return Promise.reject(new BodyTooLarge(maxBytes))
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let settled = false
    const settle = (error: ApiError | undefined, value?: unknown): void => {
      if (settled) return
      settled = true
      request.off('data', onData)
      request.off('end', onEnd)
      request.off('close', onClose)
      if (error) reject(error)
      else resolve(value)
    }
    const onData = (chunk: Buffer): void => {
      size += chunk.length
      if (size > maxBytes) {
        request.pause()
        settle(new BodyTooLarge(maxBytes))
        return
      }
      chunks.push(chunk)
    }
    const onEnd = (): void => {
      const text = Buffer.concat(chunks).toString('utf8').trim()
      if (text.length === 0) return settle(undefined, {})
      // Before anything parses or copies it: a body nested beyond the limit is refused unread.
      if (jsonTextTooDeep(text)) return settle(new ApiError('BadRequest', tooDeepMessage('The request body', FLATTER)))
      try {
        settle(undefined, JSON.parse(text))
      } catch (error) {
        settle(new ApiError('BadRequest', `Request body is not valid JSON: ${(error as Error).message}`))
      }
    }
    const onClose = (): void => settle(new ApiError('BadRequest', 'The request body was cut off before it was complete'))
    request.on('data', onData)
    request.on('end', onEnd)
    request.on('close', onClose)
    // 'error' (a reset mid-body) is followed by 'close'; listening keeps it from being thrown.
    request.on('error', () => undefined)
  })
}

export const TOKEN_COOKIE = 'csms_token'

/**
 * Whether a request carries the API token: `Authorization: Bearer <token>`, the token cookie (set
 * when the UI is opened with `?token=`), or `?token=` itself (answered with `setCookie`). `query`
 * is the parsed query of the request target. Malformed cookies and headers simply do not match.
 */
export function tokenCheck(request: IncomingMessage, token: string, query: URLSearchParams): { ok: boolean; setCookie?: string } {
  const header = request.headers.authorization
  if (typeof header === 'string' && /^Bearer\s+/i.test(header) && safeEqual(header.replace(/^Bearer\s+/i, '').trim(), token)) return { ok: true }
  if (cookieValues(request.headers.cookie, TOKEN_COOKIE).some((value) => safeEqual(value, token))) return { ok: true }
  const fromQuery = query.get('token')
  if (fromQuery !== null && safeEqual(fromQuery, token)) return { ok: true, setCookie: `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/` }
  return { ok: false }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}
