import { describe, expect, it } from 'vitest'
import { FailureBackoff, sourceKey } from '../../../../src/main/services/auth/failure-backoff'

function clockAt(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = start
  return { now: () => t, advance: (ms) => void (t += ms) }
}

describe('back-off after repeated Basic-auth failures', () => {
  it('starts at the 5th failure with 1 s and doubles up to 60 s', () => {
    const clock = clockAt()
    const backoff = new FailureBackoff(clock.now)
    const waits: number[] = []
    for (let i = 0; i < 13; i += 1) {
      waits.push(backoff.failed('10.0.0.1', 'CP1'))
      clock.advance(waits.at(-1)!) // the next attempt comes when it may
    }
    expect(waits).toEqual([0, 0, 0, 0, 1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000])
  })

  it('backs off the address for every identity and the identity from every address', () => {
    const clock = clockAt()
    const backoff = new FailureBackoff(clock.now)
    for (let i = 0; i < 5; i += 1) backoff.failed('10.0.0.1', `CP${i}`)
    expect(backoff.waitMs('10.0.0.1', 'CP-OTHER')).toBe(1000)
    expect(backoff.waitMs('10.0.0.2', 'CP0')).toBe(0)
    for (let i = 0; i < 5; i += 1) backoff.failed(`10.0.1.${i}`, 'CP-X')
    expect(backoff.waitMs('10.9.9.9', 'CP-X')).toBe(1000)
    clock.advance(400)
    expect(backoff.waitMs('10.9.9.9', 'CP-X')).toBe(600)
    clock.advance(600)
    expect(backoff.waitMs('10.9.9.9', 'CP-X')).toBe(0)
  })

  it('a success resets the identity, not the address', () => {
    const clock = clockAt()
    const backoff = new FailureBackoff(clock.now)
    for (let i = 0; i < 4; i += 1) backoff.failed('10.0.0.1', 'CP1')
    backoff.succeeded('CP1')
    expect(backoff.failed('10.0.0.2', 'CP1')).toBe(0) // the identity's count started again
    expect(backoff.failed('10.0.0.1', 'CP2')).toBe(1000) // the address's 5th
  })

  it('forgets a count after ten quiet minutes', () => {
    const clock = clockAt()
    const backoff = new FailureBackoff(clock.now)
    for (let i = 0; i < 4; i += 1) backoff.failed('10.0.0.1', 'CP1')
    clock.advance(10 * 60_000)
    expect(backoff.failed('10.0.0.1', 'CP1')).toBe(0)
  })

  it('holds a bounded number of addresses and identities, whatever a flood sends', () => {
    const clock = clockAt()
    const backoff = new FailureBackoff(clock.now, { capacity: 100 })
    for (let i = 0; i < 10_000; i += 1) backoff.failed(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, `CP-${i}`)
    expect(backoff.size).toEqual({ addresses: 100, identities: 100 })
  })

  it('counts IPv4-mapped addresses as IPv4 and IPv6 addresses by their /64', () => {
    expect(sourceKey('::ffff:192.168.1.20')).toBe('192.168.1.20')
    expect(sourceKey('127.0.0.1')).toBe('127.0.0.1')
    expect(sourceKey('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64')
    expect(sourceKey('2001:0db8:0001:0002:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64')
    expect(sourceKey('2001:db8::1')).toBe('2001:db8:0:0::/64')
    expect(sourceKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64')
    expect(sourceKey('::1')).toBe('0:0:0:0::/64')
    expect(sourceKey(undefined)).toBe('?')
    const clock = clockAt()
    const backoff = new FailureBackoff(clock.now)
    for (let i = 1; i <= 5; i += 1) backoff.failed(`2001:db8:1:2::${i}`, `CP${i}`)
    expect(backoff.waitMs('2001:db8:1:2:ffff::9', 'CP-NEW')).toBe(1000)
  })
})
