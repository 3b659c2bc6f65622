/**
 * The small pieces the Basic-auth hardening is built from, at their edges: the LRU map (capacity,
 * misses that must not add entries), the proven-password fingerprints (fields kept apart, forget),
 * the check gate's limits, the address key of IPv4-mapped and IPv6 sources, and the security
 * profile raise on odd tasks.
 */
import { describe, expect, it } from 'vitest'
import type { CallTask } from '@shared/contract/dto'
import { BoundedConcurrency } from '../../../../src/main/services/auth/bounded-concurrency'
import { sourceKey } from '../../../../src/main/services/auth/failure-backoff'
import { LruMap } from '../../../../src/main/services/auth/lru-map'
import { securityProfileRaiser } from '../../../../src/main/services/auth/security-profile-raise'
import { VerifiedPasswords } from '../../../../src/main/services/auth/verified-passwords'

describe('LruMap', () => {
  it('refuses a capacity that is not a whole number of at least 1, and says so', () => {
    for (const capacity of [0, -1, 1.5, Number.NaN]) expect(() => new LruMap(capacity), String(capacity)).toThrow(/capacity must be a whole number ≥ 1/)
    expect(new LruMap(1).capacity).toBe(1)
  })

  it('a miss adds nothing; clear empties it', () => {
    const map = new LruMap<string, number>(2)
    map.set('a', 1)
    expect(map.get('b')).toBeUndefined()
    expect(map.size).toBe(1)
    map.clear()
    expect(map.size).toBe(0)
    expect(map.get('a')).toBeUndefined()
  })
})

describe('VerifiedPasswords', () => {
  const cred = (salt: string, hash: string) => ({ algorithm: 'scrypt' as const, salt, hash, updatedAt: 't' })

  it('a proven password is recognised for its identity and credential only, until forgotten', () => {
    const v = new VerifiedPasswords()
    const c = cred('salt', 'hash')
    v.remember('CP1', Buffer.from('pw'), c)
    expect(v.match('CP1', Buffer.from('pw'), [c])).toBe(c)
    expect(v.match('CP2', Buffer.from('pw'), [c])).toBeUndefined()
    v.forget('CP1')
    expect(v.match('CP1', Buffer.from('pw'), [c])).toBeUndefined()
  })

  it('salt, hash and password are kept apart: moving bytes from one to the next matches nothing', () => {
    const v = new VerifiedPasswords()
    v.remember('CP1', Buffer.from('d'), cred('ab', 'c'))
    expect(v.match('CP1', Buffer.from('d'), [cred('a', 'bc')])).toBeUndefined()
    expect(v.match('CP1', Buffer.from(''), [cred('ab', 'cd')])).toBeUndefined()
  })
})

describe('BoundedConcurrency', () => {
  it('refuses a limit below 1 or a queue below 0, or numbers that are not whole, and says which', () => {
    for (const limit of [0, 1.5]) expect(() => new BoundedConcurrency(limit, 1), String(limit)).toThrow(/limit must be a whole number ≥ 1/)
    for (const queued of [-1, 0.5]) expect(() => new BoundedConcurrency(1, queued), String(queued)).toThrow(/maxQueued must be a whole number ≥ 0/)
    expect(new BoundedConcurrency(1, 0).maxQueued).toBe(0)
  })
})

describe('sourceKey', () => {
  it('an IPv4-mapped address counts as its IPv4 address, only when it is exactly that', () => {
    expect(sourceKey('::ffff:10.0.33.4')).toBe('10.0.33.4')
    expect(sourceKey('::FFFF:10.20.3.4')).toBe('10.20.3.4')
    expect(sourceKey('fe80::ffff:10.0.0.1')).toBe('fe80:0:0:0::/64')
    expect(sourceKey('::ffff:10.0.0.1:5')).toBe('0:0:0:0::/64')
  })

  it('an IPv6 address counts by its /64, with the groups a :: stands for filled in', () => {
    expect(sourceKey('1::2:3:4:5:6:7')).toBe('1:0:2:3::/64')
    expect(sourceKey('2001:db8::1')).toBe('2001:db8:0:0::/64')
  })
})

describe('security profile raise on odd tasks', () => {
  function setup(profiles: Record<string, number | undefined>) {
    const set: [string, number][] = []
    const raise = securityProfileRaiser({
      station: (id) => (id in profiles ? { securityProfile: profiles[id] } : undefined),
      setSecurityProfile: (id, profile) => void set.push([id, profile]),
      logger: { info: () => undefined },
    })
    const task = (over: Partial<CallTask>) => ({ id: 't', stationId: 'CP1', action: 'ChangeConfiguration', state: 'answered', payload: { key: 'SecurityProfile', value: '1' }, response: { status: 'Accepted' }, createdAt: 'x', ...over }) as CallTask
    return { raise, set, task }
  }

  it('a task without a payload, with a key that is not text, or without an answer raises nothing and does not throw', () => {
    const s = setup({ CP1: 0 })
    s.raise(s.task({ payload: undefined }))
    s.raise(s.task({ payload: { key: 5, value: '1' } }))
    s.raise(s.task({ response: undefined }))
    expect(s.set).toEqual([])
  })

  it('a station the CSMS does not know yet counts as profile 0', () => {
    const s = setup({})
    s.raise(s.task({ stationId: 'CP-NEW' }))
    expect(s.set).toEqual([['CP-NEW', 1]])
  })

  it('the same profile again is not set again', () => {
    const s = setup({ CP1: 1 })
    s.raise(s.task({}))
    expect(s.set).toEqual([])
  })
})
