/**
 * Station admission, the edges (see station-admission.test.ts for the main paths): what the 401,
 * 503, 404 and 403 answers say, when a station without a required password is let in, no password
 * check while backed off (also for checks that waited for a slot), the dummy check when no
 * password is stored, the defaults of the check gate, and what the log says (never too much).
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { CallOutcome } from '../../../../src/main/ocpp/call-outcome'
import type { StoredCredential } from '../../../../src/main/services/basic-auth'
import { BUSY, DEFAULT_CHECK_QUEUE, UNAUTHORIZED, type StationAdmissionOptions } from '../../../../src/main/services/auth/station-admission'
import { admissionFixture, basic, PASSWORD, request, type AdmissionFixture } from './station-admission-fixture'

const STORED: StoredCredential = { algorithm: 'scrypt', salt: 's', hash: 'h-right', updatedAt: 't' }
const setup = (options: Partial<StationAdmissionOptions> = {}): AdmissionFixture => admissionFixture(STORED, options)

afterEach(() => {
  vi.doUnmock('node:os')
  vi.resetModules()
})

describe('the answers', () => {
  it('401 says how to connect and asks for Basic credentials; it is a refusal already logged', () => {
    expect(UNAUTHORIZED).toMatchObject({ ok: false, status: 401, logged: true, headers: { 'WWW-Authenticate': 'Basic realm="OCPP", charset="UTF-8"' } })
    expect(UNAUTHORIZED.message).toMatch(/HTTP Basic auth.*charge point identity.*password/)
  })

  it('503 says to come back in a few seconds; it is a refusal already logged', () => {
    expect(BUSY).toMatchObject({ ok: false, status: 503, logged: true, headers: { 'Retry-After': '5' } })
    expect(BUSY.message).toContain('try again')
  })

  it('an unknown station when those are refused gets 404 naming it and saying to register it', async () => {
    const s = setup()
    s.settings.unknownStations = 'reject'
    const answer = await s.admission.admit('CP-NEW', request())
    expect(answer).toMatchObject({ ok: false, status: 404 })
    expect((answer as { message: string }).message).toMatch(/CP-NEW.*register it/)
  })

  it('a station at security profile 2 over plain ws gets 403 saying it must use TLS', async () => {
    const s = setup()
    s.stations.set('CP1', { securityProfile: 2 })
    const answer = await s.admission.admit('CP1', request(basic('CP1', PASSWORD)))
    expect(answer).toMatchObject({ ok: false, status: 403 })
    expect((answer as { message: string }).message).toMatch(/CP1.*security profile 2.*TLS/)
  })
})

describe('when a password is not required', () => {
  it('a station without a password is let in with or without a header', async () => {
    const s = setup()
    expect(await s.admission.admit('CP-OPEN', request(basic('CP-OPEN', 'anything')))).toEqual({ ok: true })
    expect(s.verified).toEqual([])
  })

  it('a station whose new key is open but had no password before: no header gets in, a header is checked', async () => {
    const s = setup()
    s.credentials.set('CP2', { ...STORED, hash: 'h-new', previous: 'none' })
    expect(await s.admission.admit('CP2', request())).toEqual({ ok: true })
    expect(await s.admission.admit('CP2', request(basic('CP2', 'wrong-password-01')))).toBe(UNAUTHORIZED)
    expect(s.verified.length).toBeGreaterThan(0)
  })

  it('a station with a password and no header is refused', async () => {
    const s = setup()
    expect(await s.admission.admit('CP1', request())).toBe(UNAUTHORIZED)
  })
})

describe('password checks', () => {
  it('no stored password but one required: a dummy scrypt check runs (same time as a wrong password), and the log says to set one', async () => {
    const s = setup()
    s.settings.requireBasicAuth = true
    expect(await s.admission.admit('CP9', request(basic('CP9', PASSWORD)))).toBe(UNAUTHORIZED)
    expect(s.verified).toHaveLength(1)
    const dummy = s.verified[0]!
    expect(dummy.algorithm).toBe('scrypt')
    expect(Buffer.from(dummy.salt, 'base64')).toHaveLength(16)
    expect(Buffer.from(dummy.hash, 'base64')).toHaveLength(32)
    expect(s.warnings.join('\n')).toContain('no password is set for it: set one before it can connect')
  })

  it('a wrong password is logged as such, and the back-off it starts with its length', async () => {
    const s = setup({ backoff: { threshold: 2, firstMs: 1500 } })
    await s.admission.admit('CP1', request(basic('CP1', 'wrong-password-01')))
    expect(s.warnings.at(-1)).toContain('wrong password')
    s.advance(60_000) // a new log window
    await s.admission.admit('CP1', request(basic('CP1', 'wrong-password-02')))
    expect(s.warnings.at(-1)).toContain('wrong password; backed off for another 2 s after repeated failures')
  })

  it('while the identity is backed off an unproven password is refused before the check gate (401, not 503), and the log says for how long', async () => {
    const hold: { block?: Promise<void> } = {}
    let release!: () => void
    const s = setup({
      concurrency: 1,
      maxQueued: 0,
      restRatio: 0,
      backoff: { threshold: 1, firstMs: 3000 },
      verify: async (presented, credential) => {
        if (hold.block) await hold.block
        return credential.hash === STORED.hash && presented.toString() === PASSWORD
      },
    })
    s.credentials.set('CP2', STORED)
    await s.admission.admit('CP1', request(basic('CP1', 'wrong-password-01'), '10.0.0.1'))
    hold.block = new Promise<void>((r) => (release = r))
    const busy = s.admission.admit('CP2', request(basic('CP2', PASSWORD), '10.0.0.3'))
    await new Promise((r) => setImmediate(r))
    s.advance(60_000 - 59_000) // 1 s later: 2 s of back-off left
    expect(await s.admission.admit('CP1', request(basic('CP1', PASSWORD), '10.0.0.2'))).toBe(UNAUTHORIZED)
    expect(s.warnings.at(-1)).toContain('backed off for another 2 s after repeated failures')
    release()
    await busy
  })

  it('a check that waited for a slot is not run when failures meanwhile backed the identity off', async () => {
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    let runs = 0
    const s = setup({
      concurrency: 1,
      // The slot rests after a check (as by default): by then the failure that ended it is counted.
      backoff: { threshold: 1, firstMs: 10_000 },
      verify: async () => {
        runs += 1
        await gate
        // A check that takes some time, so its slot rests (on a timer) before the next one starts.
        await new Promise((r) => setTimeout(r, 5))
        return false
      },
    })
    const first = s.admission.admit('CP1', request(basic('CP1', 'wrong-password-01'), '10.0.0.1'))
    const second = s.admission.admit('CP1', request(basic('CP1', 'wrong-password-02'), '10.0.0.2'))
    await new Promise((r) => setImmediate(r))
    release()
    expect(await first).toBe(UNAUTHORIZED)
    expect(await second).toBe(UNAUTHORIZED)
    expect(runs, 'the waiting check ran although the identity was backed off').toBe(1)
    expect(s.warnings.join('\n')).toContain('backed off for another 10 s')
  })

  it('the 503 is logged as saturated checks with the gate sizes, and the back-off it starts', async () => {
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const s = setup({
      concurrency: 1,
      maxQueued: 0,
      restRatio: 0,
      backoff: { threshold: 1, firstMs: 4000 },
      verify: async () => (await gate, false),
    })
    const first = s.admission.admit('CP1', request(basic('CP1', 'wrong-password-01'), '10.0.0.1'))
    await new Promise((r) => setImmediate(r))
    expect(await s.admission.admit('CP1', request(basic('CP1', 'wrong-password-02'), '10.0.0.9'))).toBe(BUSY)
    expect(s.warnings.join('\n')).toContain('answered 503, the password checks are saturated (1 running, 0 waiting); backed off for another 4 s')
    release()
    await first
  })

  it('a 503 that starts no back-off says nothing about one', async () => {
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const s = setup({ concurrency: 1, maxQueued: 0, restRatio: 0, verify: async () => (await gate, false) })
    const first = s.admission.admit('CP1', request(basic('CP1', 'wrong-password-01'), '10.0.0.1'))
    await new Promise((r) => setImmediate(r))
    await s.admission.admit('CP1', request(basic('CP1', 'wrong-password-02'), '10.0.0.9'))
    const line = s.warnings.find((w) => w.includes('answered 503'))!
    expect(line).toContain('(1 running, 0 waiting)')
    expect(line).not.toContain('backed off')
    release()
    await first
  })

  it('a long foreign user name is logged cut to 64 characters', async () => {
    const s = setup()
    const name = 'X'.repeat(100)
    await s.admission.admit('CP1', request(basic(name, PASSWORD)))
    const line = s.warnings.at(-1)!
    expect(line).toContain(`"${'X'.repeat(64)}"`)
    expect(line).not.toContain('X'.repeat(65))
  })

  it('the check gate rests as long as a check took and queues 16 by default', () => {
    const s = setup({ restRatio: undefined, maxQueued: undefined })
    expect(s.admission.checks.restRatio).toBe(1)
    expect(s.admission.checks.maxQueued).toBe(DEFAULT_CHECK_QUEUE)
    expect(DEFAULT_CHECK_QUEUE).toBe(16)
  })
})

describe('a damaged stored credential', () => {
  it('a station whose stored hash is empty (a hand-edited or damaged state file) is not let in with any password', async () => {
    const s = setup({ verify: undefined })
    s.settings.requireBasicAuth = true
    s.credentials.set('CP1', { algorithm: 'scrypt', salt: Buffer.alloc(16, 7).toString('base64'), hash: '', updatedAt: 't' })
    expect(await s.admission.admit('CP1', request(basic('CP1', 'any-password-at-all')))).toBe(UNAUTHORIZED)
  })
})

describe('the default number of checks at once', () => {
  for (const [cores, expected] of [
    [1, 1],
    [2, 1],
    [3, 2],
    [16, 2],
  ] as const) {
    it(`${cores} core(s): ${expected}`, async () => {
      vi.resetModules()
      vi.doMock('node:os', async (importOriginal) => ({ ...(await importOriginal<typeof import('node:os')>()), availableParallelism: () => cores }))
      const { DEFAULT_CHECK_CONCURRENCY } = await import('../../../../src/main/services/auth/station-admission')
      expect(DEFAULT_CHECK_CONCURRENCY).toBe(expected)
    })
  }
})

describe('the key roll uses the admission clock', () => {
  it('a rolled key is stamped with the time of the clock given', async () => {
    const s = setup({ now: () => Date.parse('2026-05-01T10:00:00.000Z') })
    const target = s.admission.keys.track('CP1', { call: async (): Promise<CallOutcome> => ({ kind: 'timeout', messageId: 'm', timeoutMs: 1 }) })!
    await target.call('ChangeConfiguration', { key: 'AuthorizationKey', value: Buffer.from('new-password-00001').toString('hex') })
    await s.admission.keys.settled()
    expect(s.credentials.get('CP1')).toMatchObject({ updatedAt: '2026-05-01T10:00:00.000Z', previous: STORED })
  })
})
