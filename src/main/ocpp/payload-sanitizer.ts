/**
 * The boundary between station bytes and domain code (issue 18 §1). Every payload a station sends
 * (its CALLs, its answers to ours) passes here; what comes out has exactly the types the project's
 * schema declares, or nothing comes out and the message is refused.
 *
 * Strict mode: a payload that breaks its schema is refused (a CALL with a CALLERROR, an answer fails
 * its task as `malformed`), as ajv says, with today's violations and codes.
 *
 * Lenient mode (chargers that bend the schema) walks the schema and repairs what is safe to repair,
 * recording a violation for each repair:
 * - an integer or number sent as numeric text is read as that number; a boolean as "true"/"false";
 * - an enum value in the wrong letter case is read as the schema's spelling (when only one matches);
 * - a date-time in a readable non-canonical form ("2024-01-01 10:00:00", "…+0200", no zone = UTC)
 *   is read as the canonical RFC 3339 UTC time;
 * - a free-text field without length, format or enum (DataTransfer `data`, a sampled `value`) sent
 *   as a number, boolean, object or array keeps its JSON text;
 * - descriptive text a station reports about itself (BootNotification's vendor, model, serials,
 *   versions; StatusNotification's info and vendor codes) longer than its CiString is cut to it;
 *   identifiers (idTag, key, vendorId, messageId, fileName, values) are never cut: cutting could
 *   make them name something else, so they are unsound instead;
 * - an unknown extra field is dropped;
 * - an optional field that cannot be made sound is dropped;
 * - an array item that cannot be made sound is dropped and the sound ones kept (a configuration
 *   key, an unknown key, a meter value, a sampled value, a local list entry are independent), except
 *   in `chargingSchedulePeriod`, whose periods only mean something together: one unsound period
 *   makes the whole schedule unsound;
 * - a required field that cannot be made sound makes its object unsound, up to the payload: then
 *   the message is refused.
 *
 * In both modes the integers that feed ids, versions, counts and durations are range-checked
 * (integer-ranges.ts): one out of range is ignored with a warning, never adopted; optional, the
 * field is dropped; required, the message is refused (PropertyConstraintViolation for a CALL).
 *
 * Cost: a payload that meets its schema with every integer in range (the common case) costs ajv's
 * check plus a compiled range check that visits only the parts holding integers, and goes on as it
 * is. Only a payload that needs a repair or loses a field is walked and rebuilt; the payload as
 * sent is never changed (the message log keeps it).
 */
import type { Violation } from '@shared/contract/dto'
import type { OcppAction } from '@shared/ocpp/actions'
import type { OcppErrorCode } from '@shared/ocpp/error-codes'
import { integerRange } from './integer-ranges'
import { createOcppAjv, describeViolations, isMultipleOf, primaryCode, type OcppValidator, type PayloadDirection } from './validator'

export type SanitizeMode = 'strict' | 'lenient'

export type Sanitized =
  | { ok: true; value: unknown; violations: Violation[] }
  | { ok: false; violations: Violation[]; code: OcppErrorCode; reason: string }

export interface PayloadSanitizer {
  sanitize(action: OcppAction, direction: PayloadDirection, payload: unknown, mode: SanitizeMode): Sanitized
}

/** At most this many violations are kept for one payload (then one that counts the rest). */
export const MAX_VIOLATIONS = 100

interface Schema {
  type?: string
  properties?: Record<string, Schema>
  required?: string[]
  additionalProperties?: boolean
  items?: Schema
  enum?: unknown[]
  maxLength?: number
  format?: string
  multipleOf?: number
  $ref?: string
  definitions?: Record<string, Schema>
}

/** Descriptive text a station reports about itself: cut to its CiString length when lenient. */
const CUT_TO_LENGTH = new Map<OcppAction, ReadonlySet<string>>([
  ['BootNotification', new Set(['/chargePointVendor', '/chargePointModel', '/chargePointSerialNumber', '/chargeBoxSerialNumber', '/firmwareVersion', '/iccid', '/imsi', '/meterType', '/meterSerialNumber'])],
  ['StatusNotification', new Set(['/info', '/vendorId', '/vendorErrorCode'])],
])
const NOTHING = new Set<string>()

/** Arrays whose items only mean something together: one unsound item makes the array unsound. */
const WHOLE_ARRAYS = new Set(['chargingSchedulePeriod'])

/** A value that cannot be made sound, and the violations that say why. Any other step result is the sound value itself. */
class Unsound {
  constructor(readonly causes: Violation[]) {}
}
type Step = unknown

