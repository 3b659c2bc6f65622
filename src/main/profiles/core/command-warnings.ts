/**
 * Remarks on a Core CS→CP request before it is sent. They never block: certification sends unknown
 * transaction ids, connectors beyond the last one and invalid values on purpose.
 */
import type { RegistrationStatus } from '@shared/contract/dto'
import { ownValueIgnoringCase } from '@shared/util/id-record'

export interface CommandContext {
  registrationStatus?: RegistrationStatus
  /** Connectors the station has reported (0 excluded); empty = not known yet. */
  connectorIds: number[]
  /** The configuration snapshot (keys as the station spells them). */
  configuration: Record<string, { value?: string; readonly: boolean }>
  /** Transactions running on the station; undefined = not known. */
  activeTransactionIds?: number[]
}

type Payload = Record<string, unknown>

function configValue(ctx: CommandContext, key: string): { value?: string; readonly: boolean } | undefined {
  return ownValueIgnoringCase(ctx.configuration, key)
}

function connectorWarning(ctx: CommandContext, connectorId: unknown): string[] {
  if (typeof connectorId !== 'number' || connectorId <= 0 || ctx.connectorIds.length === 0) return []
  if (ctx.connectorIds.includes(connectorId)) return []
  return [`Connector ${connectorId} is not one the station has reported (${ctx.connectorIds.join(', ')}); it will probably answer NotSupported or Rejected`]
}

export function coreCommandWarnings(action: string, payload: unknown, ctx: CommandContext): string[] {
  const p = (payload ?? {}) as Payload
  const warnings: string[] = []
  if (ctx.registrationStatus === 'Rejected') warnings.push('The station was Rejected at boot: a Central System should not send it anything (OCPP 1.6 §4.2)')
  if (ctx.registrationStatus === 'Pending' && (action === 'RemoteStartTransaction' || action === 'RemoteStopTransaction')) {
    warnings.push(`${action} is not allowed while the station is Pending (OCPP 1.6 §4.2)`)
  }
  switch (action) {
    case 'RemoteStartTransaction': {
      if (p.connectorId === undefined) warnings.push('No connectorId: the station picks one, or may reject the request')
      else if (p.connectorId === 0) warnings.push('connectorId 0 is not a connector: the station should reject it')
      else warnings.push(...connectorWarning(ctx, p.connectorId))
      // The charging profile inside is checked by the Smart Charging warnings.
      break
    }
    case 'RemoteStopTransaction':
      if (ctx.activeTransactionIds && !ctx.activeTransactionIds.includes(p.transactionId as number)) {
        warnings.push(`Transaction ${String(p.transactionId)} is not running on this station as far as the CSMS knows; expect Rejected`)
      }
      break
    case 'ChangeConfiguration': {
      const key = String(p.key ?? '')
      const known = configValue(ctx, key)
      if (known?.readonly) warnings.push(`${key} is read-only on this station; expect Rejected`)
      else if (!known && Object.keys(ctx.configuration).length > 0 && key.toLowerCase() !== 'authorizationkey') {
        warnings.push(`${key} is not in the station's last reported configuration; expect NotSupported`)
      }
      if (key.toLowerCase() === 'authorizationkey' && !/^(?:[0-9a-fA-F]{2}){16,20}$/.test(String(p.value ?? ''))) {
        warnings.push('AuthorizationKey should be the hex of a 16–20 byte password (32–40 hex digits)')
      }
      break
    }
    case 'GetConfiguration': {
      const keys = Array.isArray(p.key) ? p.key.length : 0
      const max = Number(configValue(ctx, 'GetConfigurationMaxKeys')?.value)
      if (Number.isFinite(max) && max > 0 && keys > max) warnings.push(`${keys} keys asked, but the station answers at most ${max} per request (GetConfigurationMaxKeys)`)
      break
    }
    case 'UnlockConnector':
    case 'ChangeAvailability':
      if (action === 'UnlockConnector' && p.connectorId === 0) warnings.push('connectorId 0 is not a connector: expect NotSupported')
      warnings.push(...connectorWarning(ctx, p.connectorId))
      break
  }
  return warnings
}
