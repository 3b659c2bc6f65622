/**
 * Schema validation of OCPP 1.6 payloads at the edge (DESIGN rule 5). All 56 project schemas in
 * `schemas/` are compiled once, when the validator is created; every CALL and CALLRESULT payload is
 * then checked against its action's schema, and each schema failure becomes a Violation carrying
 * one OCPP-J 1.6 error code.
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import AjvDraft04Module from 'ajv-draft-04'
import addFormatsModule from 'ajv-formats'
import type { ErrorObject, SchemaValidateFunction, ValidateFunction } from 'ajv'
import type { Violation } from '@shared/contract/dto'
import { ALL_ACTIONS, type OcppAction } from '@shared/ocpp/actions'
import type { OcppErrorCode } from '@shared/ocpp/error-codes'
import { pointerToken } from './schema-node'

/** Which payload of an action: the CALL's (request) or the CALLRESULT's (response). */
export type PayloadDirection = 'request' | 'response'

export interface OcppValidator {
  /** Violations of the CALL payload of `action`; [] when valid. */
  validateRequest(action: OcppAction, payload: unknown): Violation[]
  /** Violations of the CALLRESULT payload of `action`; [] when valid. */
  validateResponse(action: OcppAction, payload: unknown): Violation[]
  /** The project schema of that payload, as loaded (read only); what the boundary's sanitizer walks. */
  schemaOf(direction: PayloadDirection, action: OcppAction): object | undefined
}

// Both packages are CommonJS; depending on the loader the default export is nested once more.
type AjvDraft04 = InstanceType<typeof AjvDraft04Module>
const unwrap = <T>(mod: T): T => ((mod as unknown as { default?: T }).default ?? mod)
const AjvClass = unwrap(AjvDraft04Module)
const addFormats = unwrap(addFormatsModule) as unknown as (ajv: AjvDraft04) => AjvDraft04

/** The file that marks a folder as the project's schema folder. */
const MARKER = 'BootNotification.json'

/**
 * An Ajv instance set up the way the project validates OCPP 1.6: draft-04, `date-time` and `uri`
 * formats, not strict, all errors, and `multipleOf` replaced by a floating-point tolerant check.
 */
export function createOcppAjv(): AjvDraft04 {
  const ajv = new AjvClass({ strict: false, allErrors: true })
  addFormats(ajv)
  ajv.removeKeyword('multipleOf')
  ajv.addKeyword({ keyword: 'multipleOf', type: 'number', schemaType: 'number', errors: true, validate: checkMultipleOf })
  return ajv
}

/** True when x is a multiple of m, up to binary floating-point error (6.1, 230.7 pass; 0.15 fails for 0.1). */
export function isMultipleOf(x: number, m: number): boolean {
  const quotient = x / m
  const scale = Math.max(1, Math.abs(quotient))
  return Math.abs(quotient - Math.round(quotient)) < 1e-9 * scale
}

const checkMultipleOf: SchemaValidateFunction = (schema: number, data: number): boolean => {
  if (isMultipleOf(data, schema)) return true
  checkMultipleOf.errors = [{ keyword: 'multipleOf', message: `must be a multiple of ${schema}`, params: { multipleOf: schema } }]
  return false
}

function moduleDir(): string {
  try {
    return dirname(fileURLToPath(import.meta.url))
  } catch {
    return process.cwd() // a bundle format without import.meta.url: fall back to the working directory
  }
}

/**
 * The project's `schemas/` folder: walks up from this module's folder (src/main/ocpp/ when run from
 * source, out/main/ in the built bundle), then from the working directory.
 */
export function findSchemaDir(start: string = moduleDir()): string {
  for (const origin of [start, process.cwd()]) {
    let dir = resolve(origin)
    for (;;) {
      const candidate = join(dir, 'schemas')
      if (existsSync(join(candidate, MARKER))) return candidate
      const parent = dirname(dir)
      if (parent === dir) break
      dir = parent
    }
  }
  throw new Error(`OCPP schemas not found: no folder "schemas" with ${MARKER} above ${start} or ${process.cwd()}`)
}

