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
import { compileRangeCheck, integerRange, type RangeCheck } from './integer-ranges'
import { BOOLEAN_TEXT, INTEGER_TEXT, NUMBER_TEXT, cutTo, longerThan, readDateTime, shown } from './lenient-text'
import { isPlainObject, pointerToken, resolve, type Schema } from './schema-node'
import { createOcppAjv, describeViolations, isMultipleOf, primaryCode, type OcppValidator, type PayloadDirection } from './validator'

export { readDateTime } from './lenient-text'

export type SanitizeMode = 'strict' | 'lenient'

export type Sanitized =
  | { ok: true; value: unknown; violations: Violation[] }
  | { ok: false; violations: Violation[]; code: OcppErrorCode; reason: string }

export interface PayloadSanitizer {
  sanitize(action: OcppAction, direction: PayloadDirection, payload: unknown, mode: SanitizeMode): Sanitized
}

/** At most this many violations are kept for one payload (then one that counts the rest). */
export const MAX_VIOLATIONS = 100

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
    number = Number(value) // Number() skips the same white space as the pattern allows
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
  else if (walk.lenient && typeof value === 'string' && NUMBER_TEXT.test(value) && Number.isFinite(Number(value))) {
    number = Number(value)
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
