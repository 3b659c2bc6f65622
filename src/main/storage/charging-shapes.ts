/**
 * Shape checks of the stored Smart Charging records, made when the state is loaded: a record that
 * fails one is moved to quarantine (quarantine.ts) instead of failing every view later. Each check
 * answers why the record cannot be used, or undefined when it can.
 */
const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value)
const finite = (value: unknown): boolean => typeof value === 'number' && Number.isFinite(value)
const optional = (value: unknown, check: (v: unknown) => boolean): boolean => value === undefined || check(value)
const isString = (value: unknown): boolean => typeof value === 'string'
const isConnectorId = (value: unknown): boolean => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0

function scheduleProblem(value: unknown, path: string): string | undefined {
  if (!isRecord(value)) return `${path} is not an object`
  if (value.chargingRateUnit !== 'A' && value.chargingRateUnit !== 'W') return `${path}.chargingRateUnit is not A or W`
  if (!optional(value.duration, finite)) return `${path}.duration is not a number`
  if (!optional(value.startSchedule, isString)) return `${path}.startSchedule is not a string`
  if (!optional(value.minChargingRate, finite)) return `${path}.minChargingRate is not a number`
  const periods = value.chargingSchedulePeriod
  if (!Array.isArray(periods)) return `${path}.chargingSchedulePeriod is not a list`
  const bad = periods.findIndex((p) => !isRecord(p) || !finite(p.startPeriod) || !finite(p.limit) || !optional(p.numberPhases, finite))
  if (bad >= 0) return `${path}.chargingSchedulePeriod[${bad}] is not a period with a numeric startPeriod and limit`
  return undefined
}

/** A station's stored GetCompositeSchedule answer. */
export function reportedCompositeProblem(value: unknown): string | undefined {
  if (!isRecord(value)) return 'it is not an object'
  if (!isConnectorId(value.connectorId)) return 'connectorId is not a connector id'
  if (!isRecord(value.requested) || !finite(value.requested.duration)) return 'requested.duration is not a number'
  if (!isString(value.status) || !isString(value.receivedAt) || !isString(value.taskId)) return 'status, receivedAt or taskId is not a string'
  if (!optional(value.scheduleStart, isString)) return 'scheduleStart is not a string'
  if (!optional(value.truncated, (t) => Array.isArray(t) && t.every(isString))) return 'truncated is not a list of notes'
  if (!optional(value.completeUntil, finite)) return 'completeUntil is not a number'
  return value.chargingSchedule === undefined ? undefined : scheduleProblem(value.chargingSchedule, 'chargingSchedule')
}

/** A profile the CSMS believes a station holds. */
export function installedProfileProblem(value: unknown): string | undefined {
  if (!isRecord(value)) return 'it is not an object'
  if (!isConnectorId(value.connectorId)) return 'connectorId is not a connector id'
  if (!isString(value.installedAt) || !isString(value.taskId)) return 'installedAt or taskId is not a string'
  const profile = value.profile
  if (!isRecord(profile)) return 'profile is not an object'
  if (!finite(profile.chargingProfileId) || !finite(profile.stackLevel)) return 'profile.chargingProfileId or profile.stackLevel is not a number'
  if (!isString(profile.chargingProfilePurpose) || !isString(profile.chargingProfileKind)) return 'profile.chargingProfilePurpose or profile.chargingProfileKind is not a string'
  if (!optional(profile.validFrom, isString) || !optional(profile.validTo, isString)) return 'profile.validFrom or profile.validTo is not a string'
  if (!optional(profile.transactionId, finite) || !optional(value.transactionId, finite)) return 'transactionId is not a number'
  return scheduleProblem(profile.chargingSchedule, 'profile.chargingSchedule')
}
