/**
 * HTTP Basic auth for charge points (OCPP security profile 1): passwords kept as salted scrypt
 * hashes, checked before the WebSocket upgrade (services/auth/station-admission.ts decides who is
 * checked, when and how often). Never logs or returns a password.
 */
import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto'
import { promisify } from 'node:util'

const scrypt = promisify(scryptCallback) as (password: string | Buffer, salt: Buffer, keylen: number) => Promise<Buffer>

/** One password, as a salted scrypt hash. */
export interface PasswordHash {
  algorithm: 'scrypt'
  salt: string // base64
  hash: string // base64
  updatedAt: string
}

/** A station's Basic-auth credential as stored. */
export interface StoredCredential extends PasswordHash {
  /**
   * Present while a new AuthorizationKey's fate is unknown (the station's answer never came, or it
   * said RebootRequired): the password before it, also accepted until the station connects with
   * the new one; 'none' when it needed none before. See services/auth/authorization-key-roll.ts.
   */
  previous?: PasswordHash | 'none'
}

const KEY_LENGTH = 32

export async function hashPassword(password: string | Buffer, now: string): Promise<PasswordHash> {
  const salt = randomBytes(16)
  const hash = await scrypt(password, salt, KEY_LENGTH)
  return { algorithm: 'scrypt', salt: salt.toString('base64'), hash: hash.toString('base64'), updatedAt: now }
}

export async function verifyPassword(password: string | Buffer, credential: PasswordHash): Promise<boolean> {
  const expected = Buffer.from(credential.hash, 'base64')
  // Always a full-length scrypt run (the same time whatever is stored). A stored hash that is not a
  // whole one (empty, not base64, cut short) matches nothing: scrypt to its length would equal it.
  const actual = await scrypt(password, Buffer.from(credential.salt, 'base64'), KEY_LENGTH)
  return expected.length === KEY_LENGTH && timingSafeEqual(actual, expected)
}

export type BasicCredentials = { username: string; password: Buffer }

/** Parse `Authorization: Basic base64(user:password)`; undefined when absent or malformed. */
export function parseBasicAuth(header: string | undefined): BasicCredentials | undefined {
  if (!header) return undefined
  const match = /^\s*Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header)
  if (!match) return undefined
  const decoded = Buffer.from(match[1]!, 'base64')
  const colon = decoded.indexOf(0x3a)
  if (colon < 0) return undefined
  return { username: decoded.subarray(0, colon).toString('utf8'), password: decoded.subarray(colon + 1) }
}

/**
 * Does `presented` match the stored password? The password is the bytes the station sends; a
 * station may also send it as the hex of those bytes (AuthorizationKey is set as hex), so both are
 * accepted (ocpp16-spec-notes §1, Basic auth).
 */
export async function passwordMatches(presented: Buffer, credential: PasswordHash): Promise<boolean> {
  if (await verifyPassword(presented, credential)) return true
  const text = presented.toString('utf8')
  if (/^(?:[0-9a-fA-F]{2}){1,40}$/.test(text)) return verifyPassword(Buffer.from(text, 'hex'), credential)
  return false
}

/**
 * The Basic-auth password an accepted ChangeConfiguration(AuthorizationKey) gives a station: the
 * bytes of the hex value (whitepaper: 16–20 bytes as ≤ 40 hex digits; TC_073), or, for a value that
 * is not hex, its UTF-8 bytes as typed.
 */
export function passwordFromAuthorizationKey(value: string): Buffer {
  return /^(?:[0-9a-fA-F]{2})+$/.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'utf8')
}
