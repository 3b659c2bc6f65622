/**
 * The station-admission fixture shared by station-admission.test.ts (main paths) and
 * station-admission-rules.test.ts (the edges): requests with or without Basic credentials, and an
 * admission over in-memory settings, stations and credentials with a clock the test moves.
 */
import type { IncomingMessage } from 'node:http'
import type { PasswordHash, StoredCredential } from '../../../../src/main/services/basic-auth'
import { createStationAdmission, type StationAdmissionOptions } from '../../../../src/main/services/auth/station-admission'

/** The right password of CP1 (the one station with a credential at the start). */
export const PASSWORD = 'right-password-0001'

export const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`

export const request = (authorization?: string, remoteAddress = '10.0.0.1', encrypted = false): IncomingMessage =>
  ({ headers: authorization === undefined ? {} : { authorization }, socket: { remoteAddress, encrypted } }) as unknown as IncomingMessage

export interface AdmissionFixture {
  admission: ReturnType<typeof createStationAdmission>
  credentials: Map<string, StoredCredential>
  warnings: string[]
  /** The credentials the stand-in check was run against, in order. */
  verified: PasswordHash[]
  /** Password checks run so far by the stand-in check. */
  checks: () => number
  advance(ms: number): void
  settings: { unknownStations: string; requireBasicAuth: boolean }
  stations: Map<string, { securityProfile?: number }>
}

/**
 * An admission where CP1 holds `stored`. The password check is a fast stand-in for scrypt: right
 * only for PASSWORD against `stored`'s hash. Pass `verify: undefined` in `options` for the real one.
 */
export function admissionFixture(stored: StoredCredential, options: Partial<StationAdmissionOptions> = {}): AdmissionFixture {
  let t = 1_000_000
  const verified: PasswordHash[] = []
  const credentials = new Map<string, StoredCredential>([['CP1', stored]])
  const warnings: string[] = []
  const settings = { unknownStations: 'accept', requireBasicAuth: false }
  const stations = new Map<string, { securityProfile?: number }>()
  const admission = createStationAdmission({
    settings: () => settings,
    station: (id) => stations.get(id),
    credentials: { get: (id) => credentials.get(id), set: async (id, c) => void (c ? credentials.set(id, c) : credentials.delete(id)) },
    logger: { info: () => undefined, warn: (line) => void warnings.push(line), error: () => undefined },
    now: () => t,
    verify: async (presented, credential) => {
      verified.push(credential)
      return credential.hash === stored.hash && presented.toString() === PASSWORD
    },
    ...options,
  })
  return { admission, credentials, warnings, verified, checks: () => verified.length, advance: (ms) => void (t += ms), settings, stations }
}
