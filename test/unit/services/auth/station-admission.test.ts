import { describe, expect, it } from 'vitest'
import { hashPassword } from '../../../../src/main/services/basic-auth'
import { BUSY, UNAUTHORIZED, type StationAdmissionOptions } from '../../../../src/main/services/auth/station-admission'
import { admissionFixture, basic, PASSWORD, request, type AdmissionFixture } from './station-admission-fixture'

/** CP1 holds a real scrypt hash of PASSWORD; pass `verify: undefined` for the real check. */
const setup = async (options: Partial<StationAdmissionOptions> = {}): Promise<AdmissionFixture> => admissionFixture(await hashPassword(PASSWORD, 't'), options)

describe('station admission: Basic auth', () => {
  it('admits the right password; a station without a password is let in unless auth is required', async () => {
    const s = await setup()
    expect(await s.admission.admit('CP1', request(basic('CP1', PASSWORD)))).toEqual({ ok: true })
    expect(await s.admission.admit('CP-OPEN', request())).toEqual({ ok: true })
    s.settings.requireBasicAuth = true
    expect(await s.admission.admit('CP-OPEN', request())).toBe(UNAUTHORIZED)
  })

  it('gives the one same 401 for every kind of failure, and logs the reason instead', async () => {
    const s = await setup()
    s.settings.requireBasicAuth = true
    const answers = [
      await s.admission.admit('CP1', request(undefined, '10.0.0.1')),
      await s.admission.admit('CP1', request('Bearer abc', '10.0.0.2')),
      await s.admission.admit('CP1', request(basic('CP2', PASSWORD), '10.0.0.3')),
      await s.admission.admit('CP1', request(basic('CP1', 'wrong-password-01'), '10.0.0.4')),
      await s.admission.admit('CP-NONE', request(basic('CP-NONE', PASSWORD), '10.0.0.5')),
    ]
    for (const answer of answers) expect(answer).toBe(UNAUTHORIZED)
    expect(UNAUTHORIZED).toMatchObject({ ok: false, status: 401, headers: { 'WWW-Authenticate': 'Basic realm="OCPP", charset="UTF-8"' }, logged: true })
    expect(s.warnings.map((line) => line.replace(/^OCPP connection refused from (\S+) for (\S+): /, '').replace(/ \(further.*$/, ''))).toEqual([
      'no Authorization header (Basic auth is required)',
      'the Authorization header is not HTTP Basic credentials',
      'the Basic-auth user name "CP2" is not the identity',
      'wrong password',
      'no password is set for it: set one before it can connect',
    ])
    expect(s.warnings.join('\n')).not.toContain(PASSWORD)
  })

  it('checks a password even when none is stored, so "no password" takes as long as "wrong password"', async () => {
    const s = await setup()
    s.settings.requireBasicAuth = true
    await s.admission.admit('CP-NONE', request(basic('CP-NONE', PASSWORD)))
    expect(s.checks()).toBe(1)
  })

  it('backs off after five checked failures: refused at once, with no check, even the right password; admitted when it ends', async () => {
    const s = await setup()
    for (let i = 0; i < 5; i += 1) expect(await s.admission.admit('CP1', request(basic('CP1', `wrong-${i}`)))).toBe(UNAUTHORIZED)
    expect(s.checks()).toBe(5)
    expect(await s.admission.admit('CP1', request(basic('CP1', PASSWORD)))).toBe(UNAUTHORIZED)
    expect(await s.admission.admit('CP1', request(basic('CP1', PASSWORD), '10.9.9.9'))).toBe(UNAUTHORIZED)
    expect(s.checks()).toBe(5)
    s.advance(1000)
    expect(await s.admission.admit('CP1', request(basic('CP1', PASSWORD), '10.9.9.9'))).toEqual({ ok: true })
  })

  it('lets a password proven before through while only the identity is backed off (guesses at its identity cannot lock a station out), not from a backed-off address', async () => {
    const s = await setup({ verify: undefined })
    expect(await s.admission.admit('CP1', request(basic('CP1', PASSWORD), '10.0.0.1'))).toEqual({ ok: true })
    for (let i = 0; i < 5; i += 1) await s.admission.admit('CP1', request(basic('CP1', `wrong-password-${i}`), `10.0.2.${i}`))
    expect(s.admission.backoff.identityWaitMs('CP1')).toBe(1000)
    expect(await s.admission.admit('CP1', request(basic('CP1', 'wrong-password-9'), '10.0.0.1'))).toBe(UNAUTHORIZED) // a guess: refused unchecked
    expect(await s.admission.admit('CP1', request(basic('CP1', PASSWORD), '10.0.0.1'))).toEqual({ ok: true })
    s.settings.requireBasicAuth = true // so that guesses at identities without a password are checked (and count) too
    for (let i = 0; i < 5; i += 1) await s.admission.admit(`CP-X${i}`, request(basic(`CP-X${i}`, 'wrong-password-1'), '10.0.0.1'))
    expect(await s.admission.admit('CP1', request(basic('CP1', PASSWORD), '10.0.0.1'))).toBe(UNAUTHORIZED) // its address is backed off now
  }, 30_000) // real scrypt runs (a dozen): seconds on a loaded shared machine, no timing is asserted

  it('does not count a missing header or another user name as a guess (no check ran)', async () => {
    const s = await setup()
    for (let i = 0; i < 10; i += 1) await s.admission.admit('CP1', request())
    for (let i = 0; i < 10; i += 1) await s.admission.admit('CP1', request(basic('CP9', PASSWORD)))
    expect(await s.admission.admit('CP1', request(basic('CP1', PASSWORD)))).toEqual({ ok: true })
  })

  it('answers 503 at once when the checks are saturated; that counts for the address, never for the identity', async () => {
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    let running = 0
    let peak = 0
    const s = await setup({
      concurrency: 2,
      maxQueued: 3,
      verify: async () => {
        running += 1
        peak = Math.max(peak, running)
        await gate
        running -= 1
        return false
      },
    })
    const attempts = Array.from({ length: 8 }, (_, i) => s.admission.admit('CP1', request(basic('CP1', `wrong-${i}`), `10.0.1.${i}`)))
    await new Promise((r) => setImmediate(r))
    release()
    const answers = await Promise.all(attempts)
    expect(answers.filter((a) => a === BUSY)).toHaveLength(3)
    expect(answers.filter((a) => a === UNAUTHORIZED)).toHaveLength(5)
    expect(BUSY).toMatchObject({ status: 503, headers: { 'Retry-After': '5' } })
    expect(peak).toBe(2)
    expect(s.admission.checks.peak).toBe(2)
    // Five checked failures: the identity's first back-off (1 s); the three 503s did not count for it (that would be 8 s).
    expect(s.admission.backoff.identityWaitMs('CP1')).toBe(1000)
  })

  it('backs off an address that keeps the checks saturated', async () => {
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const s = await setup({ concurrency: 1, maxQueued: 0, verify: () => gate.then(() => false) })
    const held = s.admission.admit('CP1', request(basic('CP1', 'wrong-password-0'), '10.0.9.9'))
    s.credentials.set('CP2', s.credentials.get('CP1')!)
    for (let i = 0; i < 5; i += 1) expect(await s.admission.admit('CP2', request(basic('CP2', `wrong-${i}`), '10.0.0.2'))).toBe(BUSY)
    expect(s.admission.backoff.addressWaitMs('10.0.0.2')).toBe(1000)
    expect(s.admission.backoff.identityWaitMs('CP2')).toBe(0)
    expect(await s.admission.admit('CP2', request(basic('CP2', 'wrong-5'), '10.0.0.2'))).toBe(UNAUTHORIZED) // backed off: not even queued
    release()
    await held
  })

  it('recognises a proven password without scrypt, so a good station is not queued behind a flood', async () => {
    const s = await setup({ concurrency: 1, maxQueued: 0, restRatio: 0, verify: undefined })
    expect(await s.admission.admit('CP1', request(basic('CP1', PASSWORD)))).toEqual({ ok: true })
    // A flood holds the only slot and the queue is empty of room …
    let release!: () => void
    const held = s.admission.checks.tryRun(() => new Promise<void>((r) => (release = r)))
    expect(await s.admission.admit('CP1', request(basic('CP1', 'wrong-password-01'), '10.0.0.9'))).toBe(BUSY)
    // … yet the good station's known password is admitted at once.
    expect(await s.admission.admit('CP1', request(basic('CP1', PASSWORD)))).toEqual({ ok: true })
    release()
    await held
    // A changed credential is not recognised from the old fingerprint.
    s.credentials.set('CP1', await hashPassword('another-password-01', 't'))
    expect(await s.admission.admit('CP1', request(basic('CP1', PASSWORD)))).toBe(UNAUTHORIZED)
  })

  it('keeps the registration and security-profile refusals as they were (404, 403)', async () => {
    const s = await setup()
    s.settings.unknownStations = 'reject'
    expect(await s.admission.admit('CP-UNKNOWN', request())).toMatchObject({ ok: false, status: 404 })
    s.stations.set('CP1', { securityProfile: 2 })
    expect(await s.admission.admit('CP1', request(basic('CP1', PASSWORD)))).toMatchObject({ ok: false, status: 403 })
    expect(await s.admission.admit('CP1', request(basic('CP1', PASSWORD), '10.0.0.1', true))).toEqual({ ok: true })
  })

  it('refuses a station at security profile 1 or 2 with no password stored, whatever requireBasicAuth says', async () => {
    for (const requireBasicAuth of [false, true]) {
      const s = await setup()
      s.settings.requireBasicAuth = requireBasicAuth
      s.stations.set('CP-NONE', { securityProfile: 1 })
      expect(await s.admission.admit('CP-NONE', request()), `profile 1, no password, requireBasicAuth ${requireBasicAuth}: let in without credentials`).toBe(UNAUTHORIZED)
      expect(await s.admission.admit('CP-NONE', request(basic('CP-NONE', PASSWORD), '10.0.0.2')), `profile 1, no password, requireBasicAuth ${requireBasicAuth}: let in with made-up credentials`).toBe(UNAUTHORIZED)
      s.stations.set('CP-NONE', { securityProfile: 2 })
      expect(await s.admission.admit('CP-NONE', request(undefined, '10.0.0.3', true)), `profile 2 over TLS, no password, requireBasicAuth ${requireBasicAuth}: let in`).toBe(UNAUTHORIZED)
      // At profile 0 and without the setting, a station with no password is let in.
      s.stations.set('CP-NONE', { securityProfile: 0 })
      expect(await s.admission.admit('CP-NONE', request(undefined, '10.0.0.4'))).toEqual(requireBasicAuth ? UNAUTHORIZED : { ok: true })
    }
  })
})
