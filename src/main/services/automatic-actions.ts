/**
 * What the CSMS sends by itself. Outside certification mode (settings), after a station boots
 * Accepted or Pending it may ask for the whole configuration. In certification mode nothing is
 * sent unless a person asks: the OCA test tool fails a case on any unexpected CALL.
 */
import type { OcppSettings, RegistrationStatus } from '@shared/contract/dto'

export interface AutomaticActionDeps {
  settings(): OcppSettings
  /** Starts a CS→CP call marked as automatic. */
  send(stationId: string, action: 'GetConfiguration', payload: Record<string, unknown>): void
  /** Runs `fn` after the current answer has gone out (default: setImmediate). */
  later?(fn: () => void): void
}

export class AutomaticActions {
  constructor(private readonly deps: AutomaticActionDeps) {}

  afterBoot(stationId: string, status: RegistrationStatus): void {
    const settings = this.deps.settings()
    if (settings.certificationMode || !settings.fetchConfigurationAfterBoot || status === 'Rejected') return
    // The BootNotification.conf must reach the station before our first CALL.
    const later = this.deps.later ?? ((fn: () => void) => void setImmediate(fn))
    later(() => this.deps.send(stationId, 'GetConfiguration', {}))
  }
}
