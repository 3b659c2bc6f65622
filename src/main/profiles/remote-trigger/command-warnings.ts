/** Remarks on TriggerMessage before it is sent (spec notes §10; errata 3.35/3.40; OCTT TC_054, TC_055). Never a block. */
export interface TriggerContext {
  registrationStatus?: string
  /** Connectors the station has reported (0 excluded); empty = not known yet. */
  connectorIds: number[]
}

export function triggerCommandWarnings(action: string, payload: unknown, ctx: TriggerContext): string[] {
  if (action !== 'TriggerMessage') return []
  const p = (payload ?? {}) as { requestedMessage?: unknown; connectorId?: unknown }
  const warnings: string[] = []
  if (p.requestedMessage === 'BootNotification' && ctx.registrationStatus === 'Accepted') {
    warnings.push('The station was Accepted at its last boot: a Central System shall not trigger BootNotification until the next boot (errata 3.40); expect Rejected or NotImplemented')
  }
  if (typeof p.connectorId === 'number') {
    if (p.connectorId === 0) warnings.push('connectorId 0 is the charge point itself; leave it out to ask for every connector')
    else if (ctx.connectorIds.length > 0 && !ctx.connectorIds.includes(p.connectorId)) warnings.push(`Connector ${p.connectorId} is not one the station has reported (${ctx.connectorIds.join(', ')}): expect Rejected (TC_055)`)
  }
  if (p.requestedMessage === 'StatusNotification' && p.connectorId === undefined) warnings.push('No connectorId: the station sends one StatusNotification per connector, and one for connector 0')
  return warnings
}
