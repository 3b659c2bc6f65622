/**
 * Ranges of the integers a station sends that feed ids, versions, counts and durations. The schemas
 * (like OCA's) only say "integer"; OCPP 1.6 implies more, and a number out of these ranges is
 * ignored with a warning at the boundary (payload-sanitizer.ts), never adopted.
 *
 * - OCPP 1.6 integers are 32-bit signed in practice (the OCPP-J implementations, OCPP 2.x's
 *   definition of integer): ids, versions, counts and durations stay in -2^31..2^31-1.
 * - The spec narrows some further: connector ids are 0..N (0 = the charge point, §3.8); listVersion
 *   is -1 (not supported), 0 (empty) or a version (§5.10); stackLevel ≥ 0 (§7.8); numberPhases is
 *   1..3; durations, periods, intervals and retries are not negative.
 * - transactionId keeps the whole signed range: a station that never got one sends -1 and must be
 *   answered normally (errata 3.18).
 * - Meter readings (meterStart, meterStop, in Wh) are registers a station never rebases: a long-lived
 *   DC charger can pass 2^31 Wh, so they are only required to be safe integers.
 * - Every other integer must be a safe integer (|n| ≤ 2^53 - 1), so that it means one exact number.
 */
import { isPlainObject, resolve, type Schema } from './schema-node'

export const INT32_MIN = -(2 ** 31)
export const INT32_MAX = 2 ** 31 - 1

export interface IntegerRange {
  min: number
  max: number
  /** Why, in a few words, for the violation. */
  why: string
}

const int32 = (min = INT32_MIN, why = 'OCPP 1.6 keeps it in 32 bits'): IntegerRange => ({ min, max: INT32_MAX, why })

const RANGES = new Map<string, IntegerRange>([
  ['connectorId', int32(0, 'connector ids are 0 (the charge point) or above, in 32 bits')],
  ['transactionId', int32()],
  ['reservationId', int32()],
  ['chargingProfileId', int32()],
  ['id', int32()],
  ['listVersion', int32(-1, '-1 = not supported, 0 = empty, else a 32-bit version')],
  ['stackLevel', int32(0)],
  ['duration', int32(0, 'a duration in seconds, not negative, in 32 bits')],
  ['startPeriod', int32(0, 'seconds from the schedule start, not negative, in 32 bits')],
  ['interval', int32(0)],
  ['retries', int32(0)],
  ['retryInterval', int32(0)],
  ['numberPhases', { min: 1, max: 3, why: 'a charge point has 1 to 3 phases' }],
])

const SAFE: IntegerRange = { min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER, why: 'larger integers lose precision' }

/** The range of an integer field, by its property name. */
export function integerRange(name: string | undefined): IntegerRange {
  return (name !== undefined && RANGES.get(name)) || SAFE
}

/** True when a (schema-valid) value holds an integer out of its range somewhere. */
export type RangeCheck = (value: unknown) => boolean

/**
 * The range check of a schema, compiled once: it visits only the parts that hold integers, without
 * copying or allocating, so a schema-valid payload costs about what ajv took (a GetConfiguration
 * answer holds no integers: nothing to visit). Undefined when the schema holds no integer at all.
 */
export function compileRangeCheck(schema: Schema, root: Schema, name?: string): RangeCheck | undefined {
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