/**
 * Where a value sits: the path of its parent and its own key. A chain is made only where the walk
 * goes deeper (objects, arrays); a JSON pointer is spelt out only for a violation.
 */
type Path = { readonly up: Path; readonly key: string | number } | null

function pointer(up: Path, key?: string | number): string {
  const parts: string[] = key === undefined ? [] : [typeof key === 'number' ? String(key) : pointerToken(key)]
  for (let at = up; at !== null; at = at.up) parts.push(typeof at.key === 'number' ? String(at.key) : pointerToken(at.key))
  return parts.length === 0 ? '' : `/${parts.reverse().join('/')}`
}

const here = (up: Path, key: string | number | undefined): Path => (key === undefined ? up : { up, key })

interface Walk {
  lenient: boolean
  root: Schema
  cut: ReadonlySet<string>
  violations: Violation[]
  formatOk(format: string, text: string): boolean
}

const INTEGER_TEXT = /^\s*[+-]?\d+\s*$/
const NUMBER_TEXT = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/
const BOOLEAN_TEXT = /^\s*(?:true|false)\s*$/i
const DATE_TIME_TEXT = /^\s*(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|z|UTC|[+-]\d{2}(?::?\d{2})?)?\s*$/

const pointerToken = (name: string): string => name.replace(/~/g, '~0').replace(/\//g, '~1')

/** A value as a short text for a message (never the whole of a long one). */
function shown(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : typeof value === 'number' ? String(value) : JSON.stringify(value) ?? String(value)
  return text.length > 40 ? `${text.slice(0, 39)}…` : text
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Code points of `text`, counted only as far as needed to compare with `max` (as ajv counts maxLength). */
function longerThan(text: string, max: number): boolean {
  if (text.length <= max) return false
  let count = 0
  for (const _ of text) if (++count > max) return true
  return false
}

function cutTo(text: string, max: number): string {
  let out = ''
  let count = 0
  for (const char of text) {
    if (count++ === max) break
    out += char
  }
  return out
}

/** A readable non-canonical date-time as canonical UTC (a missing zone is read as UTC), else undefined. */
export function readDateTime(text: string): string | undefined {
  const m = DATE_TIME_TEXT.exec(text)
  if (!m) return undefined
  const year = Number(m[1])
  const month = Number(m[2])
  const day = Number(m[3])
  const hour = Number(m[4])
  const minute = Number(m[5])
  const second = Number(m[6] ?? '0')
  const utc = Date.UTC(year, month - 1, day, hour, minute, second)
  const check = new Date(utc)
  const real = check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === day && check.getUTCHours() === hour && check.getUTCMinutes() === minute && check.getUTCSeconds() === second
  if (!real || year < 1) return undefined
  const millis = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0
  const zone = m[8]?.toUpperCase()
  let offsetMinutes = 0
  if (zone !== undefined && zone !== 'Z' && zone !== 'UTC') {
    const digits = zone.slice(1).replace(':', '')
    const hours = Number(digits.slice(0, 2))
    const minutes = Number(digits.slice(2) || '0')
    if (hours > 23 || minutes > 59) return undefined
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes)
  }
  const time = utc + millis - offsetMinutes * 60_000
  return Math.abs(time) <= 8.64e15 ? new Date(time).toISOString() : undefined
}

function resolve(schema: Schema, root: Schema): Schema {
  const ref = schema.$ref
  if (ref === undefined) return schema
  const name = ref.startsWith('#/definitions/') ? ref.slice('#/definitions/'.length) : undefined
  const target = name !== undefined && root.definitions && Object.hasOwn(root.definitions, name) ? root.definitions[name] : undefined
  if (!target) throw new Error(`schema reference ${ref} not found`)
  return target
}

function record(walk: Walk, code: OcppErrorCode, up: Path, key: string | number | undefined, message: string): Violation {
  const violation: Violation = { code, path: pointer(up, key), message }
  walk.violations.push(violation)
  return violation
}

function unsound(walk: Walk, code: OcppErrorCode, up: Path, key: string | number | undefined, message: string): Unsound {
  return new Unsound([record(walk, code, up, key, message)])
}

/** The causes of an unsound optional field or item say what became of it (once: a drop ends their way up). */
function dropped(causes: Violation[], what: string): void {
  for (const cause of causes) cause.message = `${cause.message} (${what})`
}

/** The sound value at `key` under `up` (the payload itself when both are absent), or Unsound. */
function walkValue(schema: Schema, value: unknown, up: Path, key: string | number | undefined, walk: Walk): Step {
  const s = resolve(schema, walk.root)
  switch (s.type) {
    case 'object':
      return walkObject(s, value, up, key, walk)
    case 'array':
      return walkArray(s, value, up, key, walk)
    case 'string':
      return walkString(s, value, up, key, walk)
    case 'integer':
      return walkInteger(value, up, key, walk)
    case 'number':
      return walkNumber(s, value, up, key, walk)
    case 'boolean':
      return walkBoolean(value, up, key, walk)
    default:
      return value
  }
}

/**
 * Every project schema closes its objects (additionalProperties: false), so an unknown field is never
 * handed on: the sound object holds only the schema's own property names, never a name a station made up.
 */
function walkObject(s: Schema, value: unknown, up: Path, key: string | number | undefined, walk: Walk): Step {
  if (!isPlainObject(value)) return unsound(walk, 'TypeConstraintViolation', up, key, 'must be of type object')
  const path = here(up, key)
  const properties = s.properties ?? {}
  const required = s.required ?? []
  // eslint-disable-next-line no-restricted-syntax -- keys are the schema's property names (checked below), never station data
  const out: Record<string, unknown> = {}
  let causes: Violation[] | undefined
  for (const name of Object.keys(value)) {
    if (!Object.hasOwn(properties, name)) {
      if (walk.lenient) record(walk, 'FormationViolation', path, name, 'property is not allowed here (dropped)')
      else (causes ??= []).push(record(walk, 'FormationViolation', path, name, 'property is not allowed here'))
      continue
    }
    const step = walkValue(properties[name]!, value[name], path, name, walk)
    if (!(step instanceof Unsound)) out[name] = step
    else if (required.includes(name)) (causes ??= []).push(...step.causes)
    else dropped(step.causes, 'the field was dropped')
  }
  for (const name of required) {
    if (!Object.hasOwn(value, name)) (causes ??= []).push(record(walk, 'OccurenceConstraintViolation', path, name, 'required property is missing'))
  }
  return causes ? new Unsound(causes) : out
}

function walkArray(s: Schema, value: unknown, up: Path, key: string | number | undefined, walk: Walk): Step {
  if (!Array.isArray(value)) return unsound(walk, 'TypeConstraintViolation', up, key, 'must be of type array')
  if (!s.items) return value.slice()
  const path = here(up, key)
  const whole = typeof key === 'string' && WHOLE_ARRAYS.has(key)
  const out: unknown[] = []
  for (let index = 0; index < value.length; index += 1) {
    const step = walkValue(s.items, value[index], path, index, walk)
    if (!(step instanceof Unsound)) out.push(step)
    else if (whole) return step
    else dropped(step.causes, `item ${pointer(path, index)} was dropped`)
  }
  return out
}

function walkString(s: Schema, value: unknown, up: Path, key: string | number | undefined, walk: Walk): Step {
  let text: string
  if (typeof value === 'string') text = value
  else if (walk.lenient && s.enum === undefined && s.format === undefined && s.maxLength === undefined && value !== null && value !== undefined) {
    // Free text (no length, format or enum): the value's JSON text says exactly what was sent.
    text = JSON.stringify(value)
    record(walk, 'TypeConstraintViolation', up, key, 'must be of type string (kept as its JSON text)')
  } else return unsound(walk, 'TypeConstraintViolation', up, key, 'must be of type string')

  if (s.enum !== undefined && !s.enum.includes(text)) {
    const lower = text.toLowerCase()
    const matches = walk.lenient ? s.enum.filter((option): option is string => typeof option === 'string' && option.toLowerCase() === lower) : []
    if (matches.length !== 1) return unsound(walk, 'PropertyConstraintViolation', up, key, `must be one of: ${listed(s.enum)}`)
    record(walk, 'PropertyConstraintViolation', up, key, `must be one of the schema's values, as spelt there (${shown(text)} was read as ${shown(matches[0])})`)
    text = matches[0]!
  }
  if (s.format !== undefined && !walk.formatOk(s.format, text)) {
    const canonical = walk.lenient && s.format === 'date-time' ? readDateTime(text) : undefined
    if (canonical === undefined) {
      const message = s.format === 'date-time' ? 'must be a date-time with time zone (RFC 3339, e.g. 2024-01-01T10:00:00Z)' : `must be a valid ${s.format}`
      return unsound(walk, 'PropertyConstraintViolation', up, key, message)
    }
    record(walk, 'PropertyConstraintViolation', up, key, `must be a date-time with time zone (RFC 3339) (${shown(text)} was read as ${canonical}${/(?:Z|UTC|[+-]\d{2}(?::?\d{2})?)\s*$/i.test(text) ? '' : ', as UTC'})`)
    text = canonical
  }
  if (s.maxLength !== undefined && longerThan(text, s.maxLength)) {
    if (!walk.lenient || !walk.cut.has(pointer(up, key))) return unsound(walk, 'FormationViolation', up, key, `must NOT have more than ${s.maxLength} characters`)
    record(walk, 'FormationViolation', up, key, `must NOT have more than ${s.maxLength} characters (cut to ${s.maxLength})`)
    text = cutTo(text, s.maxLength)
  }
  return text
}

function listed(options: unknown[]): string {
  const list = options.map(String).join(', ')
  return list.length > 120 ? `${list.slice(0, 119)}…` : list
}

function walkInteger(value: unknown, up: Path, key: string | number | undefined, walk: Walk): Step {
  let number: number
  let fromText = false
  if (typeof value === 'number' && Number.isInteger(value)) number = value
  else if (walk.lenient && typeof value === 'string' && INTEGER_TEXT.test(value)) {
    number = Number(value.trim())
    fromText = true
  } else return unsound(walk, 'TypeConstraintViolation', up, key, 'must be of type integer')
  const range = integerRange(typeof key === 'string' ? key : undefined)
  if (!(number >= range.min && number <= range.max)) {
    return unsound(walk, 'PropertyConstraintViolation', up, key, `must be an integer from ${range.min} to ${range.max} (${range.why}): ${shown(value)} was ignored, never adopted`)
  }
  if (fromText) record(walk, 'TypeConstraintViolation', up, key, `must be of type integer (the text ${shown(value)} was read as ${number})`)
  return number
}

function walkNumber(s: Schema, value: unknown, up: Path, key: string | number | undefined, walk: Walk): Step {
  let number: number
  let fromText = false
  if (typeof value === 'number' && Number.isFinite(value)) number = value
  else if (walk.lenient && typeof value === 'string' && NUMBER_TEXT.test(value) && Number.isFinite(Number(value.trim()))) {
    number = Number(value.trim())
    fromText = true
  } else return unsound(walk, 'TypeConstraintViolation', up, key, 'must be of type number')
  if (s.multipleOf !== undefined && !isMultipleOf(number, s.multipleOf)) return unsound(walk, 'PropertyConstraintViolation', up, key, `must be a multiple of ${s.multipleOf}`)
  if (fromText) record(walk, 'TypeConstraintViolation', up, key, `must be of type number (the text ${shown(value)} was read as ${number})`)
  return number
}

function walkBoolean(value: unknown, up: Path, key: string | number | undefined, walk: Walk): Step {
  if (typeof value === 'boolean') return value
  if (walk.lenient && typeof value === 'string' && BOOLEAN_TEXT.test(value)) {
    const read = value.trim().toLowerCase() === 'true'
    record(walk, 'TypeConstraintViolation', up, key, `must be of type boolean (the text ${shown(value)} was read as ${read})`)
    return read
  }
  return unsound(walk, 'TypeConstraintViolation', up, key, 'must be of type boolean')
}

/** True when a (schema-valid) value holds an integer out of its range somewhere. */
type RangeCheck = (value: unknown) => boolean

/**
 * The range check of a schema, compiled once: it visits only the parts that hold integers, without
 * copying or allocating, so a schema-valid payload costs about what ajv took (a GetConfiguration
 * answer holds no integers: nothing to visit). Undefined when the schema holds no integer at all.
 */
function compileRangeCheck(schema: Schema, root: Schema, name?: string): RangeCheck | undefined {
  const s = resolve(schema, root)
  if (s.type === 'integer') {
    const { min, max } = integerRange(name)
    return (value) => !(typeof value === 'number' && value >= min && value <= max)
  }
  if (s.type === 'array' && s.items) {
    const item = compileRangeCheck(s.items, root)
    if (!item) return undefined
    return (value) => {
      if (!Array.isArray(value)) return false
      for (let index = 0; index < value.length; index += 1) if (item(value[index])) return true
      return false
    }
  }
  if (s.type === 'object') {
    const checks: Array<readonly [string, RangeCheck]> = []
    for (const [key, property] of Object.entries(s.properties ?? {})) {
      const check = compileRangeCheck(property, root, key)
      if (check) checks.push([key, check])
    }
    if (checks.length === 0) return undefined
    return (value) => {
      if (!isPlainObject(value)) return false
      for (const [key, check] of checks) if (Object.hasOwn(value, key) && check(value[key])) return true
      return false
    }
  }
  return undefined
}

/** The first MAX_VIOLATIONS violations, then one that counts the rest. */
function capped(violations: Violation[]): Violation[] {
  if (violations.length <= MAX_VIOLATIONS) return violations
  const rest = violations.length - MAX_VIOLATIONS
  return [...violations.slice(0, MAX_VIOLATIONS), { code: 'FormationViolation', path: '', message: `and ${rest} more violation${rest === 1 ? '' : 's'} like these` }]
}

function refusal(action: OcppAction, direction: PayloadDirection, mode: SanitizeMode, causes: Violation[]): string {
  const what = describeViolations(causes)
  if (direction === 'request') return what
  const why = mode === 'strict' ? `breaks the OCPP 1.6 schema (the station is held to it strictly: ${what})` : `cannot be made sound (${what})`
  return `The ${action} answer ${why}. Nothing of it was adopted; the answer as sent is in the message log.${mode === 'strict' ? ' A lenient setting for the station would take what can be repaired.' : ''}`
}

/** The sanitizer for the project's schemas, as `validator` loaded them. */
export function createPayloadSanitizer(validator: OcppValidator): PayloadSanitizer {
  const ajv = createOcppAjv()
  const formats = new Map<string, (text: string) => boolean>()
  const formatOk = (format: string, text: string): boolean => {
    let check = formats.get(format)
    if (!check) {
      const validate = ajv.compile({ type: 'string', format })
      check = (candidate: string) => validate(candidate) === true
      formats.set(format, check)
    }
    return check(text)
  }
  const validate = (direction: PayloadDirection, action: OcppAction, payload: unknown): Violation[] =>
    direction === 'request' ? validator.validateRequest(action, payload) : validator.validateResponse(action, payload)
  const rangeChecks = new Map<object, RangeCheck | 'none'>()
  const outOfRange = (schema: Schema, payload: unknown): boolean => {
    let check = rangeChecks.get(schema)
    if (check === undefined) {
      check = compileRangeCheck(schema, schema) ?? 'none'
      rangeChecks.set(schema, check)
    }
    return check !== 'none' && check(payload)
  }

  return {
    sanitize(action, direction, payload, mode) {
      const schema = validator.schemaOf(direction, action) as Schema | undefined
      if (!schema) {
        const violations: Violation[] = [{ code: 'FormationViolation', path: '', message: `no schema for action "${String(action)}"` }]
        return { ok: false, violations, code: 'FormationViolation', reason: refusal(action, direction, mode, violations) }
      }
      // The common case first, at ajv's speed: a payload that meets its schema and whose ids,
      // versions, counts and durations are in range goes on as it is (no copy, no walk).
      const violations = validate(direction, action, payload)
      if (violations.length === 0 && !outOfRange(schema, payload)) return { ok: true, value: payload, violations: [] }
      if (violations.length > 0 && mode === 'strict') return { ok: false, violations: capped(violations), code: primaryCode(violations), reason: refusal(action, direction, mode, violations) }
      const walk: Walk = { lenient: mode === 'lenient', root: schema, cut: direction === 'request' ? (CUT_TO_LENGTH.get(action) ?? NOTHING) : NOTHING, violations: [], formatOk }
      const step = walkValue(schema, payload, null, undefined, walk)
      if (step instanceof Unsound) return { ok: false, violations: capped(walk.violations), code: primaryCode(step.causes), reason: refusal(action, direction, mode, step.causes) }
      if (mode === 'lenient') {
        // What goes on must meet the schema; a repair this walk does not know is a refusal, never a pass.
        const left = validate(direction, action, step)
        if (left.length > 0) return { ok: false, violations: capped([...walk.violations, ...left]), code: primaryCode(left), reason: refusal(action, direction, mode, left) }
      }
      return { ok: true, value: step, violations: capped(walk.violations) }
    },
  }
}

const sanitizers = new WeakMap<OcppValidator, PayloadSanitizer>()

/** One sanitizer per validator (schemas loaded once). */
export function sanitizerFor(validator: OcppValidator): PayloadSanitizer {
  let sanitizer = sanitizers.get(validator)
  if (!sanitizer) {
    sanitizer = createPayloadSanitizer(validator)
    sanitizers.set(validator, sanitizer)
  }
  return sanitizer
}
