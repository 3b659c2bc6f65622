/** The Smart Charging limits a station reports in its configuration (OCPP 1.6 §9.4). */
import type { ConfigurationEntry } from '@shared/contract/dto'
import { ownValueIgnoringCase } from '@shared/util/id-record'
import type { StationLimits } from './profile-warnings'

function entry(keys: Record<string, ConfigurationEntry | { value?: string }>, name: string): string | undefined {
  return ownValueIgnoringCase(keys, name)?.value
}

function integer(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined
  const n = Number(value)
  return Number.isInteger(n) ? n : undefined
}

export function stationLimits(keys: Record<string, ConfigurationEntry | { value?: string }>): StationLimits {
  const units = entry(keys, 'ChargingScheduleAllowedChargingRateUnit')
  const limits: StationLimits = {}
  const maxStackLevel = integer(entry(keys, 'ChargeProfileMaxStackLevel'))
  const maxPeriods = integer(entry(keys, 'ChargingScheduleMaxPeriods'))
  const maxInstalled = integer(entry(keys, 'MaxChargingProfilesInstalled'))
  if (maxStackLevel !== undefined) limits.maxStackLevel = maxStackLevel
  if (maxPeriods !== undefined) limits.maxPeriods = maxPeriods
  if (maxInstalled !== undefined) limits.maxInstalled = maxInstalled
  if (units !== undefined && units.trim() !== '') limits.allowedUnits = units.split(',').map((u) => u.trim()).filter(Boolean)
  return limits
}
