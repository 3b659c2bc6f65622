/**
 * Warnings shown with a CS→CP call before it is sent: each profile contributes its own rules; none
 * of them blocks (the JSON schema is the only hard limit).
 */
import type { InstalledProfile } from '@shared/contract/charging-dto'
import type { ConfigurationSnapshot, StationRecord } from '@shared/contract/dto'
import { coreCommandWarnings, type CommandContext } from './core/command-warnings'
import { smartChargingCommandWarnings } from './smart-charging/command-warnings'
import { stationLimits } from './smart-charging/station-limits'

export interface CommandWarningDeps {
  station(stationId: string): StationRecord | undefined
  configuration(stationId: string): ConfigurationSnapshot
  /** Transactions running on the station. */
  running(stationId: string): { connectorId: number; transactionId: number }[]
  /** Profiles the CSMS believes the station holds. */
  installed(stationId: string): InstalledProfile[]
}

export function createCommandWarnings(deps: CommandWarningDeps) {
  return (stationId: string, action: string, payload: unknown): string[] => {
    const station = deps.station(stationId)
    const connectorIds = Object.keys(station?.connectors ?? {})
      .map(Number)
      .filter((id) => id > 0)
      .sort((a, b) => a - b)
    const keys = deps.configuration(stationId).keys
    const running = deps.running(stationId)
    const context: CommandContext = {
      registrationStatus: station?.registrationStatus,
      connectorIds,
      configuration: keys,
      activeTransactionIds: running.map((t) => t.transactionId),
    }
    const installed = deps.installed(stationId).map((i) => ({ connectorId: i.connectorId, chargingProfileId: i.profile.chargingProfileId, purpose: i.profile.chargingProfilePurpose, stackLevel: i.profile.stackLevel }))
    return [
      ...coreCommandWarnings(action, payload, context),
      ...smartChargingCommandWarnings(action, payload, { connectorIds, running, limits: stationLimits(keys), installed }),
    ]
  }
}
