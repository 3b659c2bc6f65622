/**
 * The rule for a charge point's Basic-auth password set through the UI or the API, shared by main
 * (which enforces it) and the renderer (which says it while the person types).
 *
 * OCPP security whitepaper (A00.FR.205) and OCPP 2.0.1: a password of 16 to 40 characters of the
 * `passwordString` type, whose characters are a–z, A–Z, 0–9 and `* - _ = : + | @ .` (OCPP 2.0.1
 * Part 2 §2.1.4). All of them are ASCII, so characters and bytes are the same count. The 1.6
 * AuthorizationKey carries at most 20 bytes (40 hex digits): a longer password is allowed for Basic
 * auth but cannot be rolled over OCPP, which earns a warning, not a refusal.
 */
export const STATION_PASSWORD_MIN_LENGTH = 16
export const STATION_PASSWORD_MAX_LENGTH = 40
/** The longest password whose hex still fits the 1.6 AuthorizationKey (20 bytes). */
export const AUTHORIZATION_KEY_MAX_BYTES = 20
export const STATION_PASSWORD_CHARACTERS = 'letters a–z and A–Z, digits 0–9 and * - _ = : + | @ .'

const ALLOWED = /^[A-Za-z0-9*\-_=:+|@.]$/

/** What is wrong with `password`, in words a person can act on; undefined when it follows the rule. Never repeats the password. */
export function stationPasswordProblem(password: string): string | undefined {
  const characters = [...password]
  if (characters.length < STATION_PASSWORD_MIN_LENGTH || characters.length > STATION_PASSWORD_MAX_LENGTH) {
    return `A station password has ${STATION_PASSWORD_MIN_LENGTH} to ${STATION_PASSWORD_MAX_LENGTH} characters; this one has ${characters.length}`
  }
  const bad = characters.findIndex((character) => !ALLOWED.test(character))
  if (bad >= 0) {
    const which = characters[bad] === ' ' ? ' (a space)' : /\s/.test(characters[bad]!) ? ' (white space)' : ''
    return `Character ${bad + 1} of the password${which} is not allowed: use only ${STATION_PASSWORD_CHARACTERS}`
  }
  return undefined
}

/** A remark on a valid password that the station cannot be given over OCPP 1.6 (AuthorizationKey). */
export function stationPasswordNote(password: string): string | undefined {
  if (password.length <= AUTHORIZATION_KEY_MAX_BYTES) return undefined
  return `Fine for Basic auth, but its hex does not fit the OCPP 1.6 AuthorizationKey (at most ${AUTHORIZATION_KEY_MAX_BYTES} characters, 40 hex digits): set it on the station by hand, or use ${STATION_PASSWORD_MIN_LENGTH}–${AUTHORIZATION_KEY_MAX_BYTES} characters`
}
