/** Open connections counted per remote address and in total, against limits read at each admission. */

export interface ConnectionLimitValues {
  total: number
  perAddress: number
}

/** IPv4-mapped IPv6 addresses count as their IPv4 address. */
export function addressKey(address: string | undefined): string {
  if (!address) return '?'
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address
}

export class ConnectionLimits {
  private readonly perAddress = new Map<string, number>()
  private total = 0

  constructor(private readonly limits: () => ConnectionLimitValues) {}

  /** Counts a new connection from `address`, or says which limit it would pass. */
  admit(address: string | undefined): { ok: true; release: () => void } | { ok: false; reason: 'total' | 'address' } {
    const key = addressKey(address)
    const { total, perAddress } = this.limits()
    if (this.total >= total) return { ok: false, reason: 'total' }
    const mine = this.perAddress.get(key) ?? 0
    if (mine >= perAddress) return { ok: false, reason: 'address' }
    this.perAddress.set(key, mine + 1)
    this.total++
    let released = false
    return {
      ok: true,
      release: () => {
        if (released) return
        released = true
        this.total--
        const left = (this.perAddress.get(key) ?? 1) - 1
        if (left <= 0) this.perAddress.delete(key)
        else this.perAddress.set(key, left)
      },
    }
  }

  get open(): number {
    return this.total
  }
}
