/**
 * The one module that picks the transport: the preload's `window.csms` inside Electron, the web
 * bridge (`POST /api/<command>` + WebSocket `/api/events`) in a plain browser. Stores and pages
 * get the client from here; tests inject a fake one with `setClient`.
 */
import { readonly, ref, type Ref } from 'vue'
import type { CsmsClient } from '@shared/contract'
import { frameBatched } from './transport/frame-batched'
import { createHttpTransport } from './transport/http-transport'
import { createIpcTransport } from './transport/ipc-transport'
import { Listeners, type ConnectionState, type CsmsTransport } from './transport/transport'

export { ApiError, errorMessage } from './transport/api-error'
export type { ConnectionState, CsmsTransport } from './transport/transport'

let current: CsmsTransport | null = null
let detach: (() => void) | null = null
const state = ref<ConnectionState>('connecting')
const resync = new Listeners<void>()

function createDefaultTransport(): CsmsTransport {
  if (typeof window !== 'undefined' && window.csms) return frameBatched(createIpcTransport(window.csms))
  // Served by the web bridge: the API is on the page's own origin.
  const { protocol, origin } = window.location
  return frameBatched(createHttpTransport({ baseUrl: protocol === 'http:' || protocol === 'https:' ? origin : 'http://127.0.0.1' }))
}

function isTransport(client: CsmsClient): client is CsmsTransport {
  const c = client as Partial<CsmsTransport>
  return typeof c.getState === 'function' && typeof c.onState === 'function' && typeof c.onResync === 'function'
}

/** A bare client (a test fake) behaves as an always-open transport. */
function asTransport(client: CsmsClient): CsmsTransport {
  if (isTransport(client)) return client
  return {
    invoke: (command, args) => client.invoke(command, args),
    on: (event, listener, options) => client.on(event, listener, options),
    getState: () => 'open',
    onState: () => () => {},
    onResync: () => () => {},
    close: () => {},
  }
}

function attach(transport: CsmsTransport): void {
  detach?.()
  current = transport
  state.value = transport.getState()
  const offState = transport.onState((s) => {
    state.value = s
  })
  const offResync = transport.onResync(() => resync.emit())
  detach = () => {
    offState()
    offResync()
  }
}

/** The client in use, created on first use. */
export function getClient(): CsmsTransport {
  if (!current) attach(createDefaultTransport())
  return current as CsmsTransport
}

/** Replaces the client (tests, or a host that embeds the renderer). Closes the previous one. */
export function setClient(client: CsmsClient): CsmsTransport {
  const previous = current
  attach(asTransport(client))
  if (previous && previous !== current) previous.close()
  return current as CsmsTransport
}

/** Forgets the client; the next getClient() creates the default one again. */
export function resetClient(): void {
  detach?.()
  detach = null
  current?.close()
  current = null
  state.value = 'connecting'
}

/** Reactive state of the event channel. */
export function useConnectionState(): Readonly<Ref<ConnectionState>> {
  getClient()
  return readonly(state)
}

/** Called after a reconnect, when events may have been missed: reload snapshots. */
export function onResync(listener: () => void): () => void {
  return resync.add(listener)
}
