/**
 * The API every transport calls: `invoke(name, args)` checks the argument against the contract and
 * runs the handler. IPC and the web bridge only move bytes.
 */
import { commandArgs, commandDescriptions, COMMAND_NAMES, type CommandName } from '@shared/contract/commands'
import { FLATTER, tooDeepMessage, valueTooDeep } from '@shared/util/json-depth'
import { internalErrorId } from '../util/internal-error'
import { ApiError } from './api-error'
import { ArgsValidator } from './args-validator'
import { domainApiError } from './domain-errors'
import { createHandlers, type ApiCore, type CommandHandlers } from './handlers'

export { ApiError } from './api-error'
export { answerJson, UnservableAnswerError } from './answer-json'
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
      // Every transport's arguments (IPC hands objects, not text): nothing deeper than the limit reaches a validator, a task or a journal.
      if (valueTooDeep(args)) throw new ApiError('BadRequest', tooDeepMessage(`The argument of ${command}`, FLATTER))
      const checked = validator.check(command, args)
      const handler = handlers[command] as (value: unknown) => Promise<unknown>
      // "Done" means durable (issue 20 §2): a command that changed the state answers once that is on disk.
      const before = core.durability?.changes()
      const result = await handler(checked)
      if (core.durability && core.durability.changes() !== before) await core.durability.durable()
      return result
    },
    describe() {
      return COMMAND_NAMES.map((name) => ({ name, description: commandDescriptions[name], args: commandArgs[name] }))
    },
  }
}

/**
 * Turn any failure into the body a client gets. An ApiError is meant for the client, and so is a
 * domain failure with an answer a person can act on (domain-errors.ts); anything else is an internal
 * failure whose message may name files, versions or code: the client gets a generic message with
 * an id, the log gets the whole error under that id.
 */
export function toErrorBody(error: unknown, log: (line: string) => void = console.error): { code: string; message: string; details?: unknown } {
  const mapped = error instanceof ApiError ? error : domainApiError(error, log)
  if (mapped) return { code: mapped.code, message: mapped.message, ...(mapped.details !== undefined ? { details: mapped.details } : {}) }
  const id = internalErrorId(error, 'an API command', log)
  return { code: 'Internal', message: `Internal error (id ${id}): the command failed inside the Central System. Its log has the details under this id; try again, and report the id if it keeps failing.` }
}
