/**
 * The editor's form state of a charging profile: every field as the text typed, so any value can be
 * entered (main judges them through checkChargingProfile). Turning the form into the profile object
 * refuses only numbers that are not numbers; nothing here knows OCPP's rules.
 */
import type { ProfileTemplate } from '@shared/contract'

export interface PeriodDraft {
  startPeriod: string
  limit: string
  numberPhases: string
}

export interface ProfileDraft {
  chargingProfileId: string
  transactionId: string
  stackLevel: string
  chargingProfilePurpose: string
  chargingProfileKind: string
  /** '' = absent. */
  recurrencyKind: string
  validFrom: string
  validTo: string
  startSchedule: string
  duration: string
  chargingRateUnit: string
  minChargingRate: string
  periods: PeriodDraft[]
  /** Keys the form has no field for, kept as they came (e.g. pasted JSON), so nothing is lost. */
  extra: Record<string, unknown>
  scheduleExtra: Record<string, unknown>
  /** Per period, keys the table has no column for. */
  periodExtra: Record<string, unknown>[]
}

export const PURPOSES = ['ChargePointMaxProfile', 'TxDefaultProfile', 'TxProfile'] as const
export const KINDS = ['Absolute', 'Recurring', 'Relative'] as const
export const RECURRENCIES = ['Daily', 'Weekly'] as const
export const UNITS = ['A', 'W'] as const

export type NumericField = 'chargingProfileId' | 'transactionId' | 'stackLevel' | 'duration' | 'minChargingRate'
export type DateField = 'validFrom' | 'validTo' | 'startSchedule'

const PROFILE_KEYS = ['chargingProfileId', 'transactionId', 'stackLevel', 'chargingProfilePurpose', 'chargingProfileKind', 'recurrencyKind', 'validFrom', 'validTo', 'chargingSchedule']
const SCHEDULE_KEYS = ['duration', 'startSchedule', 'chargingRateUnit', 'chargingSchedulePeriod', 'minChargingRate']
const PERIOD_KEYS = ['startPeriod', 'limit', 'numberPhases']

export type NumberParse = { state: 'empty' } | { state: 'ok'; value: number } | { state: 'invalid'; message: string }

/** Any finite number (negative, decimal, exponent); refuses only text that is not a number. */
export function parseNumber(text: string): NumberParse {
  const trimmed = text.trim()
  if (trimmed === '') return { state: 'empty' }
  const value = Number(trimmed)
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(trimmed) || !Number.isFinite(value)) return { state: 'invalid', message: `“${trimmed}” is not a number` }
  return { state: 'ok', value }
}

/** A value from a profile object as the text of a field. */
function text(value: unknown): string {
  if (value === undefined || value === null) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return JSON.stringify(value)
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function rest(source: Record<string, unknown>, known: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(source).filter(([key]) => !known.includes(key)))
}

/** The form state of any object shaped like a profile (unknown keys are kept aside). */
export function draftFromProfile(profile: unknown): ProfileDraft {
  const p = isObject(profile) ? profile : {}
  const s = isObject(p.chargingSchedule) ? p.chargingSchedule : {}
  const periods = Array.isArray(s.chargingSchedulePeriod) ? s.chargingSchedulePeriod : []
  return {
    chargingProfileId: text(p.chargingProfileId),
    transactionId: text(p.transactionId),
    stackLevel: text(p.stackLevel),
    chargingProfilePurpose: text(p.chargingProfilePurpose),
    chargingProfileKind: text(p.chargingProfileKind),
    recurrencyKind: text(p.recurrencyKind),
    validFrom: text(p.validFrom),
    validTo: text(p.validTo),
    startSchedule: text(s.startSchedule),
    duration: text(s.duration),
    chargingRateUnit: text(s.chargingRateUnit),
    minChargingRate: text(s.minChargingRate),
    periods: periods.map((x) => {
      const period = isObject(x) ? x : {}
      return { startPeriod: text(period.startPeriod), limit: text(period.limit), numberPhases: text(period.numberPhases) }
    }),
    extra: rest(p, PROFILE_KEYS),
    scheduleExtra: rest(s, SCHEDULE_KEYS),
    periodExtra: periods.map((x) => (isObject(x) ? rest(x, PERIOD_KEYS) : {})),
  }
}

/** Problems of the form itself (numbers that are not numbers), keyed like the fields' test ids. */
export type FormErrors = Record<string, string>

export interface BuiltProfile {
  /** The profile as main will see it; numbers that are not numbers stay text. */
  profile: Record<string, unknown>
  errors: FormErrors
}

