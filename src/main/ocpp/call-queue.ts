/**
 * Outbound CALLs of one connection: at most one in flight (OCPP-J §4.1.1), the rest queued in order,
 * each with its own timeout. Answers are matched by message id; unknown ids are reported to the caller.
 */
import { randomUUID } from 'node:crypto'
import type { CallHooks, CallOutcome } from './call-outcome'

interface QueuedCall {
  action: string
  payload: unknown
  timeoutMs: number
  hooks: CallHooks
  resolve: (outcome: CallOutcome) => void
}

interface InFlight extends QueuedCall {
  messageId: string
  timer: NodeJS.Timeout
}

export interface CallQueueOptions {
  /** Put the CALL on the wire. Returns false (or throws) when the socket is gone. */
  send(messageId: string, action: string, payload: unknown): void
}

export class CallQueue {
  private readonly queue: QueuedCall[] = []
  private inFlight: InFlight | undefined
  private closedReason: string | undefined

  constructor(private readonly options: CallQueueOptions) {}

  get size(): number {
    return this.queue.length + (this.inFlight ? 1 : 0)
  }

  /** The action of the CALL in flight, when `messageId` is its id. */
  actionOf(messageId: string): string | undefined {
    return this.inFlight?.messageId === messageId ? this.inFlight.action : undefined
  }

  enqueue(action: string, payload: unknown, timeoutMs: number, hooks: CallHooks = {}): Promise<CallOutcome> {
    return new Promise((resolve) => {
      if (this.closedReason !== undefined) {
        resolve({ kind: 'closed', reason: this.closedReason })
        return
      }
      this.queue.push({ action, payload, timeoutMs, hooks, resolve })
      this.pump()
    })
  }

  /** Settle the CALL in flight with an answer. Returns false when no CALL has that id. */
  settle(messageId: string, outcome: CallOutcome): boolean {
    const current = this.inFlight
    if (!current || current.messageId !== messageId) return false
    clearTimeout(current.timer)
    this.inFlight = undefined
    current.resolve(outcome)
    this.pump()
    return true
  }

  /** Fail the CALL in flight and everything queued; later enqueues fail at once. */
  close(reason: string): void {
    this.closedReason = reason
    const current = this.inFlight
    this.inFlight = undefined
    if (current) {
      clearTimeout(current.timer)
      current.resolve({ kind: 'closed', messageId: current.messageId, reason })
    }
    for (const call of this.queue.splice(0)) call.resolve({ kind: 'closed', reason })
  }

  private pump(): void {
    if (this.inFlight || this.closedReason !== undefined) return
    const next = this.queue.shift()
    if (!next) return
    const messageId = randomUUID()
    const timer = setTimeout(() => {
      if (this.inFlight?.messageId !== messageId) return
      this.inFlight = undefined
      next.resolve({ kind: 'timeout', messageId, timeoutMs: next.timeoutMs })
      this.pump()
    }, next.timeoutMs)
    this.inFlight = { ...next, messageId, timer }
    try {
      this.options.send(messageId, next.action, next.payload)
      next.hooks.onSent?.(messageId)
    } catch (error) {
      clearTimeout(timer)
      this.inFlight = undefined
      next.resolve({ kind: 'closed', messageId, reason: `Could not send: ${(error as Error).message}` })
      this.pump()
    }
  }
}
