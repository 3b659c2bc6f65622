/**
 * TC_083: a station that accepts a higher SecurityProfile must connect with it from then on; a
 * profile is never lowered over OCPP (security whitepaper A00.FR.005): only the operator lowers it.
 */
import type { CallTask } from '@shared/contract/dto'

export interface SecurityProfileRaiseDeps {
  station(id: string): { securityProfile?: number } | undefined
  setSecurityProfile(id: string, profile: 1 | 2): void
  logger: Pick<Console, 'info'>
}

/** Learns from a finished task: an Accepted ChangeConfiguration(SecurityProfile) raises the station's profile, never lowers it. */
export function securityProfileRaiser(deps: SecurityProfileRaiseDeps): (task: CallTask) => void {
  return (task) => {
    const request = task.payload as { key?: unknown; value?: unknown } | undefined
    if (task.action !== 'ChangeConfiguration' || task.state !== 'answered' || typeof request?.key !== 'string' || request.key.toLowerCase() !== 'securityprofile') return
    if ((task.response as { status?: unknown })?.status !== 'Accepted') return
    const profile = Number(request.value)
    const current = deps.station(task.stationId)?.securityProfile ?? 0
    if ((profile === 1 || profile === 2) && profile > current) {
      deps.setSecurityProfile(task.stationId, profile)
      deps.logger.info(`${task.stationId} accepted SecurityProfile ${profile}: connections below it are refused from now on`)
    }
  }
}
