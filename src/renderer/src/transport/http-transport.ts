import type { CommandArgs, CommandName, CommandResult, EventName, EventOptions, EventPayloads } from '@shared/contract'
import { ApiError } from './api-error'
import { Listeners, type ConnectionState, type CsmsTransport } from './transport'
import { EventSubscriptions } from './subscriptions'
import { uploadFirmware, type XhrLike } from './firmware-upload'

/** The part of the browser WebSocket this transport uses (a fake one in tests). */
export interface WebSocketLike {
  onopen: ((ev: unknown) => void) | null
  onclose: ((ev: unknown) => void) | null
  onerror: ((ev: unknown) => void) | null
  onmessage: ((ev: { data: unknown }) => void) | null
  send(data: string): void
  close(): void
}
export type WebSocketFactory = (url: string) => WebSocketLike

export interface HttpTransportOptions {
  /** Origin of the web bridge, e.g. `http://127.0.0.1:8180` (the page's own origin in a browser). */
  baseUrl: string
  fetch?: typeof fetch
  webSocket?: WebSocketFactory
  /** Reconnect backoff: first delay, doubled per failed attempt up to maxDelayMs. */
  minDelayMs?: number
  maxDelayMs?: number
  /** How long a command waits for main to confirm the subscription sent before it. */
  subscribeTimeoutMs?: number
  /** XMLHttpRequest for uploads (a fake in tests). */
  xhr?: () => XhrLike
}

export function eventsUrl(baseUrl: string): string {
  const url = new URL('/api/events', baseUrl)
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
  return url.toString()
}

async function errorFromResponse(res: Response, command: string): Promise<ApiError> {
  let body: unknown
  try {
    body = await res.json()
  } catch {
    body = undefined
  }
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error
  if (error && typeof error.code === 'string' && typeof error.message === 'string') {
    return new ApiError(error.code, error.message, error.details)
  }
  return new ApiError(
    res.status >= 500 ? 'Internal' : 'BadResponse',
    `The API answered ${command} with HTTP ${res.status} ${res.statusText}`.trim(),
  )
}

/**
 * The transport in a plain browser: `POST /api/<command>` for commands, a WebSocket on
 * `/api/events` for events, reconnecting with a bounded backoff.
 */
