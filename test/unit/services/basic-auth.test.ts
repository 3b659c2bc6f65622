import { describe, expect, it } from 'vitest'
import { hashPassword, parseBasicAuth, passwordMatches } from '../../../src/main/services/basic-auth'

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
})
