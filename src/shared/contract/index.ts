export * from './commands'
export * from './events'
export * from './dto'

import type { CommandArgs, CommandName, CommandResult } from './commands'
import type { EventName, EventPayloads } from './events'

/** What the renderer (or any client) sees, whichever transport carries it. */
export interface CsmsClient {
  invoke<C extends CommandName>(command: C, args: CommandArgs<C>): Promise<CommandResult<C>>
  on<E extends EventName>(event: E, listener: (data: EventPayloads[E]) => void): () => void
}
export * from './charging-dto'
export * from './auth-dto'
export * from './files-dto'
