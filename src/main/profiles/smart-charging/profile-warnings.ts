/**
 * Remarks on a charging profile before it is saved or sent: the OCPP 1.6 rules the schema cannot
 * express (spec notes §6, OCTT TC_056–TC_060) and the station's own limits from its configuration.
 * They never block: certification sends unusual profiles on purpose.
 */
import type { ProfileTemplate } from '@shared/contract/charging-dto'

export interface StationLimits {
  maxStackLevel?: number
  maxPeriods?: number
  maxInstalled?: number
  /** ChargingScheduleAllowedChargingRateUnit as the station reports it (Current, Power; some say A, W). */
  allowedUnits?: string[]
}

export interface ProfileWarningContext {
  usage: 'SetChargingProfile' | 'RemoteStartTransaction' | 'library'
  connectorId?: number
  /** Transactions running on the station, when known. */
  running?: { connectorId: number; transactionId: number }[]
  limits?: StationLimits
  /** Profiles the station holds now (to check MaxChargingProfilesInstalled), when known. */
  installed?: { connectorId: number; chargingProfileId: number; purpose: string; stackLevel: number }[]
  now?: number
}

const RECURRENCE_S = { Daily: 86_400, Weekly: 604_800 } as const

function unitAllowed(unit: string, allowed: string[]): boolean {
  const names = allowed.map((u) => u.trim().toLowerCase())
  return unit === 'A' ? names.includes('current') || names.includes('a') : names.includes('power') || names.includes('w')
}

function scheduleWarnings(profile: ProfileTemplate, warnings: string[]): void {
  const schedule = profile.chargingSchedule
  const kind = profile.chargingProfileKind
  if (kind === 'Relative' && schedule.startSchedule !== undefined) warnings.push('A Relative profile starts with the transaction: startSchedule should be left out (OCTT TC_057/TC_059)')
  if (kind === 'Absolute' && schedule.startSchedule === undefined) warnings.push('An Absolute profile needs chargingSchedule.startSchedule')
  if (kind === 'Recurring') {
    if (schedule.startSchedule === undefined) warnings.push('A Recurring profile needs startSchedule as the anchor of its recurrence')
    if (profile.recurrencyKind === undefined) warnings.push('A Recurring profile needs recurrencyKind (Daily or Weekly)')
    else if (schedule.duration !== undefined && schedule.duration > RECURRENCE_S[profile.recurrencyKind]) {
      warnings.push(`duration ${schedule.duration} s is longer than one ${profile.recurrencyKind.toLowerCase()} recurrence: the rest is not executed (errata 3.43)`)
    }
  } else if (profile.recurrencyKind !== undefined) warnings.push('recurrencyKind is only for Recurring profiles (errata 3.56)')
  const periods = schedule.chargingSchedulePeriod ?? []
  if (periods.length === 0) warnings.push('The schedule has no period: the station will reject it (1..* periods)')
  else if (periods[0]!.startPeriod !== 0) warnings.push(`The first period starts at ${periods[0]!.startPeriod} s: it SHALL start at 0 (errata 3.45)`)
  for (let i = 1; i < periods.length; i += 1) {
    if (periods[i]!.startPeriod <= periods[i - 1]!.startPeriod) {
      warnings.push(`Period ${i + 1} starts at ${periods[i]!.startPeriod} s, not after period ${i} (${periods[i - 1]!.startPeriod} s): periods must be in increasing order`)
      break
    }
  }
  if (schedule.duration !== undefined) {
    const beyond = periods.filter((p) => p.startPeriod >= schedule.duration!)
    if (beyond.length > 0) warnings.push(`${beyond.length} period(s) start at or after duration ${schedule.duration} s and are never executed`)
  }
  for (const [i, p] of periods.entries()) {
    if (p.limit < 0) warnings.push(`Period ${i + 1} has a negative limit (${p.limit})`)
    if (p.numberPhases !== undefined && (p.numberPhases < 1 || p.numberPhases > 3)) warnings.push(`Period ${i + 1}: numberPhases ${p.numberPhases} is not 1, 2 or 3`)
  }
}

function validityWarnings(profile: ProfileTemplate, now: number, warnings: string[]): void {
  const from = profile.validFrom !== undefined ? Date.parse(profile.validFrom) : undefined
  const to = profile.validTo !== undefined ? Date.parse(profile.validTo) : undefined
  if (from !== undefined && to !== undefined && to <= from) warnings.push('validTo is not after validFrom: the profile is never valid')
  if (to !== undefined && to <= now) warnings.push('validTo is in the past: the station will not apply this profile')
  if (from !== undefined && from > now) warnings.push('validFrom is in the future: until then the station applies what it had (OCPP 1.6 §3.13.2)')
}

