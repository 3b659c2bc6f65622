import type {
  CommandArgs,
  CommandName,
  CommandResult,
  CsmsClient,
  EventName,
  EventOptions,
  EventPayloads,
  EventSubscription,
} from '@shared/contract'
import { EventSubscriptions } from '@renderer/transport/subscriptions'

type Handler<C extends CommandName> = (args: CommandArgs<C>) => CommandResult<C> | Promise<CommandResult<C>>

/** A CsmsClient whose commands answer from handlers and whose events the test pushes. */
export class FakeClient implements CsmsClient {
  state: 'connecting' | 'open' | 'closed' = 'open'
  private readonly resyncListeners = new Set<() => void>()
  readonly calls: { command: CommandName; args: unknown }[] = []
  private readonly handlers = new Map<CommandName, Handler<never>>()
  private readonly listeners = new Map<EventName, Set<(data: unknown) => void>>()

  handle<C extends CommandName>(command: C, handler: Handler<C>): this {
    this.handlers.set(command, handler as unknown as Handler<never>)
    return this
  }

  async invoke<C extends CommandName>(command: C, args: CommandArgs<C>): Promise<CommandResult<C>> {
    this.calls.push({ command, args })
    const handler = this.handlers.get(command) as Handler<C> | undefined
    if (!handler) throw new Error(`FakeClient: no handler for ${command}`)
    return handler(args)
  }

  private readonly subscriptions = new EventSubscriptions(() => {})

  /** As the real transports: a listener with a stationId sees only that station's events. */
  on<E extends EventName>(event: E, listener: (data: EventPayloads[E]) => void, options?: EventOptions): () => void {
    let set = this.listeners.get(event)
    if (!set) this.listeners.set(event, (set = new Set()))
    const listeners = set
    return this.subscriptions.listen(event, listener, options, (scoped) => {
      listeners.add(scoped as (data: unknown) => void)
      return () => listeners.delete(scoped as (data: unknown) => void)
    })
  }

  /** What a real transport would ask main to push now. */
  subscription(): EventSubscription {
    return this.subscriptions.current()
  }

  emit<E extends EventName>(event: E, data: EventPayloads[E]): void {
    for (const listener of this.listeners.get(event) ?? []) listener(data)
  }

  // The transport side, so api.ts treats the fake as a transport that can ask for a resync.
  getState(): 'connecting' | 'open' | 'closed' {
    return this.state
  }
  private readonly stateListeners = new Set<(state: 'connecting' | 'open' | 'closed') => void>()
  onState(listener: (state: 'connecting' | 'open' | 'closed') => void): () => void {
    this.stateListeners.add(listener)
    return () => this.stateListeners.delete(listener)
  }
  setState(state: 'connecting' | 'open' | 'closed'): void {
    this.state = state
    for (const listener of this.stateListeners) listener(state)
  }
  onResync(listener: () => void): () => void {
    this.resyncListeners.add(listener)
    return () => this.resyncListeners.delete(listener)
  }
  close(): void {}
  resync(): void {
    for (const listener of this.resyncListeners) listener()
  }

  listenerCount(event: EventName): number {
    return this.listeners.get(event)?.size ?? 0
  }

  callsOf(command: CommandName): unknown[] {
    return this.calls.filter((c) => c.command === command).map((c) => c.args)
  }
}

/** A promise the test resolves when it wants (to hold a snapshot in flight). */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (err: unknown) => void } {
  let resolve!: (value: T) => void
  let reject!: (err: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}
