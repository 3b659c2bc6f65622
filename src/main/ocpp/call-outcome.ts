import type { Violation } from '@shared/contract/dto'

/** What became of a CALL the CSMS sent: errors are data, not exceptions. */
export type CallOutcome =
  /** `payload` is the sanitised answer (payload-sanitizer.ts): of the types its schema declares. */
  | { kind: 'result'; messageId: string; payload: unknown; violations: Violation[] }
  | { kind: 'error'; messageId: string; code: string; description: string; details: unknown }
  | { kind: 'timeout'; messageId: string; timeoutMs: number }
  | { kind: 'closed'; messageId?: string; reason: string }
  | { kind: 'refused'; violations: Violation[]; reason: string }
  /** The station answered, but its answer could not be used (schema, range, nesting): nothing of it is handed on. */
  | { kind: 'malformed'; messageId: string; violations: Violation[]; reason: string }

export interface CallHooks {
  /** The CALL left the queue and went on the wire. */
  onSent?(messageId: string): void
}