export function createOcppValidator(schemaDir?: string): OcppValidator {
  const dir = schemaDir ?? findSchemaDir()
  const ajv = createOcppAjv()
  const schemas = { request: new Map<OcppAction, object>(), response: new Map<OcppAction, object>() }
  const load = (file: string, action: OcppAction, direction: PayloadDirection): ValidateFunction => {
    const path = join(dir, file)
    try {
      const schema = JSON.parse(readFileSync(path, 'utf8')) as object
      schemas[direction].set(action, schema)
      return ajv.compile(schema)
    } catch (error) {
      throw new Error(`Cannot load OCPP schema ${path}: ${(error as Error).message}`, { cause: error })
    }
  }
  const requests = new Map<OcppAction, ValidateFunction>()
  const responses = new Map<OcppAction, ValidateFunction>()
  for (const action of ALL_ACTIONS) {
    requests.set(action, load(`${action}.json`, action, 'request'))
    responses.set(action, load(`${action}Response.json`, action, 'response'))
  }
  const run = (table: Map<OcppAction, ValidateFunction>, action: OcppAction, payload: unknown): Violation[] => {
    const validate = table.get(action)
    if (!validate) return [{ code: 'FormationViolation', path: '', message: `no schema for action "${String(action)}"` }]
    return validate(payload) ? [] : toViolations(validate.errors)
  }
  return {
    validateRequest: (action, payload) => run(requests, action, payload),
    validateResponse: (action, payload) => run(responses, action, payload),
    schemaOf: (direction, action) => schemas[direction].get(action),
  }
}

/** The OCPP-J 1.6 error code for a failed JSON-schema keyword (1.6 leaves the mapping open). */
export function errorCodeForKeyword(keyword: string): OcppErrorCode {
  switch (keyword) {
    case 'required':
      return 'OccurenceConstraintViolation'
    case 'type':
      return 'TypeConstraintViolation'
    case 'enum':
    case 'format':
    case 'pattern':
    case 'multipleOf':
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return 'PropertyConstraintViolation'
    default:
      // additionalProperties, maxLength/minLength, maxItems/minItems and anything else.
      return 'FormationViolation'
  }
}

const PRECEDENCE: readonly OcppErrorCode[] = [
  'TypeConstraintViolation',
  'OccurenceConstraintViolation',
  'PropertyConstraintViolation',
  'FormationViolation',
]

/** The code to answer a CALL with when its payload has several violations (FormationViolation when none). */
export function primaryCode(violations: readonly Violation[]): OcppErrorCode {
  for (const code of PRECEDENCE) if (violations.some((v) => v.code === code)) return code
  return violations[0]?.code ?? 'FormationViolation'
}

/** A short human summary, e.g. "/idTag: must NOT have more than 20 characters; ...", bounded in length. */
export function describeViolations(violations: readonly Violation[], maxLength = 300): string {
  const text = violations.map((v) => `${v.path || '(payload)'}: ${v.message}`).join('; ')
  return text.length <= maxLength ? text : `${text.slice(0, maxLength - 1)}…`
}

/** Ajv errors → Violations, one per error, with the JSON pointer of the offending value. */
export function toViolations(errors: readonly ErrorObject[] | null | undefined): Violation[] {
  return (errors ?? []).map((error) => ({
    code: errorCodeForKeyword(error.keyword),
    path: pathOf(error),
    message: messageOf(error),
  }))
}

function pathOf(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>
  if (error.keyword === 'required') return `${error.instancePath}/${pointerToken(String(params.missingProperty))}`
  if (error.keyword === 'additionalProperties') return `${error.instancePath}/${pointerToken(String(params.additionalProperty))}`
  return error.instancePath
}

function messageOf(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>
  switch (error.keyword) {
    case 'required':
      return 'required property is missing'
    case 'additionalProperties':
      return 'property is not allowed here'
    case 'type':
      return `must be of type ${String(params.type)}`
    case 'enum': {
      const allowed = (params.allowedValues as unknown[] | undefined) ?? []
      const list = allowed.map(String).join(', ')
      return `must be one of: ${list.length > 120 ? `${list.slice(0, 119)}…` : list}`
    }
    case 'format':
      return params.format === 'date-time'
        ? 'must be a date-time with time zone (RFC 3339, e.g. 2024-01-01T10:00:00Z)'
        : `must be a valid ${String(params.format)}${params.format === 'uri' ? ' (absolute URI)' : ''}`
    default:
      return error.message ?? `fails "${error.keyword}"`
  }
}
