/**
 * Identities that connected but were never accepted (issue 20 §3): kept in memory only, the most
 * recent MAX_UNKNOWN_IDENTITIES of them, so thousands of unknown or hostile identities cannot grow
 * the state file. One is saved (leaves this list) once its boot is Accepted or the operator acts on
 * it (registration, security profile, password, overrides).
 */
import type { StationRecord, ViolationRecord } from '@shared/contract/dto'

export const MAX_UNKNOWN_IDENTITIES = 1_000
/** Schema violations kept per unknown identity (its count goes on). */
const MAX_VIOLATIONS = 20

export interface UnknownIdentityCounts {
  /** Identities kept now (at most `cap`). */
  kept: number
  /** Identities forgotten to make room for newer ones since the app started. */
  dropped: number
  cap: number
}

export class UnknownIdentities {
  /** Insertion order is recency: a touched identity moves to the end. */
  private readonly records = new Map<string, StationRecord>()
  private readonly violations = new Map<string, ViolationRecord[]>()
  private dropped = 0

  constructor(private readonly cap = MAX_UNKNOWN_IDENTITIES) {}

  get(id: string): StationRecord | undefined {
    return this.records.get(id)
  }

  has(id: string): boolean {
    return this.records.has(id)
  }

  /** Keeps the record as the most recent; the oldest are forgotten beyond the cap. */
  put(record: StationRecord): void {
    this.records.delete(record.id)
    this.records.set(record.id, record)
    while (this.records.size > this.cap) {
      const oldest = this.records.keys().next().value as string
      this.remove(oldest)
      this.dropped += 1
    }
  }

  /** Takes the identity out (it is being saved, or forgotten). */
  remove(id: string): StationRecord | undefined {
    const record = this.records.get(id)
    this.records.delete(id)
    this.violations.delete(id)
    return record
  }

  list(): StationRecord[] {
    return [...this.records.values()]
  }

  recordViolation(id: string, violation: ViolationRecord): StationRecord | undefined {
    const record = this.records.get(id)
    if (!record) return undefined
    const kept = [...(this.violations.get(id) ?? []), violation].slice(-MAX_VIOLATIONS)
    this.violations.set(id, kept)
    const next = { ...record, violationCount: record.violationCount + 1 }
    this.put(next)
    return next
  }

  recentViolations(id: string): ViolationRecord[] {
    return [...(this.violations.get(id) ?? [])].reverse()
  }

  counts(): UnknownIdentityCounts {
    return { kept: this.records.size, dropped: this.dropped, cap: this.cap }
  }
}
