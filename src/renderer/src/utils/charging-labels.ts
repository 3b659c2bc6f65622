/** How charging profiles and schedules are named on screen (words only: the schedules themselves come from main). */
import type { ChargingSchedule } from '@shared/ocpp/payloads'
import type { ProfileLayer, ProfileTemplate } from '@shared/contract/charging-dto'
import { ownValue } from '@shared/util/id-record'
import { formatUtc } from './format'

const SHORT_PURPOSE: Record<string, string> = {
  ChargePointMaxProfile: 'ChargePointMax',
  TxDefaultProfile: 'TxDefault',
  TxProfile: 'Tx',
}

/** `TxDefault` for TxDefaultProfile; an unknown purpose as it is. */
export function purposeShort(purpose: string): string {
  return ownValue(SHORT_PURPOSE, purpose) ?? purpose
}

/** `TxDefault #12 L1`, with `(c0)` when the layer comes from another connector (connector 0's profiles apply to every connector). */
export function layerLabel(layer: Pick<ProfileLayer, 'purpose' | 'chargingProfileId' | 'stackLevel' | 'connectorId'>, viewConnectorId: number): string {
  const base = `${purposeShort(layer.purpose)} #${layer.chargingProfileId} L${layer.stackLevel}`
  return layer.connectorId === viewConnectorId ? base : `${base} (c${layer.connectorId})`
}

/** `45 s`, `10 min`, `1 h 30 min`, `7 d`. */
export function secondsLabel(total: number): string {
  if (!Number.isFinite(total)) return String(total)
  const parts: string[] = []
  let rest = Math.round(total)
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3600],
    ['min', 60],
  ] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)} ${unit}`)
      rest %= size
    }
  }
  if (rest > 0 || parts.length === 0) parts.push(`${rest} s`)
  return parts.join(' ')
}

/** `2024-05-01 12:00` (UTC, to the minute). */
export function shortUtc(iso: string | undefined): string {
  return iso ? formatUtc(iso).slice(0, 16) : '—'
}

/** The periods of a schedule in one line: `0 s → 16 A · 10 min → 10 A`, cut after `max`. */
export function periodsSummary(schedule: ChargingSchedule, max = 5): string {
  const periods = schedule.chargingSchedulePeriod ?? []
  const shown = periods.slice(0, max).map((p) => `${secondsLabel(p.startPeriod)} → ${p.limit} ${schedule.chargingRateUnit}${p.numberPhases !== undefined ? ` ${p.numberPhases}φ` : ''}`)
  if (periods.length > max) shown.push(`… ${periods.length - max} more`)
  return shown.join(' · ')
}

/** A profile in one line: purpose, stack level, kind, unit, duration, start, validity, ids. */
export function profileSummary(profile: ProfileTemplate): string {
  const schedule = profile.chargingSchedule
  const parts = [
    profile.chargingProfilePurpose,
    `stack ${profile.stackLevel}`,
    profile.recurrencyKind ? `${profile.chargingProfileKind} ${profile.recurrencyKind}` : profile.chargingProfileKind,
    `unit ${schedule.chargingRateUnit}`,
  ]
  if (schedule.duration !== undefined) parts.push(`duration ${secondsLabel(schedule.duration)}`)
  if (schedule.startSchedule) parts.push(`starts ${shortUtc(schedule.startSchedule)}`)
  if (profile.validFrom || profile.validTo) parts.push(`valid ${profile.validFrom ? shortUtc(profile.validFrom) : '…'} → ${profile.validTo ? shortUtc(profile.validTo) : '…'}`)
  if (profile.chargingProfileId !== undefined) parts.push(`id ${profile.chargingProfileId}`)
  if (profile.transactionId !== undefined) parts.push(`transaction ${profile.transactionId}`)
  return parts.join(' · ')
}
