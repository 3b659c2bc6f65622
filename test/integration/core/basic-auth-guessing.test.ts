/**
 * Issue 17 §5: Basic-auth passwords cannot be guessed or used to starve the server. Real sockets on
 * 127.0.0.1; every attempt comes from a loopback source address of its own choosing (127.0.0.x), so
 * per-address back-off is visible. The clock of the time-based policies is a fake one; scrypt is the
 * real one, wrapped to count how many run at once.
 */
import { connect } from 'node:net'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { startHarness, type Harness } from '../../support/csms-harness'

const scryptCalls = vi.hoisted(() => ({ active: 0, peak: 0, total: 0 }))
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:crypto')>()
  const scrypt = (...args: unknown[]): void => {
    const callback = args.pop() as (error: Error | null, key: Buffer) => void
    scryptCalls.active += 1
    scryptCalls.total += 1
    scryptCalls.peak = Math.max(scryptCalls.peak, scryptCalls.active)
    ;(real.scrypt as unknown as (...a: unknown[]) => void)(...args, (error: Error | null, key: Buffer) => {
      scryptCalls.active -= 1
      callback(error, key)
    })
  }
  return { ...real, default: { ...real, scrypt }, scrypt }
})

const PASSWORD = 'right-password-0001'
const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`

/** One upgrade attempt from `localAddress`; the whole HTTP answer as text (status line, headers, body). */
function rawUpgrade(h: Harness, identity: string, options: { authorization?: string; localAddress?: string } = {}): Promise<string> {
  const url = new URL(h.ocppUrl)
  return new Promise((resolve, reject) => {
    const socket = connect({ host: url.hostname, port: Number(url.port), localAddress: options.localAddress ?? '127.0.0.1' })
    let text = ''
    socket.on('connect', () => {
      socket.write(
        `GET ${url.pathname}/${identity} HTTP/1.1\r\nHost: ${url.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: ocpp1.6\r\n' +
          (options.authorization ? `Authorization: ${options.authorization}\r\n` : '') +
          '\r\n',
      )
    })
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1')
      if (text.startsWith('HTTP/1.1 101')) socket.destroy() // upgraded: the answer is all there is to see
    })
    socket.on('close', () => resolve(text))
    socket.on('error', reject)
  })
}
const statusOf = (answer: string): number => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0)

