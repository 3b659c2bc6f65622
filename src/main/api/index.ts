/**
 * The API every transport calls: `invoke(name, args)` checks the argument against the contract and
 * runs the handler. IPC and the web bridge only move bytes.
 */
import { commandArgs, commandDescriptions, COMMAND_NAMES, type CommandName } from '@shared/contract/commands'
import { ApiError } from './api-error'
import { ArgsValidator } from './args-validator'
import { createHandlers, type ApiCore, type CommandHandlers } from './handlers'

export { ApiError } from './api-error'
export type { ApiCore } from './handlers'

export interface Api {
  invoke(command: string, args: unknown): Promise<unknown>
  describe(): { name: CommandName; description: string; args: unknown }[]
}

export function createApi(core: ApiCore): Api {
  const validator = new ArgsValidator()
  const handlers: CommandHandlers = createHandlers(core)
  return {
    async invoke(command, args) {
      if (!validator.has(command)) throw new ApiError('UnknownCommand', `Unknown command "${command}"; GET /api lists the commands`)
      const checked = validator.check(command, args)
      const handler = handlers[command] as (value: unknown) => Promise<unknown>
      return handler(checked)
    },
    describe() {
      return COMMAND_NAMES.map((name) => ({ name, description: commandDescriptions[name], args: commandArgs[name] }))
    },
  }
}

/** Turn any failure into the body a client gets. */
export function toErrorBody(error: unknown): { code: string; message: string; details?: unknown } {
  if (error instanceof ApiError) return { code: error.code, message: error.message, ...(error.details !== undefined ? { details: error.details } : {}) }
  return { code: 'Internal', message: error instanceof Error ? error.message : String(error) }
}
