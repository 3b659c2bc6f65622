/**
 * Who may open an OCPP connection (the `admit` policy of the OCPP server): registration (unknown
 * stations refused with 404 when so set), security profile 2 only over TLS (403), then HTTP Basic
 * auth, hardened against guessing and against starving the server (issue 17 §5):
 *
 * - Every Basic-auth failure gets the same 401 (status, headers and body), whatever was wrong:
 *   no or malformed header, another user name, no password stored, wrong password, backed off.
 *   The reason goes to the log, once per burst (failure-log.ts), never with the password.
 * - Back-off per source address and per identity (failure-backoff.ts): while backed off, an attempt
 *   is refused before any scrypt run. Only checked passwords count as failures: a missing header
 *   does not (some clients send credentials only after the 401 challenge). A password this process
 *   has already proven for the identity (below) still gets in while only the identity is backed off,
 *   so a flood of guesses at a station's identity cannot lock the station itself out; the guesses
 *   themselves stay refused.
 * - scrypt runs at most `concurrency` at a time with a bounded queue (bounded-concurrency.ts), and
 *   each slot rests as long as its check took, so password checks never take more than half a
 *   core per slot, whatever the flood. When the queue is full the attempt gets 503 with
 *   Retry-After at once: it says "busy, come back", not "wrong password", tells nothing about the
 *   credentials (it is decided before looking at them), and a good station retries instead of
 *   taking its password for wrong. It counts for the source address only (an address that keeps
 *   the checks saturated is backed off like one that guesses), never for the identity.
 * - A password once proven is recognised again without scrypt (verified-passwords.ts), so a good
 *   station reconnecting during a flood is not queued behind it.
 * - When a station has no password stored but one is required, a dummy scrypt check still runs, so
 *   timing does not tell "no password stored" from "wrong password".
 */
import { randomBytes } from 'node:crypto'
import { availableParallelism } from 'node:os'
import type { IncomingMessage } from 'node:http'
import type { TLSSocket } from 'node:tls'
import type { AdmissionDecision } from '../../ocpp/server'
import { parseBasicAuth, passwordMatches, type PasswordHash } from '../basic-auth'
import { AuthorizationKeyRoll, type CredentialStore } from './authorization-key-roll'
import { BoundedConcurrency } from './bounded-concurrency'
import { FailureBackoff, sourceKey, type BackoffPolicy } from './failure-backoff'
import { FailureLog } from './failure-log'
import { VerifiedPasswords } from './verified-passwords'

/** The one answer to every Basic-auth failure. */
export const UNAUTHORIZED: Extract<AdmissionDecision, { ok: false }> = Object.freeze({
  ok: false,
  status: 401,
  message: 'Unauthorized: connect with HTTP Basic auth, user name = the charge point identity, and its password',
  headers: Object.freeze({ 'WWW-Authenticate': 'Basic realm="OCPP", charset="UTF-8"' }) as Record<string, string>,
  logged: true,
})

/** The answer when the password checks are saturated. */
export const BUSY: Extract<AdmissionDecision, { ok: false }> = Object.freeze({
  ok: false,
  status: 503,
  message: 'Busy checking other connections: try again in a few seconds',
  headers: Object.freeze({ 'Retry-After': '5' }) as Record<string, string>,
  logged: true,
})

/**
 * scrypt checks at once: two, but one on a machine with two cores or fewer, so one core stays for
 * the event loop and the journals (libuv has four pool threads, shared with fsync).
 */
export const DEFAULT_CHECK_CONCURRENCY = Math.max(1, Math.min(2, availableParallelism() - 1))
/** Checks that may wait for a slot; one more attempt is answered 503 at once. */
export const DEFAULT_CHECK_QUEUE = 16
/** A check slot rests as long as its check took: password checks use at most half of one core per slot. */
export const DEFAULT_CHECK_REST = 1

/** A credential no password matches: checked when none is stored, so that case takes as long as a wrong password. */
const NO_CREDENTIAL: PasswordHash = { algorithm: 'scrypt', salt: randomBytes(16).toString('base64'), hash: randomBytes(32).toString('base64'), updatedAt: '' }

export interface StationAdmissionOptions {
  settings(): { unknownStations: string; requireBasicAuth: boolean }
  station(identity: string): { securityProfile?: number } | undefined
  credentials: CredentialStore
  logger: Pick<Console, 'info' | 'warn' | 'error'>
  /** Milliseconds clock for back-off and log windows (default Date.now). */
  now?(): number
  backoff?: Partial<BackoffPolicy>
  concurrency?: number
  maxQueued?: number
  restRatio?: number
  /** The password check (default: scrypt, also accepting the hex form). */
  verify?(presented: Buffer, credential: PasswordHash): Promise<boolean>
}