function usageWarnings(profile: ProfileTemplate, ctx: ProfileWarningContext, warnings: string[]): void {
  const purpose = profile.chargingProfilePurpose
  if (ctx.usage === 'RemoteStartTransaction') {
    if (purpose !== 'TxProfile') warnings.push('A RemoteStartTransaction charging profile must have purpose TxProfile (errata 3.41): expect Rejected or PropertyConstraintViolation (TC_060)')
    if (profile.transactionId !== undefined) warnings.push('A RemoteStartTransaction charging profile must not carry a transactionId (errata 3.41/3.67)')
    return
  }
  if (profile.transactionId !== undefined && purpose !== 'TxProfile') warnings.push('transactionId is only for TxProfile')
  if (ctx.usage !== 'SetChargingProfile' || ctx.connectorId === undefined) return
  const connectorId = ctx.connectorId
  if (purpose === 'ChargePointMaxProfile' && connectorId !== 0) warnings.push(`A ChargePointMaxProfile goes on connector 0, not ${connectorId}`)
  if (purpose === 'TxProfile') {
    if (connectorId === 0) warnings.push('A TxProfile goes on a connector with a transaction, not on connector 0')
    else if (ctx.running) {
      const here = ctx.running.filter((t) => t.connectorId === connectorId)
      if (here.length === 0) warnings.push(`No transaction runs on connector ${connectorId} as far as the CSMS knows: the station will reject a TxProfile (TC_058_1)`)
      else if (profile.transactionId !== undefined && !here.some((t) => t.transactionId === profile.transactionId)) {
        warnings.push(`Transaction ${profile.transactionId} does not run on connector ${connectorId} (running: ${here.map((t) => t.transactionId).join(', ')}): expect Rejected (TC_058_2)`)
      }
    }
    if (profile.transactionId === undefined) warnings.push('No transactionId: OCTT TC_057 expects the id of the running transaction')
  }
}

function limitWarnings(profile: ProfileTemplate, ctx: ProfileWarningContext, warnings: string[]): void {
  const limits = ctx.limits ?? {}
  if (limits.maxStackLevel !== undefined && profile.stackLevel > limits.maxStackLevel) warnings.push(`stackLevel ${profile.stackLevel} is above the station's ChargeProfileMaxStackLevel (${limits.maxStackLevel})`)
  const periods = profile.chargingSchedule.chargingSchedulePeriod?.length ?? 0
  if (limits.maxPeriods !== undefined && periods > limits.maxPeriods) warnings.push(`${periods} periods, more than the station's ChargingScheduleMaxPeriods (${limits.maxPeriods})`)
  const unit = profile.chargingSchedule.chargingRateUnit
  if (limits.allowedUnits && limits.allowedUnits.length > 0 && !unitAllowed(unit, limits.allowedUnits)) {
    warnings.push(`The station allows ${limits.allowedUnits.join(', ')} (ChargingScheduleAllowedChargingRateUnit), not ${unit === 'A' ? 'Current (A)' : 'Power (W)'}`)
  }
  if (limits.maxInstalled !== undefined && ctx.installed && ctx.usage === 'SetChargingProfile') {
    const replaced = ctx.installed.filter((p) => p.chargingProfileId === profile.chargingProfileId || (p.connectorId === ctx.connectorId && p.purpose === profile.chargingProfilePurpose && p.stackLevel === profile.stackLevel))
    const after = ctx.installed.length - replaced.length + 1
    if (after > limits.maxInstalled) warnings.push(`The station would hold ${after} profiles, more than its MaxChargingProfilesInstalled (${limits.maxInstalled})`)
  }
}

export function profileWarnings(profile: ProfileTemplate, ctx: ProfileWarningContext): string[] {
  const warnings: string[] = []
  if (profile.stackLevel < 0) warnings.push(`stackLevel ${profile.stackLevel} is negative`)
  scheduleWarnings(profile, warnings)
  validityWarnings(profile, ctx.now ?? Date.now(), warnings)
  usageWarnings(profile, ctx, warnings)
  limitWarnings(profile, ctx, warnings)
  return warnings
}
