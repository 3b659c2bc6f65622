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
