/**
 * Request and upgrade listeners that nothing escapes from: a throw or a rejected promise in the
 * handler is answered 500 (or the socket closed) and reported once, with the server and request,
 * to the last-resort handler; the server goes on with the next request.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import { reportEscapedError } from '../util/last-resort'
import { SECURITY_HEADERS } from './security-headers'
import { refuseOnSocket } from './server-limits'

const INTERNAL = 'Internal error while handling this request; the Central System’s log has the details'

/** "GET /api/x" with the target cut short and made printable, for log context. */
export function requestLabel(request: IncomingMessage): string {
  const target = (request.url ?? '').replace(/[^\x21-\x7e]/g, '?')
  return `${request.method ?? '?'} ${target.length > 120 ? `${target.slice(0, 120)}…` : target}`
}

export function guardedHandler(server: string, handler: (request: IncomingMessage, response: ServerResponse) => void | Promise<void>): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    const fail = (error: unknown): void => {
      reportEscapedError(error, `${server} (${requestLabel(request)})`)
      if (response.headersSent) {
        response.destroy()
        return
      }
      response.writeHead(500, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' })
      response.end(`${INTERNAL}\n`)
    }
    try {
      const result = handler(request, response)
      if (result) result.catch(fail)
    } catch (error) {
      fail(error)
    }
  }
}

export function guardedUpgrade(server: string, handler: (request: IncomingMessage, socket: Duplex, head: Buffer) => void | Promise<void>): (request: IncomingMessage, socket: Duplex, head: Buffer) => void {
  return (request, socket, head) => {
    const fail = (error: unknown): void => {
      reportEscapedError(error, `${server} (upgrade ${requestLabel(request)})`)
      refuseOnSocket(socket, 500, INTERNAL)
    }
    try {
      const result = handler(request, socket, head)
      if (result) result.catch(fail)
    } catch (error) {
      fail(error)
    }
  }
}
