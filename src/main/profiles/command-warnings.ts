/**
 * Warnings shown with a CS→CP call before it is sent: each profile contributes its own rules; none
 * of them blocks (the JSON schema is the only hard limit).
 */
import type { Reservation } from '@shared/contract/auth-dto'
import type { InstalledProfile } from '@shared/contract/charging-dto'
import type { ConfigurationSnapshot, StationRecord } from '@shared/contract/dto'
import { ownValueIgnoringCase } from '@shared/util/id-record'
import { coreCommandWarnings, type CommandContext } from './core/command-warnings'
import { fileTransferCommandWarnings } from './firmware-management/command-warnings'
import { triggerCommandWarnings } from './remote-trigger/command-warnings'
import { reservationCommandWarnings } from './reservation/command-warnings'
import { smartChargingCommandWarnings } from './smart-charging/command-warnings'
import { stationLimits } from './smart-charging/station-limits'
import { localListCommandWarnings, type LocalListContext } from './local-auth-list/command-warnings'

export interface CommandWarningDeps {
  station(stationId: string): StationRecord | undefined
  configuration(stationId: string): ConfigurationSnapshot
  /** Transactions running on the station. */
  running(stationId: string): { connectorId: number; transactionId: number }[]
  /** Profiles the CSMS believes the station holds. */
  installed(stationId: string): InstalledProfile[]
  /** The station's open reservations. */
  reservations(stationId: string): Reservation[]
  /** What Authorize would answer for a tag. */
  idTagStatus(idTag: string): string
  /** A station's local list as the CSMS knows it. */
  localList(stationId: string): LocalListContext
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
    const value = (key: string) => ownValueIgnoringCase(keys, key)?.value
    return [
      ...coreCommandWarnings(action, payload, context),
      ...smartChargingCommandWarnings(action, payload, { connectorIds, running, limits: stationLimits(keys), installed }),
      ...reservationCommandWarnings(action, payload, {
        connectorIds,
        connectors: station?.connectors ?? {},
        reserveConnectorZeroSupported: value('ReserveConnectorZeroSupported'),
        reservations: deps.reservations(stationId),
        idTagStatus: deps.idTagStatus,
        now: Date.now(),
      }),
      ...localListCommandWarnings(action, payload, deps.localList(stationId)),
      ...fileTransferCommandWarnings(action, payload, { supportedProtocols: value('SupportedFileTransferProtocols'), now: Date.now() }),
      ...triggerCommandWarnings(action, payload, { registrationStatus: station?.registrationStatus, connectorIds }),
    ]
  }
}
