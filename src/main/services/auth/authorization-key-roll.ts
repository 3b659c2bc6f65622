/**
 * TC_073: a ChangeConfiguration(AuthorizationKey) gives a station a new Basic-auth password. The
 * new key must be the only one accepted the instant the station's Accepted arrives, so the answer
 * is acted on synchronously, where it is parsed, before any other socket is served; the stored
 * credential follows.
 *
 * - When the CALL goes out, the new password's hash is started, and once ready it is stored next to
 *   the old one (`previous`): until the answer, both are accepted (the station may apply the key and
 *   drop the connection before answering).
 * - Accepted: from that moment only the new one is accepted (admission awaits its hash if it is not
 *   ready yet); then it is stored alone, durably.
 * - Rejected, NotSupported, a CALLERROR, or a CALL that never went out: the old one stays.
 * - No clear answer (timeout, connection lost, RebootRequired, an answer that could not be used) or a crash before the final write:
 *   both stay accepted, also across a restart, until the station connects with the new one; from
 *   then on only the new one is.
 * - A password set by the operator meanwhile wins: the roll never overwrites a credential it did
 *   not start from or write itself.
 */
import type { CallHooks, CallOutcome } from '../../ocpp/call-outcome'
import type { CsToCpAction } from '@shared/ocpp/actions'
import type { CallTarget } from '../call-service'
import { hashPassword, passwordFromAuthorizationKey, type PasswordHash, type StoredCredential } from '../basic-auth'

export interface CredentialStore {
  get(stationId: string): StoredCredential | undefined
  /** Resolves once durably written. */
  set(stationId: string, credential: StoredCredential | undefined): Promise<void>
}

/** What a station may present right now. */
export interface AcceptedCredentials {
  credentials: PasswordHash[]
  /** It may also connect without any password (when no setting demands one). */
  withoutPassword: boolean
}

export interface AuthorizationKeyRollOptions {
  credentials: CredentialStore
  now(): string
  log: Pick<Console, 'info' | 'warn' | 'error'>
  hash?(password: Buffer, now: string): Promise<PasswordHash>
}

type Phase = 'sent' | 'accepted' | 'refused' | 'unknown'

interface Roll {
  /** The stored credential when the CALL went out. */
  base: StoredCredential | undefined
  next: Promise<PasswordHash>
  /** `next`, once hashed. */
  ready?: PasswordHash
  phase: Phase
  /** The hash of the last record this roll stored. */
  written?: string
  /** The first write (new and old side by side). */
  stored: Promise<void>
  settling?: boolean
  why?: string
}

const plain = ({ algorithm, salt, hash, updatedAt }: PasswordHash): PasswordHash => ({ algorithm, salt, hash, updatedAt })

/** The credentials a stored record accepts. */
export function acceptedBy(record: StoredCredential | undefined): AcceptedCredentials {
  if (!record) return { credentials: [], withoutPassword: true }
  const { previous } = record
  return { credentials: previous && previous !== 'none' ? [plain(record), previous] : [plain(record)], withoutPassword: previous === 'none' }
}

/** The value of a ChangeConfiguration(AuthorizationKey) CALL, else undefined. */
function authorizationKeyValue(action: string, payload: unknown): string | undefined {
  if (action !== 'ChangeConfiguration' || typeof payload !== 'object' || payload === null) return undefined
  const { key, value } = payload as { key?: unknown; value?: unknown }
  return typeof key === 'string' && key.toLowerCase() === 'authorizationkey' && typeof value === 'string' ? value : undefined
}

export class AuthorizationKeyRoll {
  private readonly rolls = new Map<string, Roll>()
  /** Writes still on their way to disk. */
  private readonly writing = new Set<Promise<unknown>>()
  private readonly hash: (password: Buffer, now: string) => Promise<PasswordHash>

  constructor(private readonly options: AuthorizationKeyRollOptions) {
    this.hash = options.hash ?? hashPassword
  }

  /** The connection as the call service should use it: AuthorizationKey changes going through it roll the key. */
  track(stationId: string, target: CallTarget | undefined): CallTarget | undefined {
    if (!target) return undefined
    return {
      call: (action: CsToCpAction, payload: unknown, hooks?: CallHooks): Promise<CallOutcome> => {
        const value = authorizationKeyValue(action, payload)
        if (value === undefined) return target.call(action, payload, hooks)
        const roll = this.begin(stationId, value)
        // Runs as the answer settles the CALL, before the call service sees it and before any other I/O.
        return target.call(action, payload, hooks).then((outcome) => {
          this.answered(stationId, roll, outcome)
          return outcome
        })
      },
    }
  }

  /** What `stationId` may present now (the new key alone from the instant it was accepted). */
  async accepted(stationId: string): Promise<AcceptedCredentials> {
    const roll = this.rolls.get(stationId)
    const stored = this.options.credentials.get(stationId)
    if (!roll || !this.holds(roll, stored)) return acceptedBy(stored)
    if (roll.phase === 'refused') return acceptedBy(roll.base)
    const next = await roll.next.catch(() => undefined)
    if (!next) return acceptedBy(stored)
    if (roll.phase === 'accepted') return { credentials: [next], withoutPassword: false }
    const before = acceptedBy(roll.base)
    return { credentials: [next, ...before.credentials], withoutPassword: before.withoutPassword }
  }

