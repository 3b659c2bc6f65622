/**
 * Basic auth, the edges (see basic-auth.test.ts): the hash as stored, a malformed stored hash never
 * accepting a password, the header grammar, the hex form of a password (whole pairs only), and the
 * password an AuthorizationKey value gives.
 */
import { describe, expect, it } from 'vitest'
import { hashPassword, parseBasicAuth, passwordFromAuthorizationKey, passwordMatches, verifyPassword } from '../../../src/main/services/basic-auth'

const b64 = (text: string) => Buffer.from(text).toString('base64')

describe('the stored hash', () => {
  it('is scrypt with a 16-byte salt and a 32-byte hash, stamped with the time given', async () => {
    const h = await hashPassword('pw-000000000001', '2026-01-01T00:00:00.000Z')
    expect(h.algorithm).toBe('scrypt')
    expect(Buffer.from(h.salt, 'base64')).toHaveLength(16)
    expect(Buffer.from(h.hash, 'base64')).toHaveLength(32)
    expect(h.updatedAt).toBe('2026-01-01T00:00:00.000Z')
  })

  it('a stored hash that is empty, not base64 or too short accepts no password (it accepted every one)', async () => {
    const salt = Buffer.alloc(16, 1).toString('base64')
    for (const hash of ['', '!!!!', b64('x')]) {
      expect(await verifyPassword('any password at all', { algorithm: 'scrypt', salt, hash, updatedAt: 't' }), `hash ${JSON.stringify(hash)}`).toBe(false)
    }
  })
})

describe('the Authorization header', () => {
  const creds = b64('CP1:secret')
  it('Basic, then one or more spaces, then base64; any case; spaces around are allowed', () => {
    for (const header of [`Basic ${creds}`, `basic   ${creds}`, `  BASIC ${creds}  `]) {
      expect(parseBasicAuth(header), header).toEqual({ username: 'CP1', password: Buffer.from('secret') })
    }
  })

  it('anything before Basic, after the credentials, or a value that is not base64 is not Basic credentials', () => {
    for (const header of [`xBasic ${creds}`, `Bearer Basic ${creds}`, `Basic ${creds} extra`, `Basic ${creds}x!`, 'Basic', 'Basic !!!', '']) {
      expect(parseBasicAuth(header), header).toBeUndefined()
    }
  })

  it('credentials without a colon are refused; an empty user name is a user name', () => {
    expect(parseBasicAuth(`Basic ${b64('CP1secret')}`)).toBeUndefined()
    expect(parseBasicAuth(`Basic ${b64(':secret')}`)).toEqual({ username: '', password: Buffer.from('secret') })
  })
})

describe('the hex form of a password', () => {
  it('only whole hex pairs, the whole of it, are read as hex', async () => {
    const credential = await hashPassword(Buffer.from([0xab]), 't')
    expect(await passwordMatches(Buffer.from('ab'), credential)).toBe(true)
    for (const presented of ['abc', 'abzz', 'abxab']) {
      expect(await passwordMatches(Buffer.from(presented), credential), presented).toBe(false)
    }
  })
})

describe('the password an AuthorizationKey gives', () => {
  it('the bytes of a hex value; a value that is not all hex pairs as typed (UTF-8)', () => {
    expect(passwordFromAuthorizationKey('0aFF')).toEqual(Buffer.from([0x0a, 0xff]))
    for (const value of ['abc', 'abzz', 'zab', 'not hex']) expect(passwordFromAuthorizationKey(value), value).toEqual(Buffer.from(value, 'utf8'))
  })
})
