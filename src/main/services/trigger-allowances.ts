/**
 * A Pending station sends nothing but BootNotification "unless triggered by TriggerMessage"
 * (OCPP 1.6 §4.2). When a station accepts a TriggerMessage, the message it was asked for is
 * allowed from it for a while (a StatusNotification trigger may bring one per connector). Nothing
 * else opens that window: not a Rejected or NotImplemented answer, nor a CALLERROR or a timeout.
 */
export const TRIGGER_WINDOW_MS = 60_000

/** What an Accepted TriggerMessage asked for. */
export interface AcceptedTrigger {
  requestedMessage: string
  connectorId?: number
}

/** The request of a TriggerMessage the station answered Accepted; undefined for any other task or outcome. */
export function acceptedTrigger(task: { action: string; state: string; payload?: unknown; response?: unknown }): AcceptedTrigger | undefined {
  if (task.action !== 'TriggerMessage' || task.state !== 'answered' || (task.response as { status?: unknown } | undefined)?.status !== 'Accepted') return undefined
  const request = task.payload as { requestedMessage?: unknown; connectorId?: unknown } | undefined
  return { requestedMessage: String(request?.requestedMessage), ...(typeof request?.connectorId === 'number' ? { connectorId: request.connectorId } : {}) }
}

export class TriggerAllowances {
  /** stationId → action → allowed until (epoch ms). */
  private readonly grants = new Map<string, Map<string, number>>()

  constructor(private readonly now: () => number = Date.now) {}

  /** Learns from a finished task: only an Accepted TriggerMessage opens the window; returns what it asked for. */
  taskFinished(task: { stationId: string; action: string; state: string; payload?: unknown; response?: unknown }): AcceptedTrigger | undefined {
    const accepted = acceptedTrigger(task)
    if (accepted) this.granted(task.stationId, accepted.requestedMessage)
    return accepted
  }

  granted(stationId: string, requestedMessage: string): void {
    let actions = this.grants.get(stationId)
    if (!actions) this.grants.set(stationId, (actions = new Map()))
    actions.set(requestedMessage, this.now() + TRIGGER_WINDOW_MS)
  }

  allows(stationId: string, action: string): boolean {
    const until = this.grants.get(stationId)?.get(action)
    if (until === undefined) return false
    if (until >= this.now()) return true
    this.grants.get(stationId)!.delete(action)
    return false
  }

  /** A new boot starts over. */
  reset(stationId: string): void {
    this.grants.delete(stationId)
  }
}
