import type { IncomingMessage } from 'node:http'
import { describe, expect, it } from 'vitest'
import { cookieValues, MAX_COOKIE_PAIRS } from '../../../src/main/web/cookies'
import { TOKEN_COOKIE, tokenCheck } from '../../../src/main/web/http-util'

const TOKEN = 'a-test-token-that-is-long-enough'

function request(headers: Record<string, string | undefined>): IncomingMessage {
  return { headers } as unknown as IncomingMessage
}

describe('reading cookies defensively', () => {
  it('finds a value, decoded, among other cookies (and every value of a repeated name)', () => {
    expect(cookieValues('a=1; csms_token=x%2By; b=2', 'csms_token')).toEqual(['x+y'])
    expect(cookieValues('csms_token=one;csms_token="two"', 'csms_token')).toEqual(['one', 'two'])
  })

  it.each(['%', '%%', '=', ';;;', 'csms_token', '=csms_token', 'csms_token=%', 'csms_token=%E0%A4%A', 'a=%ff; csms_token=%zz'])('never throws on %j', (header) => {
    expect(() => cookieValues(header, 'csms_token')).not.toThrow()
  })

  it('keeps a value that is not valid percent-encoding as sent (it matches nothing)', () => {
    expect(cookieValues('csms_token=%', 'csms_token')).toEqual(['%'])
    expect(cookieValues('csms_token=%E0%A4%A', 'csms_token')).toEqual(['%E0%A4%A'])
  })

  it(`looks at ${MAX_COOKIE_PAIRS} pairs at most`, () => {
    const many = Array.from({ length: MAX_COOKIE_PAIRS }, (_, i) => `c${i}=v`).join('; ')
    expect(cookieValues(`${many}; csms_token=late`, 'csms_token')).toEqual([])
    expect(cookieValues(`csms_token=early; ${many}`, 'csms_token')).toEqual(['early'])
  })
})

describe('the API token check', () => {
  const query = new URLSearchParams()

  it('accepts the Bearer header, the cookie and ?token= (which sets the cookie)', () => {
    expect(tokenCheck(request({ authorization: `Bearer ${TOKEN}` }), TOKEN, query).ok).toBe(true)
    expect(tokenCheck(request({ cookie: `x=%; ${TOKEN_COOKIE}=${TOKEN}` }), TOKEN, query).ok).toBe(true)
    const fromQuery = tokenCheck(request({}), TOKEN, new URLSearchParams(`token=${TOKEN}`))
    expect(fromQuery.ok).toBe(true)
    expect(fromQuery.setCookie).toMatch(/HttpOnly; SameSite=Strict/)
  })

  it.each(['%', `${TOKEN_COOKIE}=%`, `${TOKEN_COOKIE}=%ff`, `${TOKEN_COOKIE}=${TOKEN}%`, `%; ${TOKEN_COOKIE}`])('refuses (without throwing) the cookie %j', (cookie) => {
    expect(tokenCheck(request({ cookie }), TOKEN, query)).toEqual({ ok: false })
  })

  it('refuses a wrong or malformed Authorization header and a wrong query token', () => {
    expect(tokenCheck(request({ authorization: 'Bearer %' }), TOKEN, query).ok).toBe(false)
    expect(tokenCheck(request({ authorization: `Basic ${TOKEN}` }), TOKEN, query).ok).toBe(false)
    expect(tokenCheck(request({}), TOKEN, new URLSearchParams('token=%ff')).ok).toBe(false)
  })
})
