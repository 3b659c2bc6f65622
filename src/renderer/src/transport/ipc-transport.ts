import type { CommandArgs, CommandName, CommandResult, EventName, EventOptions, EventPayloads } from '@shared/contract'
import type { IpcEnvelope } from '@shared/ipc/channels'
import { ApiError } from './api-error'
import type { CsmsBridge } from './bridge'
import type { ConnectionState, CsmsTransport } from './transport'
import { EventSubscriptions } from './subscriptions'

/** Unwraps what main answered over IPC: the result, or an ApiError (errors cross IPC as data). */
export function unwrapEnvelope(envelope: unknown): unknown {
  const value = envelope as IpcEnvelope | undefined
  if (value && value.ok === true && typeof value.json === 'string') {
    try {
      return JSON.parse(value.json) as unknown
    } catch {
      throw new ApiError('BadResponse', 'Main answered IPC with a result that is not JSON')
    }
  }
  if (value && value.ok === false) throw new ApiError(value.error.code, value.error.message, value.error.details)
  throw new ApiError('BadResponse', 'Main answered IPC with something that is not an envelope')
}

/**
 * The transport inside Electron: the preload's `window.csms`. IPC never disconnects. The window's
 * subscription is sent before any command that follows it (IPC keeps the order of one window's
 * messages), so a snapshot loaded after subscribing misses no event.
 */
export function createIpcTransport(bridge: CsmsBridge): CsmsTransport {
  const subscriptions = new EventSubscriptions((subscription) => bridge.subscribe(subscription))
  return {
    kind: 'ipc',
    async invoke<C extends CommandName>(command: C, args: CommandArgs<C>): Promise<CommandResult<C>> {
      let envelope: unknown
      subscriptions.flush()
      try {
        envelope = await bridge.invoke(command, args ?? {})
      } catch (err) {
        throw new ApiError('Internal', err instanceof Error ? err.message : String(err))
      }
      return unwrapEnvelope(envelope) as CommandResult<C>
    },
    on<E extends EventName>(event: E, listener: (data: EventPayloads[E]) => void, options?: EventOptions): () => void {
      return subscriptions.listen(event, listener, options, (scoped) => bridge.on(event, (data) => scoped(data as EventPayloads[E])))
    },
    getState: (): ConnectionState => 'open',
    onState: () => () => {},
    onResync: () => () => {},
    close: () => {},
  }
}