/** The profile object the form describes, in OCPP's field order; empty optional fields are left out. */
export function buildProfile(draft: ProfileDraft): BuiltProfile {
  const errors: FormErrors = {}
  const num = (key: string, value: string, required: boolean): unknown => {
    const parsed = parseNumber(value)
    if (parsed.state === 'ok') return parsed.value
    if (parsed.state === 'invalid') {
      errors[key] = parsed.message
      return value
    }
    if (required) errors[key] = 'Required: a number'
    return undefined
  }
  const str = (value: string): string | undefined => (value.trim() === '' ? undefined : value.trim())

  const schedule: Record<string, unknown> = {
    duration: num('duration', draft.duration, false),
    startSchedule: str(draft.startSchedule),
    chargingRateUnit: str(draft.chargingRateUnit),
    chargingSchedulePeriod: draft.periods.map((period, i) =>
      dropUndefined({
        startPeriod: num(`period-startPeriod-${i}`, period.startPeriod, true),
        limit: num(`period-limit-${i}`, period.limit, true),
        numberPhases: num(`period-numberPhases-${i}`, period.numberPhases, false),
        ...draft.periodExtra[i],
      }),
    ),
    minChargingRate: num('minChargingRate', draft.minChargingRate, false),
    ...draft.scheduleExtra,
  }
  const profile: Record<string, unknown> = {
    chargingProfileId: num('chargingProfileId', draft.chargingProfileId, false),
    transactionId: num('transactionId', draft.transactionId, false),
    stackLevel: num('stackLevel', draft.stackLevel, true),
    chargingProfilePurpose: str(draft.chargingProfilePurpose),
    chargingProfileKind: str(draft.chargingProfileKind),
    recurrencyKind: str(draft.recurrencyKind),
    validFrom: str(draft.validFrom),
    validTo: str(draft.validTo),
    chargingSchedule: dropUndefined(schedule),
    ...draft.extra,
  }
  return { profile: dropUndefined(profile), errors }
}

function dropUndefined(source: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined))
}

export function emptyPeriod(previous?: PeriodDraft): PeriodDraft {
  const start = previous ? parseNumber(previous.startPeriod) : null
  return {
    startPeriod: start?.state === 'ok' ? String(start.value + 3600) : previous ? '' : '0',
    limit: previous?.limit ?? '',
    numberPhases: previous?.numberPhases ?? '',
  }
}

/** ISO-8601 UTC without milliseconds, `minutes` from now. */
export function isoFromNow(minutes = 0, now = Date.now()): string {
  return new Date(Math.floor(now / 1000) * 1000 + minutes * 60_000).toISOString().replace('.000Z', 'Z')
}

/** A new library profile: a TxDefaultProfile of 16 A from the current minute. */
export function newProfile(now = Date.now()): ProfileTemplate {
  return {
    stackLevel: 0,
    chargingProfilePurpose: 'TxDefaultProfile',
    chargingProfileKind: 'Absolute',
    chargingSchedule: {
      startSchedule: isoFromNow(0, Math.floor(now / 60_000) * 60_000),
      chargingRateUnit: 'A',
      chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }],
    },
  }
}

/** The same JSON whatever the key order: to tell whether two profiles are the same. */
export function stableKey(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (isObject(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v))
}

export interface UnwrappedProfile {
  profile: unknown
  /** Where the profile was found inside the pasted JSON, when it was not the JSON itself. */
  from?: string
}

/**
 * Pasted JSON may be a whole request from a test spec: SetChargingProfile.req (`csChargingProfiles`),
 * RemoteStartTransaction.req (`chargingProfile`), or a CALL frame `[2, id, action, payload]`.
 */
export function unwrapProfile(value: unknown): UnwrappedProfile {
  let v = value
  let from: string | undefined
  if (Array.isArray(v) && v[0] === 2 && typeof v[2] === 'string' && isObject(v[3])) {
    from = `the ${v[2]} CALL`
    v = v[3]
  }
  if (isObject(v) && !('chargingSchedule' in v)) {
    if (isObject(v.csChargingProfiles)) return { profile: v.csChargingProfiles, from: from ?? 'csChargingProfiles (SetChargingProfile.req)' }
    if (isObject(v.chargingProfile)) return { profile: v.chargingProfile, from: from ?? 'chargingProfile (RemoteStartTransaction.req)' }
  }
  return from ? { profile: v, from } : { profile: v }
}

/** An integer typed as text (for ids chosen when sending); null = empty or not an integer. */
export function parseIntegerText(text: string): number | null {
  const trimmed = text.trim()
  if (!/^[+-]?\d+$/.test(trimmed)) return null
  const value = Number(trimmed)
  return Number.isSafeInteger(value) ? value : null
}
