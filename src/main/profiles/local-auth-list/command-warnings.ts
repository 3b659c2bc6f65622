/**
 * Remarks on SendLocalList and GetLocalListVersion before they are sent (spec notes §7; errata
 * 3.52; OCTT TC_042, TC_043). Never a block.
 */
import type { AuthorizationData } from '@shared/ocpp/payloads'

export interface LocalListLimits {
  sendLocalListMaxLength?: number
  localAuthListMaxLength?: number
  enabled?: boolean
}

export interface LocalListContext {
  expectedVersion?: number
  reportedVersion?: number
  limits: LocalListLimits
}

export function localListCommandWarnings(action: string, payload: unknown, ctx: LocalListContext): string[] {
  if (action !== 'SendLocalList') return []
  const p = (payload ?? {}) as { listVersion?: unknown; updateType?: unknown; localAuthorizationList?: AuthorizationData[] }
  const warnings: string[] = []
  const entries = Array.isArray(p.localAuthorizationList) ? p.localAuthorizationList : []
  if (p.listVersion === 0 || p.listVersion === -1) warnings.push(`listVersion ${String(p.listVersion)} means "empty" or "not supported": never send it (errata 3.52)`)
  if (p.updateType === 'Full') {
    const bare = entries.filter((e) => e.idTagInfo === undefined).length
    if (bare > 0) warnings.push(`${bare} entr${bare === 1 ? 'y has' : 'ies have'} no idTagInfo: a Full update must carry it on every entry (OCPP 1.6 §7.1, TC_043_4)`)
  }
  const current = Math.max(ctx.expectedVersion ?? 0, ctx.reportedVersion ?? 0)
  if (p.updateType === 'Differential' && typeof p.listVersion === 'number' && current > 0 && p.listVersion <= current) {
    warnings.push(`listVersion ${p.listVersion} is not above the station's ${current}: expect VersionMismatch`)
  }
  const { sendLocalListMaxLength, localAuthListMaxLength, enabled } = ctx.limits
  if (sendLocalListMaxLength !== undefined && entries.length > sendLocalListMaxLength) {
    warnings.push(`${entries.length} entries in one message, more than the station's SendLocalListMaxLength (${sendLocalListMaxLength}): send it in chunks`)
  }
  if (localAuthListMaxLength !== undefined && p.updateType === 'Full' && entries.length > localAuthListMaxLength) {
    warnings.push(`${entries.length} entries, more than the station's LocalAuthListMaxLength (${localAuthListMaxLength})`)
  }
  if (enabled === false) warnings.push('LocalAuthListEnabled is false on the station: it keeps the list but does not use it')
  return warnings
}