  /** Resolves once every roll under way has written what it knows (before the storage closes). */
  async settled(): Promise<void> {
    while (this.writing.size > 0) await Promise.allSettled([...this.writing])
  }

  /** `stationId` connected with `credential`: if that is a new key whose fate was open, it is now the only one. */
  proven(stationId: string, credential: PasswordHash): void {
    const roll = this.rolls.get(stationId)
    if (roll && roll.ready?.hash === credential.hash && roll.phase !== 'accepted' && roll.phase !== 'refused') {
      roll.phase = 'accepted'
      this.settle(stationId, roll)
      return
    }
    const stored = this.options.credentials.get(stationId)
    if (stored?.previous === undefined || stored.hash !== credential.hash) return
    this.pending(
      this.options.credentials.set(stationId, plain(stored)).then(
        () => this.options.log.info(`${stationId} connected with its new AuthorizationKey: the old password is refused from now on`),
        (error: unknown) => this.options.log.error(`Keeping the new AuthorizationKey of ${stationId} failed: ${(error as Error).message}`),
      ),
    )
  }

  private begin(stationId: string, value: string): Roll {
    const base = this.options.credentials.get(stationId)
    const next = this.hash(passwordFromAuthorizationKey(value), this.options.now())
    const roll: Roll = { base, next, phase: 'sent', stored: Promise.resolve() }
    this.rolls.set(stationId, roll) // a later change supersedes an earlier one still open
    roll.stored = this.pending(
      next.then(
        async (credential) => {
          roll.ready = credential
          if (roll.phase === 'sent' || roll.phase === 'unknown') await this.write(stationId, roll, { ...plain(credential), previous: base ? plain(base) : 'none' })
        },
        (error: unknown) => {
          this.options.log.error(`The new AuthorizationKey of ${stationId} could not be hashed: ${(error as Error).message}`)
          if (this.rolls.get(stationId) === roll) this.rolls.delete(stationId)
        },
      ),
    )
    return roll
  }

  private answered(stationId: string, roll: Roll, outcome: CallOutcome): void {
    if (this.rolls.get(stationId) !== roll || roll.phase === 'accepted') return
    const status = outcome.kind === 'result' ? (outcome.payload as { status?: unknown } | undefined)?.status : undefined
    if (status === 'Accepted') roll.phase = 'accepted'
    else if (status === 'Rejected' || status === 'NotSupported' || outcome.kind === 'error' || outcome.kind === 'refused' || (outcome.kind === 'closed' && outcome.messageId === undefined)) {
      roll.phase = 'refused'
    } else {
      roll.phase = 'unknown'
      roll.why = status === 'RebootRequired' ? 'it answered RebootRequired' : outcome.kind === 'result' || outcome.kind === 'malformed' ? 'its answer was not valid' : outcome.kind === 'timeout' ? 'no answer came' : 'the connection closed before its answer'
    }
    this.settle(stationId, roll)
  }

  private settle(stationId: string, roll: Roll): void {
    if (roll.settling) return
    roll.settling = true
    const { log } = this.options
    const settling = roll.stored
      .then(async () => {
        if (this.rolls.get(stationId) !== roll) return
        if (roll.phase === 'accepted') {
          const next = await roll.next
          if (await this.write(stationId, roll, plain(next))) log.info(`${stationId} accepted a new AuthorizationKey: only the new password is accepted from now on`)
        } else if (roll.phase === 'refused') {
          if (roll.written !== undefined) await this.write(stationId, roll, roll.base)
        } else {
          log.warn(`${stationId} and its new AuthorizationKey: ${roll.why ?? 'no answer yet'}, so both the old and the new password are accepted until it connects with the new one`)
        }
      })
      .catch((error: unknown) => log.error(`Keeping the AuthorizationKey of ${stationId} failed: ${(error as Error).message}`))
      .finally(() => {
        if (this.rolls.get(stationId) === roll) this.rolls.delete(stationId)
      })
    void this.pending(settling)
  }

  private pending<T>(promise: Promise<T>): Promise<T> {
    const settled = promise.then(
      () => undefined,
      () => undefined,
    )
    this.writing.add(settled)
    void settled.then(() => this.writing.delete(settled))
    return promise
  }

  /** Does the store still hold what this roll started from or wrote (no one else changed it)? */
  private holds(roll: Roll, stored: StoredCredential | undefined): boolean {
    if (roll.written !== undefined) return stored?.hash === roll.written
    return stored?.hash === roll.base?.hash
  }

  /** Compare-and-set: writes only over what the roll started from or wrote itself. */
  private async write(stationId: string, roll: Roll, record: StoredCredential | undefined): Promise<boolean> {
    if (this.rolls.get(stationId) !== roll || !this.holds(roll, this.options.credentials.get(stationId))) {
      if (this.rolls.get(stationId) === roll) this.rolls.delete(stationId)
      return false
    }
    roll.written = record?.hash ?? ''
    await this.options.credentials.set(stationId, record)
    return true
  }
}
