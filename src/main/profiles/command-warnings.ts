/**
 * Warnings shown with a CS→CP call before it is sent: each profile contributes its own rules; none
 * of them blocks (the JSON schema is the only hard limit).
 */
import type { ConfigurationSnapshot, StationRecord } from '@shared/contract/dto'
import { coreCommandWarnings, type CommandContext } from './core/command-warnings'

export interface CommandWarningDeps {
  station(stationId: string): StationRecord | undefined
  configuration(stationId: string): ConfigurationSnapshot
  activeTransactionIds(stationId: string): number[]
}

export function createCommandWarnings(deps: CommandWarningDeps) {
  return (stationId: string, action: string, payload: unknown): string[] => {
    const station = deps.station(stationId)
    const connectorIds = Object.keys(station?.connectors ?? {})
      .map(Number)
      .filter((id) => id > 0)
      .sort((a, b) => a - b)
    const context: CommandContext = {
      registrationStatus: station?.registrationStatus,
      connectorIds,
      configuration: deps.configuration(stationId).keys,
      activeTransactionIds: deps.activeTransactionIds(stationId),
    }
    return coreCommandWarnings(action, payload, context)
  }
}
