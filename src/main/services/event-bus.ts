/** Typed fan-out of contract events to every transport (IPC, web bridge). */
import type { EventName, EventPayloads } from '@shared/contract/events'

type Listener<E extends EventName> = (data: EventPayloads[E]) => void
type AnyListener = <E extends EventName>(event: E, data: EventPayloads[E]) => void

export class EventBus {
  private readonly listeners = new Map<EventName, Set<Listener<EventName>>>()
  private readonly anyListeners = new Set<AnyListener>()

  on<E extends EventName>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event)
    if (!set) this.listeners.set(event, (set = new Set()))
    set.add(listener as Listener<EventName>)
    return () => set.delete(listener as Listener<EventName>)
  }

  /** Every event, e.g. to forward to a transport. */
  onAny(listener: AnyListener): () => void {
    this.anyListeners.add(listener)
    return () => this.anyListeners.delete(listener)
  }

  emit<E extends EventName>(event: E, data: EventPayloads[E]): void {
    for (const listener of this.listeners.get(event) ?? []) safely(() => (listener as Listener<E>)(data))
    for (const listener of this.anyListeners) safely(() => listener(event, data))
  }
}

function safely(fn: () => void): void {
  try {
    fn()
  } catch (error) {
    console.error('event listener failed:', error)
  }
}
