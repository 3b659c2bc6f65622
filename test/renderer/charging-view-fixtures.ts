import type { ConnectorChargingView, InstalledProfile, LibraryProfile, StationChargingView } from '@shared/contract'
import type { ChargingProfile } from '@shared/ocpp/payloads'

/** Fixtures for the station Smart Charging view and the Smart Charging operation forms. */
export const FROM = '2024-05-01T12:00:00.000Z'
/** FROM + seconds, as ISO. */
export const at = (seconds: number): string => new Date(Date.parse(FROM) + seconds * 1000).toISOString()

/** A library entry: a TxDefaultProfile, stack 1, 16 A then 10 A after 10 min, unless overridden. */
export function libraryEntry(id: string, name: string, profile: Partial<LibraryProfile['profile']> = {}): LibraryProfile {
  return {
    id,
    name,
    profile: {
      stackLevel: 1,
      chargingProfilePurpose: 'TxDefaultProfile',
      chargingProfileKind: 'Absolute',
      chargingSchedule: { chargingRateUnit: 'A', startSchedule: FROM, duration: 3600, chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }, { startPeriod: 600, limit: 10 }] },
      ...profile,
    },
    createdAt: FROM,
    updatedAt: FROM,
  }
}

export function chargingProfile(id: number, extra: Partial<ChargingProfile> = {}): ChargingProfile {
  return {
    chargingProfileId: id,
    stackLevel: 1,
    chargingProfilePurpose: 'TxDefaultProfile',
    chargingProfileKind: 'Absolute',
    chargingSchedule: { chargingRateUnit: 'A', startSchedule: FROM, chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] },
    ...extra,
  }
}

export function installed(connectorId: number, profile: ChargingProfile, extra: Partial<InstalledProfile> = {}): InstalledProfile {
  return { connectorId, profile, installedAt: FROM, via: 'SetChargingProfile', taskId: `set-${profile.chargingProfileId}`, ...extra }
}

/** A connector with no profile: no limit expected over the hour. */
export function connectorView(connectorId: number, extra: Partial<ConnectorChargingView> = {}): ConnectorChargingView {
  return {
    connectorId,
    layers: [],
    expected: { connectorId, scheduleStart: FROM, duration: 3600, chargingRateUnit: 'A', periods: [{ startPeriod: 0, limit: null }] },
    ...extra,
  }
}

export function chargingView(extra: Partial<StationChargingView> = {}): StationChargingView {
  return {
    stationId: 'CP1',
    from: FROM,
    duration: 3600,
    chargingRateUnit: 'A',
    voltage: 230,
    limits: {},
    installed: [],
    connectors: [connectorView(0), connectorView(1)],
    ...extra,
  }
}
