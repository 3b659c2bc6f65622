/** Checks command arguments against the contract's schemas before any domain code runs. */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { commandArgs, type CommandName } from '@shared/contract/commands'
import { ApiError } from './api-error'

// ajv-formats is CommonJS; depending on the loader its default export is nested once more.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv

function describe(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .slice(0, 5)
    .map((error) => {
      const where = error.instancePath || '(argument)'
      if (error.keyword === 'additionalProperties') {
        return `${where}: unknown property "${(error.params as { additionalProperty: string }).additionalProperty}"`
      }
      return `${where}: ${error.message ?? error.keyword}`
    })
    .join('; ')
}

export class ArgsValidator {
  private readonly validators = new Map<string, ValidateFunction>()

  constructor() {
    const ajv = new Ajv({ allErrors: true, strict: false })
    addFormats(ajv)
    for (const [name, schema] of Object.entries(commandArgs)) this.validators.set(name, ajv.compile(schema))
  }

  has(name: string): name is CommandName {
    return this.validators.has(name)
  }

  /** Throws ApiError BadRequest naming every problem; returns the argument otherwise. */
  check(name: CommandName, args: unknown): unknown {
    const validate = this.validators.get(name)!
    const value = args === undefined || args === null ? {} : args
    if (!validate(value)) {
      throw new ApiError('BadRequest', `Invalid argument for ${name}: ${describe(validate.errors)}`, validate.errors)
    }
    return value
  }
}
