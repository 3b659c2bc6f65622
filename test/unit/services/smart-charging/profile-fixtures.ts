/**
 * Charging profiles for the Smart Charging unit tests, written at one fixed instant X (a Monday):
 * `profile({ periods: [[startSecond, limit, phases?]] })` is a TxDefaultProfile, Absolute from X in
 * amperes unless told otherwise, with a fresh chargingProfileId; `on` places it on a connector.
 */
import type { ChargingProfile } from '@shared/ocpp/payloads'
import type { PlacedProfile } from '../../../../src/main/services/smart-charging/composite'

export const X = Date.parse('2026-03-02T12:00:00Z')
/** X plus `offsetSec` seconds, as an OCPP dateTime. */
export const iso = (offsetSec: number): string => new Date(X + offsetSec * 1000).toISOString()
let nextId = 1

export interface ProfileShape extends Partial<ChargingProfile> {
  /** [startPeriod, limit, numberPhases?]; default one period of 16 from the start. */
  periods?: [number, number, number?][]
  duration?: number
  unit?: 'A' | 'W'
  /** Default X (none for a Relative profile); null = none. */
  startSchedule?: string | null
}

export function profile(over: ProfileShape = {}): ChargingProfile {
  const { periods = [[0, 16]], duration, unit = 'A', startSchedule = over.chargingProfileKind === 'Relative' ? null : iso(0), ...rest } = over
  return {
    chargingProfileId: nextId++,
    stackLevel: 0,
    chargingProfilePurpose: 'TxDefaultProfile',
    chargingProfileKind: 'Absolute',
    ...rest,
    chargingSchedule: {
      chargingRateUnit: unit,
      ...(startSchedule !== null ? { startSchedule } : {}),
      ...(duration !== undefined ? { duration } : {}),
      chargingSchedulePeriod: periods.map(([startPeriod, limit, numberPhases]) => ({ startPeriod, limit, ...(numberPhases !== undefined ? { numberPhases } : {}) })),
    },
  }
}

/** `p` installed on a connector (a TxProfile bound to `transactionId` when given). */
export const on = (connectorId: number, p: ChargingProfile, transactionId?: number): PlacedProfile => ({ connectorId, profile: p, ...(transactionId !== undefined ? { transactionId } : {}) })
