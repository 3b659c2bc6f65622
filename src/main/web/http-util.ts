import { timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { ApiError } from '../api/api-error'

/** Read a JSON request body; an empty body is `{}`. */
export async function readJsonBody(request: IncomingMessage, maxBytes: number): Promise<unknown> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request) {
    size += (chunk as Buffer).length
    if (size > maxBytes) throw new ApiError('BadRequest', `Request body larger than ${maxBytes} bytes`)
    chunks.push(chunk as Buffer)
  }
  const text = Buffer.concat(chunks).toString('utf8').trim()
  if (text.length === 0) return {}
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new ApiError('BadRequest', `Request body is not valid JSON: ${(error as Error).message}`)
  }
}

/** Browsers send Origin on WebSocket upgrades; refuse pages from other sites. Non-browser clients send none. */
export function sameOrigin(request: IncomingMessage): boolean {
  const origin = request.headers.origin
  if (!origin) return true
  try {
    return new URL(origin).host === request.headers.host
  } catch {
    return false
  }
}

export const TOKEN_COOKIE = 'csms_token'

/**
 * Whether a request carries the API token: `Authorization: Bearer <token>`, the token cookie (set
 * when the UI is opened with `?token=`), or `?token=` itself (answered with `setCookie`).
 */
export function tokenCheck(request: IncomingMessage, token: string): { ok: boolean; setCookie?: string } {
  const header = request.headers.authorization
  if (header && /^Bearer\s+/i.test(header) && safeEqual(header.replace(/^Bearer\s+/i, '').trim(), token)) return { ok: true }
  const cookies = (request.headers.cookie ?? '').split(';').map((c) => c.trim())
  if (cookies.some((c) => c.startsWith(`${TOKEN_COOKIE}=`) && safeEqual(decodeURIComponent(c.slice(TOKEN_COOKIE.length + 1)), token))) return { ok: true }
  const query = new URL(request.url ?? '/', 'http://x').searchParams.get('token')
  if (query !== null && safeEqual(query, token)) return { ok: true, setCookie: `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/` }
  return { ok: false }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}
