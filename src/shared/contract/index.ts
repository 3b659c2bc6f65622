export * from './commands'
export * from './events'
export * from './event-subscription'
export * from './dto'

import type { CommandArgs, CommandName, CommandResult } from './commands'
import type { EventName, EventPayloads } from './events'
import type { EventOptions } from './event-subscription'

/** What the renderer (or any client) sees, whichever transport carries it. */
export interface CsmsClient {
  invoke<C extends CommandName>(command: C, args: CommandArgs<C>): Promise<CommandResult<C>>
  /** Subscribes to an event (with `stationId`: only what concerns that station); returns the unsubscribe. */
  on<E extends EventName>(event: E, listener: (data: EventPayloads[E]) => void, options?: EventOptions): () => void
}
export * from './charging-dto'
export * from './auth-dto'
export * from './files-dto'
export * from './tls-dto'
