/**
 * Which events a client wants pushed. With thousands of stations the CSMS produces megabytes of
 * events a second (every frame logged, every meter value); a client that shows the Stations page
 * needs none of the frames, and a station's page needs only that station's. A client that never
 * subscribes gets every event (scripts written before subscriptions keep working).
 */
import type { EventName, EventPayloads } from './events'
import { EVENT_NAMES } from './events'

/** Per event: for every station (`'all'`) or only the listed station ids. Events left out are not sent. */
export type EventSubscription = Partial<Record<EventName, 'all' | string[]>>

/** What a listener can ask of an event besides its name. */
export interface EventOptions {
  /** Only this station's events (for messagesLogged: only its frames). Events that name no station still arrive. */
  stationId?: string
}

/** The station an event is about, for the events that are about one. */
const STATION_OF: { [E in EventName]?: (data: EventPayloads[E]) => string } = {
  stationConnected: (s) => s.id,
  stationDisconnected: (s) => s.id,
  stationUpdated: (s) => s.id,
  taskUpdated: (t) => t.stationId,
  transactionUpdated: (t) => t.stationId,
  configurationUpdated: (c) => c.stationId,
  chargingChanged: (c) => c.stationId,
  reservationUpdated: (r) => r.stationId,
  localListChanged: (l) => l.stationId,
  fileStatusChanged: (f) => f.stationId,
  diagnosticsUploaded: (d) => d.stationId,
}

/**
 * The part of an event that concerns `stations`: the event itself, the frames of those stations
 * (messagesLogged), or undefined when nothing is left. Events about no station pass whole.
 */
export function selectForStations<E extends EventName>(event: E, data: EventPayloads[E], stations: ReadonlySet<string>): EventPayloads[E] | undefined {
  if (event === 'messagesLogged') {
    const frames = (data as EventPayloads['messagesLogged']).filter((entry) => stations.has(entry.stationId))
    return frames.length > 0 ? (frames as EventPayloads[E]) : undefined
  }
  const stationOf = STATION_OF[event] as ((data: EventPayloads[E]) => string) | undefined
  if (!stationOf) return data
  return stations.has(stationOf(data)) ? data : undefined
}

/** At most this many station ids per event: a client that wants more should take 'all'. */
export const MAX_SUBSCRIBED_STATIONS = 10_000

/** Checks a subscription that came from outside; throws an Error saying what is wrong. */
export function parseEventSubscription(value: unknown): EventSubscription {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error('A subscription is an object: { "<event>": "all" | ["<stationId>", …] }')
  }
  const known = new Set<string>(EVENT_NAMES)
  const result: EventSubscription = {}
  for (const [name, scope] of Object.entries(value as Record<string, unknown>)) {
    if (!known.has(name)) throw new Error(`Unknown event "${name}"; the events are ${EVENT_NAMES.join(', ')}`)
    if (scope === 'all') result[name as EventName] = 'all'
    else if (Array.isArray(scope) && scope.length <= MAX_SUBSCRIBED_STATIONS && scope.every((id) => typeof id === 'string')) {
      result[name as EventName] = [...(scope as string[])]
    } else {
      throw new Error(`"${name}" takes "all" or an array of at most ${MAX_SUBSCRIBED_STATIONS} station ids`)
    }
  }
  return result
}
