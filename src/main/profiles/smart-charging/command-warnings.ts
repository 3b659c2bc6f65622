/**
 * Remarks on Smart Charging CS→CP requests (and the profile inside a RemoteStartTransaction)
 * before they are sent. Never a block.
 */
import type { ProfileTemplate } from '@shared/contract/charging-dto'
import { profileWarnings, type ProfileWarningContext } from './profile-warnings'

type Payload = Record<string, unknown>

export type SmartChargingContext = Omit<ProfileWarningContext, 'usage' | 'connectorId'> & {
  /** Connectors the station has reported (0 excluded); empty = not known yet. */
  connectorIds: number[]
}

function isProfile(value: unknown): value is ProfileTemplate {
  const p = value as Partial<ProfileTemplate> | undefined
  return typeof p === 'object' && p !== null && typeof p.chargingSchedule === 'object' && p.chargingSchedule !== null
}

function unknownConnector(ctx: SmartChargingContext, connectorId: unknown): string[] {
  if (typeof connectorId !== 'number' || connectorId <= 0 || ctx.connectorIds.length === 0 || ctx.connectorIds.includes(connectorId)) return []
  return [`Connector ${connectorId} is not one the station has reported (${ctx.connectorIds.join(', ')})`]
}

export function smartChargingCommandWarnings(action: string, payload: unknown, ctx: SmartChargingContext): string[] {
  const p = (payload ?? {}) as Payload
  switch (action) {
    case 'SetChargingProfile': {
      const warnings = unknownConnector(ctx, p.connectorId)
      if (isProfile(p.csChargingProfiles)) warnings.push(...profileWarnings(p.csChargingProfiles, { ...ctx, usage: 'SetChargingProfile', connectorId: p.connectorId as number }))
      return warnings
    }
    case 'RemoteStartTransaction':
      return isProfile(p.chargingProfile) ? profileWarnings(p.chargingProfile, { ...ctx, usage: 'RemoteStartTransaction' }) : []
    case 'ClearChargingProfile': {
      const criteria = ['connectorId', 'chargingProfilePurpose', 'stackLevel'].filter((key) => p[key] !== undefined)
      if (p.id !== undefined && criteria.length > 0) return [`With an id the station ignores the other fields (${criteria.join(', ')}) (errata 3.25)`]
      if (p.id === undefined && criteria.length === 0) return ['No id and no criteria: the station clears every charging profile it holds']
      if (p.id !== undefined && ctx.installed && !ctx.installed.some((i) => i.chargingProfileId === p.id)) {
        return [`The CSMS knows no profile ${String(p.id)} on this station: expect Unknown`]
      }
      return []
    }
    case 'GetCompositeSchedule': {
      const warnings = unknownConnector(ctx, p.connectorId)
      if (p.chargingRateUnit === undefined) warnings.push('No chargingRateUnit: the station picks one (OCTT TC_066 sends it)')
      if (typeof p.chargingRateUnit === 'string' && ctx.limits?.allowedUnits?.length) {
        const names = ctx.limits.allowedUnits.map((u) => u.toLowerCase())
        const allowed = p.chargingRateUnit === 'A' ? names.includes('current') || names.includes('a') : names.includes('power') || names.includes('w')
        if (!allowed) warnings.push(`The station allows ${ctx.limits.allowedUnits.join(', ')}, not ${p.chargingRateUnit}`)
      }
      return warnings
    }
    default:
      return []
  }
}