describe('Basic auth cannot be guessed', () => {
  let h: Harness
  let clock: number
  let warnings: string[]
  beforeEach(async () => {
    clock = Date.parse('2025-01-01T00:00:00Z')
    warnings = []
    h = await startHarness({ clock: () => clock, logger: { info: () => undefined, error: () => undefined, warn: (line: string) => void warnings.push(line) } })
    scryptCalls.peak = 0
    scryptCalls.total = 0
  })
  afterEach(async () => h.stop())

  it('after five wrong passwords the address and the identity are backed off: even the right password is refused at once, without scrypt, until the back-off ends', async () => {
    await h.invoke('setStationPassword', { stationId: 'CP-GUESS', password: PASSWORD })
    for (let i = 0; i < 5; i += 1) {
      expect(statusOf(await rawUpgrade(h, 'CP-GUESS', { authorization: basic('CP-GUESS', `wrong-password-${i}`), localAddress: '127.0.0.50' }))).toBe(401)
    }
    const before = scryptCalls.total
    // Backed off: the right password, from the guessing address and from another one, is refused unchecked.
    expect(statusOf(await rawUpgrade(h, 'CP-GUESS', { authorization: basic('CP-GUESS', PASSWORD), localAddress: '127.0.0.50' }))).toBe(401)
    expect(statusOf(await rawUpgrade(h, 'CP-GUESS', { authorization: basic('CP-GUESS', PASSWORD), localAddress: '127.0.0.51' }))).toBe(401)
    expect(scryptCalls.total).toBe(before)
    // The first back-off is one second; the fake clock moves past it and the right password works.
    clock += 1_001
    expect(statusOf(await rawUpgrade(h, 'CP-GUESS', { authorization: basic('CP-GUESS', PASSWORD), localAddress: '127.0.0.51' }))).toBe(101)
    // Success reset the identity's count: one more wrong password is not yet a back-off.
    expect(statusOf(await rawUpgrade(h, 'CP-GUESS', { authorization: basic('CP-GUESS', 'wrong-password-x'), localAddress: '127.0.0.52' }))).toBe(401)
    expect(statusOf(await rawUpgrade(h, 'CP-GUESS', { authorization: basic('CP-GUESS', PASSWORD), localAddress: '127.0.0.52' }))).toBe(101)
  })

  it('guesses at a station\'s identity cannot lock the station out: a password it proved before still gets in, the guesses stay refused', async () => {
    await h.invoke('setStationPassword', { stationId: 'CP-VICTIM', password: PASSWORD })
    expect(statusOf(await rawUpgrade(h, 'CP-VICTIM', { authorization: basic('CP-VICTIM', PASSWORD), localAddress: '127.0.0.90' }))).toBe(101)
    for (let i = 0; i < 6; i += 1) {
      await rawUpgrade(h, 'CP-VICTIM', { authorization: basic('CP-VICTIM', `wrong-password-${i}`), localAddress: `127.0.0.${100 + i}` })
    }
    const before = scryptCalls.total
    expect(statusOf(await rawUpgrade(h, 'CP-VICTIM', { authorization: basic('CP-VICTIM', 'wrong-password-9'), localAddress: '127.0.0.90' }))).toBe(401)
    expect(statusOf(await rawUpgrade(h, 'CP-VICTIM', { authorization: basic('CP-VICTIM', PASSWORD), localAddress: '127.0.0.90' }))).toBe(101)
    expect(scryptCalls.total).toBe(before)
  })

  it('the back-off doubles with each further failure (1 s, 2 s, …) and the address stays backed off for other identities too', async () => {
    await h.invoke('setStationPassword', { stationId: 'CP-A', password: PASSWORD })
    await h.invoke('setStationPassword', { stationId: 'CP-B', password: PASSWORD })
    const from = '127.0.0.60'
    for (let i = 0; i < 5; i += 1) await rawUpgrade(h, i % 2 ? 'CP-A' : 'CP-B', { authorization: basic(i % 2 ? 'CP-A' : 'CP-B', 'wrong-password-1'), localAddress: from })
    clock += 1_001
    expect(statusOf(await rawUpgrade(h, 'CP-A', { authorization: basic('CP-A', 'wrong-password-2'), localAddress: from }))).toBe(401) // 6th: 2 s
    clock += 1_500
    // 1.5 s later the address is still backed off, for CP-B (which never failed five times) as well.
    expect(statusOf(await rawUpgrade(h, 'CP-B', { authorization: basic('CP-B', PASSWORD), localAddress: from }))).toBe(401)
    clock += 600
    expect(statusOf(await rawUpgrade(h, 'CP-B', { authorization: basic('CP-B', PASSWORD), localAddress: from }))).toBe(101)
  })

  it('answers every failure with the same 401: same status, headers and body whether the header is missing, the user or the password is wrong, no password is stored, or the client is backed off', async () => {
    await h.invoke('updateSettings', { ocpp: { requireBasicAuth: true } })
    await h.invoke('setStationPassword', { stationId: 'CP-SAME', password: PASSWORD })
    const answers = {
      missing: await rawUpgrade(h, 'CP-SAME', { localAddress: '127.0.0.70' }),
      malformed: await rawUpgrade(h, 'CP-SAME', { authorization: 'Basic !!!', localAddress: '127.0.0.70' }),
      wrongUser: await rawUpgrade(h, 'CP-SAME', { authorization: basic('CP-OTHER', PASSWORD), localAddress: '127.0.0.70' }),
      wrongPassword: await rawUpgrade(h, 'CP-SAME', { authorization: basic('CP-SAME', 'wrong-password-1'), localAddress: '127.0.0.71' }),
      noPasswordStored: await rawUpgrade(h, 'CP-NONE', { authorization: basic('CP-NONE', PASSWORD), localAddress: '127.0.0.72' }),
      backedOff: '',
    }
    for (let i = 0; i < 5; i += 1) await rawUpgrade(h, 'CP-SAME', { authorization: basic('CP-SAME', `wrong-password-${i}`), localAddress: '127.0.0.73' })
    answers.backedOff = await rawUpgrade(h, 'CP-SAME', { authorization: basic('CP-SAME', PASSWORD), localAddress: '127.0.0.73' })
    expect(statusOf(answers.missing)).toBe(401)
    expect(answers.missing).toMatch(/\r\nWWW-Authenticate: Basic realm="OCPP", charset="UTF-8"\r\n/)
    for (const [kind, answer] of Object.entries(answers)) expect({ kind, answer }).toEqual({ kind, answer: answers.missing })
  })

  it('logs the detail of a burst of failures once, without the password, and sums up the rest', async () => {
    await h.invoke('setStationPassword', { stationId: 'CP-LOG', password: PASSWORD })
    const secret = 'guessed-secret-0042'
    for (let i = 0; i < 7; i += 1) await rawUpgrade(h, 'CP-LOG', { authorization: basic('CP-LOG', secret), localAddress: '127.0.0.80' })
    const about = (): string[] => warnings.filter((line) => line.includes('127.0.0.80'))
    expect(about()).toHaveLength(1)
    expect(about()[0]).toMatch(/CP-LOG/)
    expect(about()[0]).toMatch(/wrong password/i)
    clock += 11_000
    await rawUpgrade(h, 'CP-LOG', { authorization: basic('CP-LOG', secret), localAddress: '127.0.0.80' })
    expect(about().some((line) => /6 more/.test(line) && /127\.0\.0\.80/.test(line))).toBe(true)
    expect(warnings.join('\n')).not.toContain(secret)
    expect(warnings.join('\n')).not.toContain(Buffer.from(`CP-LOG:${secret}`).toString('base64'))
  })
})

