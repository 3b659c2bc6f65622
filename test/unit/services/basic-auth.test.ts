import { describe, expect, it } from 'vitest'
import { checkBasicAuth, hashPassword, parseBasicAuth, passwordMatches } from '../../../src/main/services/basic-auth'

const header = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`

describe('Basic auth for charge points', () => {
  it('stores a salted hash, never the password, and two hashes of one password differ', async () => {
    const a = await hashPassword('correct horse 1234', 't')
    const b = await hashPassword('correct horse 1234', 't')
    expect(JSON.stringify(a)).not.toContain('correct horse')
    expect(a.hash).not.toBe(b.hash)
  })

  it('accepts the password as bytes and as the hex of those bytes (AuthorizationKey form)', async () => {
    const credential = await hashPassword('0123456789abcdefXYZ', 't')
    expect(await passwordMatches(Buffer.from('0123456789abcdefXYZ'), credential)).toBe(true)
    expect(await passwordMatches(Buffer.from(Buffer.from('0123456789abcdefXYZ').toString('hex')), credential)).toBe(true)
    expect(await passwordMatches(Buffer.from('wrong'), credential)).toBe(false)
  })

  it('parses the header; a password may contain colons', () => {
    expect(parseBasicAuth(header('CP1', 'a:b'))).toEqual({ username: 'CP1', password: Buffer.from('a:b') })
    expect(parseBasicAuth('Bearer x')).toBeUndefined()
    expect(parseBasicAuth(undefined)).toBeUndefined()
  })

  it('refuses with 401 a missing header, another user name, or a wrong password; admits the right one', async () => {
    const credential = await hashPassword('sixteen-chars-pw', 't')
    expect(await checkBasicAuth('CP1', undefined, credential, false)).toMatchObject({ ok: false, status: 401 })
    expect(await checkBasicAuth('CP1', header('CP2', 'sixteen-chars-pw'), credential, false)).toMatchObject({ ok: false, status: 401 })
    expect(await checkBasicAuth('CP1', header('CP1', 'nope'), credential, false)).toMatchObject({ ok: false, status: 401 })
    expect(await checkBasicAuth('CP1', header('CP1', 'sixteen-chars-pw'), credential, false)).toEqual({ ok: true })
  })

  it('lets a station without a password in unless auth is required for every station', async () => {
    expect(await checkBasicAuth('CP1', undefined, undefined, false)).toEqual({ ok: true })
    expect(await checkBasicAuth('CP1', header('CP1', 'x'), undefined, true)).toMatchObject({ ok: false, status: 401 })
  })
})