export interface StationAdmission {
  admit(identity: string, request: IncomingMessage): Promise<AdmissionDecision>
  /** Wraps connections so ChangeConfiguration(AuthorizationKey) rolls the key (TC_073). */
  keys: AuthorizationKeyRoll
  /** The scrypt gate (its peak and refusals, for tests and benchmarks). */
  checks: BoundedConcurrency
  backoff: FailureBackoff
}

export function createStationAdmission(options: StationAdmissionOptions): StationAdmission {
  const now = options.now ?? Date.now
  const verify = options.verify ?? passwordMatches
  const backoff = new FailureBackoff(now, options.backoff)
  const checks = new BoundedConcurrency(options.concurrency ?? DEFAULT_CHECK_CONCURRENCY, options.maxQueued ?? DEFAULT_CHECK_QUEUE, options.restRatio ?? DEFAULT_CHECK_REST)
  const verified = new VerifiedPasswords()
  const log = new FailureLog({ now, warn: (line) => options.logger.warn(line) })
  const keys = new AuthorizationKeyRoll({ credentials: options.credentials, now: () => new Date(now()).toISOString(), log: options.logger })

  const refuse = (address: string, identity: string, reason: string, answer = UNAUTHORIZED): AdmissionDecision => {
    log.failed(address, identity, reason)
    return answer
  }
  const backedOff = (waitMs: number): string => `backed off for another ${Math.ceil(waitMs / 1000)} s after repeated failures`

  async function checkBasicAuth(identity: string, request: IncomingMessage, required: boolean): Promise<AdmissionDecision> {
    const address = sourceKey(request.socket.remoteAddress)
    const header = request.headers.authorization
    const accepted = await keys.accepted(identity)
    if (!required && (accepted.credentials.length === 0 || (accepted.withoutPassword && header === undefined))) return { ok: true }
    const addressWait = backoff.addressWaitMs(address)
    if (addressWait > 0) return refuse(address, identity, backedOff(addressWait))
    const presented = parseBasicAuth(header)
    if (!presented) return refuse(address, identity, header === undefined ? 'no Authorization header (Basic auth is required)' : 'the Authorization header is not HTTP Basic credentials')
    if (presented.username !== identity) return refuse(address, identity, `the Basic-auth user name ${JSON.stringify(presented.username.slice(0, 64))} is not the identity`)

    let match = verified.match(identity, presented.password, accepted.credentials)
    if (!match) {
      const identityWait = backoff.identityWaitMs(identity)
      if (identityWait > 0) return refuse(address, identity, backedOff(identityWait))
      const check = checks.tryRun(async () => {
        // Failures may have come in while this one waited.
        const waitNow = backoff.waitMs(address, identity)
        if (waitNow > 0) return waitNow
        for (const credential of accepted.credentials) if (await verify(presented.password, credential)) return credential
        if (accepted.credentials.length === 0) await verify(presented.password, NO_CREDENTIAL)
        return undefined
      })
      if (!check) {
        const waitAfter = backoff.saturated(address)
        return refuse(address, identity, `answered 503, the password checks are saturated (${checks.limit} running, ${checks.maxQueued} waiting)${waitAfter > 0 ? `; ${backedOff(waitAfter)}` : ''}`, BUSY)
      }
      const result = await check
      if (typeof result === 'number') return refuse(address, identity, backedOff(result))
      if (!result) {
        const waitAfter = backoff.failed(address, identity)
        const reason = accepted.credentials.length === 0 ? 'no password is set for it: set one before it can connect' : 'wrong password'
        return refuse(address, identity, waitAfter > 0 ? `${reason}; ${backedOff(waitAfter)}` : reason)
      }
      match = result
      verified.remember(identity, presented.password, match)
    }
    backoff.succeeded(identity)
    keys.proven(identity, match)
    return { ok: true }
  }

  return {
    keys,
    checks,
    backoff,
    async admit(identity, request) {
      const settings = options.settings()
      const station = options.station(identity)
      if (settings.unknownStations === 'reject' && !station) {
        return { ok: false, status: 404, message: `Unknown charge point ${identity}: register it first (unknown stations are refused)` }
      }
      // One security profile per station: at 2 a plain connection is refused (whitepaper A00.FR.001; TC_083).
      const profile = station?.securityProfile ?? 0
      if (profile >= 2 && (request.socket as TLSSocket).encrypted !== true) {
        return { ok: false, status: 403, message: `${identity} is at security profile 2: it must connect over TLS (wss://)` }
      }
      return checkBasicAuth(identity, request, settings.requireBasicAuth || profile >= 1)
    },
  }
}
