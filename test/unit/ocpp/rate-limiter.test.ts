/**
 * A station's frame rate (token bucket) and saying once what keeps happening (rate-limiter.ts),
 * on an injected clock.
 */
import { describe, expect, it } from 'vitest'
import { RateLimiter, RepeatSuppressor } from '../../../src/main/ocpp/rate-limiter'

function clock(start = 1_000_000) {
  const state = { now: start }
  return { now: () => state.now, advance: (ms: number) => void (state.now += ms) }
}
const takes = (limiter: RateLimiter, n: number) => Array.from({ length: n }, () => limiter.take())

describe('the rate limit', () => {
  it('lets a burst of twice the rate through, then one frame per 1/rate seconds', () => {
    const c = clock()
    const limiter = new RateLimiter(() => 2, c.now)
    expect(takes(limiter, 5)).toEqual([true, true, true, true, false])
    c.advance(499)
    expect(limiter.take()).toBe(false)
    c.advance(1)
    expect(takes(limiter, 2)).toEqual([true, false])
  })

  it('a long pause refills the bucket only up to the burst', () => {
    const c = clock()
    const limiter = new RateLimiter(() => 1, c.now)
    takes(limiter, 2)
    c.advance(60_000)
    expect(takes(limiter, 3)).toEqual([true, true, false])
  })

  it('0 (or less) means no limit, and the setting is read on every frame', () => {
    const c = clock()
    let rate = 0
    const limiter = new RateLimiter(() => rate, c.now)
    expect(takes(limiter, 1000).every(Boolean)).toBe(true)
    rate = -1
    expect(takes(limiter, 10).every(Boolean)).toBe(true)
    rate = 1
    expect(takes(limiter, 3)).toEqual([true, false, false])
  })
})

describe('saying once what keeps happening', () => {
  it('the first occurrence is said at once, repeats within the window are counted, and the count comes with the next one after it', () => {
    const c = clock()
    const repeats = new RepeatSuppressor(1000, c.now)
    expect(repeats.check('a')).toBe(0)
    expect(repeats.check('a')).toBeUndefined()
    c.advance(999)
    expect(repeats.check('a')).toBeUndefined()
    expect(repeats.check('b')).toBe(0)
    c.advance(1)
    expect(repeats.check('a')).toBe(2)
    expect(repeats.check('a')).toBeUndefined()
    c.advance(1000)
    expect(repeats.check('a')).toBe(1)
    c.advance(1000)
    expect(repeats.check('a')).toBe(0)
  })

  it('the window is 10 s unless told otherwise', () => {
    const c = clock()
    const repeats = new RepeatSuppressor(undefined, c.now)
    repeats.check('a')
    c.advance(9_999)
    expect(repeats.check('a')).toBeUndefined()
    c.advance(1)
    expect(repeats.check('a')).toBe(1)
  })

  it('remembers at most 100 kinds: the oldest is forgotten first', () => {
    const c = clock()
    const repeats = new RepeatSuppressor(10_000, c.now)
    for (let i = 0; i < 100; i += 1) repeats.check(`k${i}`)
    expect(repeats.check('k0')).toBeUndefined()
    repeats.check('k100')
    expect(repeats.check('k0')).toBe(0)
    expect(repeats.check('k99')).toBeUndefined()
  })
})
