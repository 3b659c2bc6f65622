/**
 * Back-off after repeated Basic-auth failures, per source address and per identity (issue 17 §5):
 * from the 5th failure, a client waits 1 s, then 2 s, 4 s … up to 60 s before its next attempt is
 * even checked. Failures are counted only for attempts that were checked (one refused while backed
 * off does not extend the back-off); a success resets the identity's count, not the address's
 * (one good credential must not launder an address that guesses others). Counts are forgotten after
 * 10 quiet minutes. The state is two LRU-capped maps, so a flood of new addresses or identities
 * cannot grow memory without bound.
 */
import { LruMap } from './lru-map'

export interface BackoffPolicy {
  /** The failure that starts the back-off. */
  threshold: number
  /** The first back-off; each further failure doubles it. */
  firstMs: number
  maxMs: number
  /** A count with no failure for this long starts again from zero. */
  forgetAfterMs: number
  /** Addresses (and, apart, identities) remembered at most. */
  capacity: number
}

export const DEFAULT_BACKOFF: BackoffPolicy = { threshold: 5, firstMs: 1000, maxMs: 60_000, forgetAfterMs: 10 * 60_000, capacity: 4096 }

interface Failures {
  count: number
  last: number
  until: number
}

/**
 * The key an address is counted under: IPv4 as it is (also when IPv4-mapped), IPv6 by its /64, the
 * block one host can pick addresses from at will.
 */
export function sourceKey(address: string | undefined): string {
  if (!address) return '?'
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  if (mapped) return mapped[1]!
  if (!address.includes(':')) return address
  const bare = address.split('%')[0]!.toLowerCase()
  let groups = bare.split(':')
  if (bare.includes('::')) {
    const [left, right] = bare.split('::').map((part) => (part ? part.split(':') : [])) as [string[], string[]]
    groups = [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right]
  }
  return `${groups.slice(0, 4).map((group) => group.replace(/^0+(?=.)/, '')).join(':')}::/64`
}

export class FailureBackoff {
  private readonly policy: BackoffPolicy
  private readonly byAddress: LruMap<string, Failures>
  private readonly byIdentity: LruMap<string, Failures>

  constructor(
    private readonly now: () => number,
    policy: Partial<BackoffPolicy> = {},
  ) {
    this.policy = { ...DEFAULT_BACKOFF, ...policy }
    this.byAddress = new LruMap(this.policy.capacity)
    this.byIdentity = new LruMap(this.policy.capacity)
  }

  /** How long (ms) before an attempt from `address` for `identity` is checked again; 0 = now. */
  waitMs(address: string | undefined, identity: string): number {
    return Math.max(this.addressWaitMs(address), this.identityWaitMs(identity))
  }

  addressWaitMs(address: string | undefined): number {
    return this.left(this.byAddress.peek(sourceKey(address)))
  }

  identityWaitMs(identity: string): number {
    return this.left(this.byIdentity.peek(identity))
  }

  /** A checked attempt failed. Returns how long both now have to wait (0 below the threshold). */
  failed(address: string | undefined, identity: string): number {
    return Math.max(this.count(this.byAddress, sourceKey(address)), this.count(this.byIdentity, identity))
  }

  /**
   * An attempt from `address` found the password checks saturated (answered 503, not checked): it
   * counts for the address only, so sources that keep the checks busy are backed off like guessers,
   * and a station's identity is never charged for what others do.
   */
  saturated(address: string | undefined): number {
    return this.count(this.byAddress, sourceKey(address))
  }

  /** The identity proved its password: its count starts again. */
  succeeded(identity: string): void {
    this.byIdentity.delete(identity)
  }

  /** Entries held (tests; the bound). */
  get size(): { addresses: number; identities: number } {
    return { addresses: this.byAddress.size, identities: this.byIdentity.size }
  }

  private left(failures: Failures | undefined): number {
    return failures ? Math.max(0, failures.until - this.now()) : 0
  }

  private count(map: LruMap<string, Failures>, key: string): number {
    const now = this.now()
    const previous = map.get(key)
    const count = previous && now - previous.last < this.policy.forgetAfterMs ? previous.count + 1 : 1
    const wait = count < this.policy.threshold ? 0 : Math.min(this.policy.maxMs, this.policy.firstMs * 2 ** Math.min(30, count - this.policy.threshold))
    map.set(key, { count, last: now, until: now + wait })
    return wait
  }
}
