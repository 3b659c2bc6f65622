/**
 * Which events this page listens to, kept as the subscription main needs (`EventSubscription`):
 * an event nobody listens to is not sent, and an event only station pages listen to is sent for
 * those stations only. Listener changes made in one tick are published once; `flush` publishes at
 * once, so a command sent right after subscribing (the snapshot a list loads) reaches main after
 * the subscription, and the list misses no event between the two.
 */
import { selectForStations, type EventName, type EventOptions, type EventPayloads, type EventSubscription } from '@shared/contract'

interface Counts {
  all: number
  stations: Map<string, number>
}

export class EventSubscriptions {
  private readonly counts = new Map<EventName, Counts>()
  private published: string | null = null
  /** Listeners came or went since the last flush (flush runs before every command: keep it cheap). */
  private changed = false
  private scheduled = false

  /** `publish` gets each new subscription (never the same one twice in a row). */
  constructor(private readonly publish: (subscription: EventSubscription) => void) {}

  /** Counts one listener of `event` (for one station or all); returns its release. */
  add(event: EventName, options?: EventOptions): () => void {
    const stationId = options?.stationId
    let counts = this.counts.get(event)
    if (!counts) this.counts.set(event, (counts = { all: 0, stations: new Map() }))
    if (stationId === undefined) counts.all++
    else counts.stations.set(stationId, (counts.stations.get(stationId) ?? 0) + 1)
    this.schedule()
    let released = false
    return () => {
      if (released) return
      released = true
      const c = counts as Counts
      if (stationId === undefined) c.all--
      else {
        const n = (c.stations.get(stationId) ?? 1) - 1
        if (n > 0) c.stations.set(stationId, n)
        else c.stations.delete(stationId)
      }
      if (c.all === 0 && c.stations.size === 0) this.counts.delete(event)
      this.schedule()
    }
  }

  /**
   * Registers `listener` through `register` (narrowed to its station when it names one), counts it,
   * and returns the one function that undoes both.
   */
  listen<E extends EventName>(
    event: E,
    listener: (data: EventPayloads[E]) => void,
    options: EventOptions | undefined,
    register: (listener: (data: EventPayloads[E]) => void) => () => void,
  ): () => void {
    const off = register(scopedListener(event, listener, options))
    const release = this.add(event, options)
    return () => {
      off()
      release()
    }
  }

  /** What the listeners need now. */
  current(): EventSubscription {
    const subscription: EventSubscription = {}
    for (const [event, counts] of this.counts) subscription[event] = counts.all > 0 ? 'all' : [...counts.stations.keys()].sort()
    return subscription
  }

  /** Publishes a pending change now; true when something was published. */
  flush(): boolean {
    if (!this.changed) return false
    this.changed = false
    const subscription = this.current()
    const text = JSON.stringify(subscription)
    if (text === this.published) return false
    this.published = text
    this.publish(subscription)
    return true
  }

  /** Forgets what was published (the channel reconnected): the next flush publishes again. */
  reset(): void {
    this.published = null
    this.changed = true
  }

  private schedule(): void {
    this.changed = true
    if (this.scheduled) return
    this.scheduled = true
    queueMicrotask(() => {
      this.scheduled = false
      this.flush()
    })
  }
}

/** The listener a transport registers: with `stationId`, it sees only what concerns that station. */
export function scopedListener<E extends EventName>(event: E, listener: (data: EventPayloads[E]) => void, options?: EventOptions): (data: EventPayloads[E]) => void {
  const stationId = options?.stationId
  if (stationId === undefined) return listener
  const stations = new Set([stationId])
  return (data) => {
    const selected = selectForStations(event, data, stations)
    if (selected !== undefined) listener(selected)
  }
}
