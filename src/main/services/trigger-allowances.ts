/**
 * A Pending station sends nothing but BootNotification "unless triggered by TriggerMessage"
 * (OCPP 1.6 §4.2). When a station accepts a TriggerMessage, the message it was asked for is
 * allowed from it for a while (a StatusNotification trigger may bring one per connector).
 */
const WINDOW_MS = 60_000

export class TriggerAllowances {
  /** stationId → action → allowed until (epoch ms). */
  private readonly grants = new Map<string, Map<string, number>>()

  constructor(private readonly now: () => number = Date.now) {}

  granted(stationId: string, requestedMessage: string): void {
    let actions = this.grants.get(stationId)
    if (!actions) this.grants.set(stationId, (actions = new Map()))
    actions.set(requestedMessage, this.now() + WINDOW_MS)
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
