/**
 * Passwords already proven, per identity, so that a good station reconnecting is admitted without
 * another scrypt run, and never waits behind a flood of wrong passwords. What is kept is a
 * fingerprint, HMAC-SHA-256 under a key made up at start and held only in memory, of the presented
 * password together with the stored credential's salt and hash: it is useless outside this process,
 * matches nothing once the credential changes, and a wrong password (which never has a fingerprint
 * here) still goes to scrypt. One fingerprint per identity, in an LRU-capped map.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { PasswordHash } from '../basic-auth'
import { LruMap } from './lru-map'

export class VerifiedPasswords {
  private readonly key = randomBytes(32)
  private readonly byIdentity: LruMap<string, Buffer>

  constructor(capacity = 4096) {
    this.byIdentity = new LruMap(capacity)
  }

  /** The credential among `candidates` that `presented` was proven against before, if any. */
  match<C extends PasswordHash>(identity: string, presented: Buffer, candidates: readonly C[]): C | undefined {
    const known = this.byIdentity.get(identity)
    if (!known) return undefined
    return candidates.find((candidate) => timingSafeEqual(this.fingerprint(presented, candidate), known))
  }

  remember(identity: string, presented: Buffer, credential: PasswordHash): void {
    this.byIdentity.set(identity, this.fingerprint(presented, credential))
  }

  forget(identity: string): void {
    this.byIdentity.delete(identity)
  }

  private fingerprint(presented: Buffer, credential: PasswordHash): Buffer {
    return createHmac('sha256', this.key).update(credential.salt).update('\0').update(credential.hash).update('\0').update(presented).digest()
  }
}
