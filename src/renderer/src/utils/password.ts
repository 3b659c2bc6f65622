/** Basic-auth passwords for charge points (OCPP security profile 1). */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
/** The largest multiple of the alphabet size that fits a byte: bytes above it are drawn again (no bias). */
const LIMIT = 256 - (256 % ALPHABET.length)

/** A random password of `length` ASCII letters and digits (16–40 allowed; 20 by default, the most AuthorizationKey carries). */
export function generatePassword(length = 20): string {
  let out = ''
  const bytes = new Uint8Array(length * 2)
  while (out.length < length) {
    crypto.getRandomValues(bytes)
    for (const b of bytes) {
      if (b < LIMIT) out += ALPHABET[b % ALPHABET.length]
      if (out.length === length) break
    }
  }
  return out
}

/** The password as hex (UTF-8 bytes): the form the AuthorizationKey configuration key (and OCTT) takes. */
export function toHex(password: string): string {
  return Array.from(new TextEncoder().encode(password), (b) => b.toString(16).padStart(2, '0')).join('')
}