export function createHttpTransport(options: HttpTransportOptions): CsmsTransport {
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
  const openSocket = options.webSocket ?? ((url: string) => new WebSocket(url) as unknown as WebSocketLike)
  const minDelay = options.minDelayMs ?? 500
  const maxDelay = options.maxDelayMs ?? 5000
  const url = eventsUrl(options.baseUrl)
  const subscribeTimeout = options.subscribeTimeoutMs ?? 2000

  const eventListeners = new Map<string, Listeners<unknown>>()
  const stateListeners = new Listeners<ConnectionState>()
  const resyncListeners = new Listeners<void>()
  let state: ConnectionState = 'connecting'
  let socket: WebSocketLike | null = null
  let timer: ReturnType<typeof setTimeout> | null = null
  let attempt = 0
  let everOpened = false
  let invokedWhileDown = false
  let closed = false
  /** Subscriptions sent and not yet confirmed (main answers each, in order), and who waits for them. */
  let unconfirmed = 0
  let confirmed: Array<() => void> = []

  const subscriptions = new EventSubscriptions((subscription) => {
    if (state !== 'open' || !socket) return // sent again when the socket opens
    try {
      socket.send(JSON.stringify({ subscribe: subscription }))
      unconfirmed++
    } catch {
      // the socket is closing; onopen sends the subscription again
    }
  })

  function confirm(all = false): void {
    unconfirmed = all ? 0 : Math.max(0, unconfirmed - 1)
    if (unconfirmed > 0) return
    const waiting = confirmed
    confirmed = []
    waiting.forEach((resolve) => resolve())
  }

  /** Resolves once main applied every subscription sent so far (or after a bounded wait). */
  function subscriptionApplied(): Promise<void> {
    subscriptions.flush()
    if (unconfirmed === 0) return Promise.resolve()
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, subscribeTimeout)
      confirmed.push(() => {
        clearTimeout(timer)
        resolve()
      })
    })
  }

  function setState(next: ConnectionState): void {
    if (next === state) return
    state = next
    stateListeners.emit(next)
  }

  function dispatch(raw: unknown): void {
    let message: { event?: unknown; data?: unknown }
    try {
      message = JSON.parse(String(raw)) as { event?: unknown; data?: unknown }
    } catch {
      console.warn('ignored an event that is not JSON')
      return
    }
    if (typeof message?.event !== 'string') {
      if (typeof message !== 'object' || message === null) return
      const reply = message as { subscribed?: unknown; error?: { message?: unknown } }
      if (reply.error) console.error(`The CSMS refused this page's event subscription: ${String(reply.error.message)}`)
      if ('subscribed' in reply || 'error' in reply) confirm()
      return
    }
    eventListeners.get(message.event)?.emit(message.data)
  }

  function scheduleReconnect(): void {
    if (closed || timer) return
    const delay = Math.min(maxDelay, minDelay * 2 ** attempt)
    attempt++
    timer = setTimeout(() => {
      timer = null
      connect()
    }, delay)
  }

  function connect(): void {
    if (closed) return
    setState('connecting')
    let ws: WebSocketLike
    try {
      ws = openSocket(url)
    } catch {
      setState('closed')
      scheduleReconnect()
      return
    }
    socket = ws
    ws.onopen = () => {
      if (socket !== ws) return
      attempt = 0
      const missedEvents = everOpened || invokedWhileDown
      everOpened = true
      invokedWhileDown = false
      setState('open')
      subscriptions.reset()
      subscriptions.flush()
      if (missedEvents) resyncListeners.emit()
    }
    ws.onmessage = (ev) => {
      if (socket === ws) dispatch(ev.data)
    }
    ws.onerror = () => {
      // a close event follows; reconnecting is handled there
    }
    ws.onclose = () => {
      if (socket !== ws) return
      socket = null
      confirm(true)
      setState('closed')
      scheduleReconnect()
    }
  }

  connect()

  return {
    kind: 'http',
    uploadFirmware: (file, name, onProgress) => uploadFirmware(options.baseUrl, file, name, onProgress, options.xhr),
    async invoke<C extends CommandName>(command: C, args: CommandArgs<C>): Promise<CommandResult<C>> {
      if (state !== 'open') invokedWhileDown = true
      await subscriptionApplied()
      let res: Response
      try {
        res = await doFetch(new URL(`/api/${command}`, options.baseUrl).toString(), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(args ?? {}),
        })
      } catch (err) {
        throw new ApiError(
          'NetworkError',
          `Cannot reach the CSMS API at ${options.baseUrl} (${err instanceof Error ? err.message : String(err)}). Check that the application is running.`,
        )
      }
      if (!res.ok) throw await errorFromResponse(res, command)
      try {
        return (await res.json()) as CommandResult<C>
      } catch {
        throw new ApiError('BadResponse', `The API answered ${command} with something that is not JSON`)
      }
    },
    on<E extends EventName>(event: E, listener: (data: EventPayloads[E]) => void, options?: EventOptions): () => void {
      let set = eventListeners.get(event)
      if (!set) eventListeners.set(event, (set = new Listeners<unknown>()))
      const listeners = set
      return subscriptions.listen(event, listener, options, (scoped) => listeners.add(scoped as (data: unknown) => void))
    },
    getState: () => state,
    onState: (listener) => stateListeners.add(listener),
    onResync: (listener) => resyncListeners.add(listener),
    close(): void {
      closed = true
      if (timer) clearTimeout(timer)
      timer = null
      const ws = socket
      socket = null
      ws?.close()
      confirm(true)
      setState('closed')
    },
  }
}
