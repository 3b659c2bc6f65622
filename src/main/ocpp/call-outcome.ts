import type { Violation } from '@shared/contract/dto'

/** What became of a CALL the CSMS sent: errors are data, not exceptions. */
export type CallOutcome =
  | { kind: 'result'; messageId: string; payload: unknown; violations: Violation[] }
  | { kind: 'error'; messageId: string; code: string; description: string; details: unknown }
  | { kind: 'timeout'; messageId: string; timeoutMs: number }
  | { kind: 'closed'; messageId?: string; reason: string }
  | { kind: 'refused'; violations: Violation[]; reason: string }

export interface CallHooks {
  /** The CALL left the queue and went on the wire. */
  onSent?(messageId: string): void
}
