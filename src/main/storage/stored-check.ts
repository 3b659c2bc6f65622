/**
 * The check every stored record passes when it is read (issue 18 §2): not nested past
 * MAX_STORED_DEPTH, and of the shape of its kind (stored-shapes.ts, compiled once with the
 * project's ajv). A record that fails is not used: its reader moves it to quarantine and goes on.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import { MAX_STORED_DEPTH, nestsDeeperThan } from './stored-depth'
import { STORED_SHAPES, type StoredKind } from './stored-shapes'

export type { StoredKind } from './stored-shapes'

/** A stored record that cannot be used, and why (in words for the log and the quarantine note). */
export class StoredRecordError extends Error {
  constructor(
    readonly reason: string,
    /** The station the record belongs to, when it names one. */
    readonly stationId?: string,
  ) {
    super(reason)
    this.name = 'StoredRecordError'
  }
}

let ajv: Ajv | undefined
const validators = new Map<StoredKind, ValidateFunction>()

function validatorFor(kind: StoredKind): ValidateFunction {
  let validate = validators.get(kind)
  if (!validate) {
    // The first error is enough to refuse a record; no formats: stored times are kept as stations sent them.
    ajv ??= new Ajv({ allErrors: false, strict: false })
    validate = ajv.compile(STORED_SHAPES[kind])
    validators.set(kind, validate)
  }
  return validate
}

function describe(error: ErrorObject | undefined): string {
  if (!error) return 'it does not have the shape of its kind'
  const where = error.instancePath ? error.instancePath.slice(1).replace(/\//g, '.') : 'the record'
  if (error.keyword === 'required') return `${where === 'the record' ? '' : `${where}.`}${(error.params as { missingProperty: string }).missingProperty} is missing`
  return `${where} ${error.message ?? `fails ${error.keyword}`}`
}

/** The station a record names (its own stationId, or its start's), for the quarantine note. */
export function stationOf(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined
  const record = value as { stationId?: unknown; record?: { stationId?: unknown } }
  if (typeof record.stationId === 'string') return record.stationId
  const inner = record.record
  return inner !== null && typeof inner === 'object' && typeof inner.stationId === 'string' ? inner.stationId : undefined
}

/** Why `value` cannot be used as a stored record of `kind`, or undefined when it can. */
export function storedProblem(kind: StoredKind, value: unknown): string | undefined {
  if (nestsDeeperThan(value, MAX_STORED_DEPTH)) return `it is nested more than ${MAX_STORED_DEPTH} levels deep`
  const validate = validatorFor(kind)
  if (validate(value)) return undefined
  return describe(validate.errors?.[0])
}

/** `value` as a record of `kind`; throws StoredRecordError (with the station it names) when it cannot be used. */
export function checkedRecord<T>(kind: StoredKind, value: unknown): T {
  const problem = storedProblem(kind, value)
  if (problem !== undefined) throw new StoredRecordError(problem, stationOf(value))
  return value as T
}

/** A journal line parsed and checked: throws StoredRecordError for a line that is not JSON or does not fit. */
export function parseStoredLine<T>(kind: StoredKind, line: string): T {
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch {
    throw new StoredRecordError('it is not valid JSON')
  }
  return checkedRecord<T>(kind, value)
}
