/**
 * What a TriggerMessage brought: once a station accepts one, the next message of the requested
 * kind it sends (for the requested connector, when one was named) is linked to the task, so the
 * operator sees the answer to the trigger (OCPP 1.6 §5.17).
 */
const WAIT_MS = 60_000

interface Pending {
  taskId: string
  action: string
  connectorId?: number
  until: number
}

export class TriggerFollowUps {
  private readonly pending = new Map<string, Pending[]>()

  constructor(
    private readonly link: (taskId: string, triggered: { action: string; messageId: string; at: string; payload: unknown }) => void,
    private readonly now: () => number = Date.now,
  ) {}

  accepted(stationId: string, taskId: string, requestedMessage: string, connectorId?: number): void {
    const list = (this.pending.get(stationId) ?? []).filter((p) => p.until > this.now())
    list.push({ taskId, action: requestedMessage, ...(connectorId !== undefined ? { connectorId } : {}), until: this.now() + WAIT_MS })
    this.pending.set(stationId, list)
  }

  /** A CALL from the station: does it answer a trigger? */
  observed(stationId: string, action: string, payload: unknown, messageId: string): void {
    const list = this.pending.get(stationId)
    if (!list?.length) return
    const connectorId = (payload as { connectorId?: unknown } | undefined)?.connectorId
    const index = list.findIndex((p) => p.until > this.now() && p.action === action && (p.connectorId === undefined || connectorId === undefined || p.connectorId === connectorId))
    if (index < 0) return
    const [match] = list.splice(index, 1)
    this.link(match!.taskId, { action, messageId, at: new Date(this.now()).toISOString(), payload })
  }
}