describe('Basic auth cannot starve the server', () => {
  let h: Harness
  beforeEach(async () => {
    h = await startHarness()
  })
  afterEach(async () => h.stop())

  it('a flood of wrong passwords never runs more than two scrypt checks at once; a good station is admitted and served meanwhile', async () => {
    await h.invoke('upsertIdTag', { idTag: 'GOODTAG', status: 'Accepted' })
    await h.invoke('setStationPassword', { stationId: 'CP-GOOD', password: PASSWORD })
    const identities = Array.from({ length: 10 }, (_, i) => `CP-FLOOD-${i}`)
    for (const id of identities) await h.invoke('setStationPassword', { stationId: id, password: `flood-password-${id}` })
    const first = await h.booted('CP-GOOD', { headers: { Authorization: basic('CP-GOOD', PASSWORD) } })
    await first.close()
    scryptCalls.peak = 0

    // 40 wrong passwords at once, each from its own address, three per identity (no back-off yet).
    const flood = Array.from({ length: 40 }, (_, i) =>
      rawUpgrade(h, identities[i % 10]!, { authorization: basic(identities[i % 10]!, `wrong-password-${i}`), localAddress: `127.0.1.${10 + i}` }),
    )
    const good = await h.connect('CP-GOOD', { headers: { Authorization: basic('CP-GOOD', PASSWORD) } })
    const start = await good.call('StartTransaction', { connectorId: 1, idTag: 'GOODTAG', meterStart: 0, timestamp: new Date().toISOString() })
    expect(start[0]).toBe(3)
    const statuses = (await Promise.all(flood)).map(statusOf)
    expect(new Set(statuses)).toEqual(new Set(statuses.filter((s) => s === 401 || s === 503)))
    expect(statuses).toContain(401)
    expect(scryptCalls.peak).toBeGreaterThan(0)
    expect(scryptCalls.peak).toBeLessThanOrEqual(2)
  })
})
