/**
 * What each connected client (a window over IPC, a browser or script on /api/events) has asked to
 * receive, and the fan-out that sends every bus event only to the clients that want it, encoding
 * it once per distinct selection rather than once per client.
 */
import type { EventName, EventPayloads } from '@shared/contract/events'
import { selectForStations, type EventSubscription } from '@shared/contract/event-subscription'

type Scope = 'all' | { stations: ReadonlySet<string>; key: string }

export class ClientEvents {
  /** Null until the client subscribes: then it gets every event. */
  private scopes: Map<EventName, Scope> | null = null

  subscribe(subscription: EventSubscription): void {
    const scopes = new Map<EventName, Scope>()
    for (const [event, scope] of Object.entries(subscription) as Array<[EventName, 'all' | string[]]>) {
      if (scope === 'all') scopes.set(event, 'all')
      else {
        const stations = new Set(scope)
        scopes.set(event, { stations, key: [...stations].sort().join('\u0000') })
      }
    }
    this.scopes = scopes
  }

  /** Names what this client receives of `event`: clients with the same key receive the same thing. Undefined: nothing. */
  keyFor(event: EventName): string | undefined {
    if (!this.scopes) return ''
    const scope = this.scopes.get(event)
    if (scope === undefined) return undefined
    return scope === 'all' ? '' : `s:${scope.key}`
  }

  /** What this client receives of `event` (undefined: nothing). */
  select<E extends EventName>(event: E, data: EventPayloads[E]): EventPayloads[E] | undefined {
    if (!this.scopes) return data
    const scope = this.scopes.get(event)
    if (scope === undefined) return undefined
    return scope === 'all' ? data : selectForStations(event, data, scope.stations)
  }
}

/**
 * Sends `event` to every client that wants it. `encode` runs once per distinct selection (all the
 * clients that take the whole event share one encoding, which is what a JSON text costs).
 */
export function fanOut<C, T>(
  clients: Iterable<readonly [C, ClientEvents]>,
  event: EventName,
  data: EventPayloads[EventName],
  encode: (data: EventPayloads[EventName]) => T,
  send: (client: C, encoded: T) => void,
): void {
  const encoded = new Map<string, T | null>()
  for (const [client, events] of clients) {
    const key = events.keyFor(event)
    if (key === undefined) continue
    let value = encoded.get(key)
    if (value === undefined) {
      const selected = events.select(event, data)
      value = selected === undefined ? null : encode(selected)
      encoded.set(key, value)
    }
    if (value !== null) send(client, value)
  }
}
