import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { StationDetail } from '@shared/contract/dto'
import { startHarness, type Harness } from '../../support/csms-harness'
import { ScriptedChargePoint, upgradeStatus } from '../../support/scripted-charge-point'

const basic = (user: string, password: string) => ({ Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` })
const PASSWORD = 'sixteen-chars-pw'

describe('security profile 1: HTTP Basic auth', () => {
  let h: Harness
  beforeEach(async () => {
    h = await startHarness()
  })
  afterEach(async () => h.stop())

  it('a station with a password is refused with 401 when the header is missing or wrong, admitted with the right one', async () => {
    const result = await h.invoke<{ passwordSet: boolean; warnings: string[] }>('setStationPassword', { stationId: 'CP-AUTH', password: PASSWORD })
    expect(result).toMatchObject({ passwordSet: true, warnings: [] })
    expect((await upgradeStatus(`${h.ocppUrl}/CP-AUTH`, ['ocpp1.6'])).status).toBe(401)
    expect((await upgradeStatus(`${h.ocppUrl}/CP-AUTH`, ['ocpp1.6'], basic('CP-AUTH', 'wrong-password-123'))).status).toBe(401)
    expect((await upgradeStatus(`${h.ocppUrl}/CP-AUTH`, ['ocpp1.6'], basic('CP-OTHER', PASSWORD))).status).toBe(401)
    const cp = await h.connect('CP-AUTH', { headers: basic('CP-AUTH', PASSWORD) })
    expect((await cp.boot())[2]).toMatchObject({ status: 'Accepted' })
    const detail = await h.invoke<StationDetail>('getStation', { stationId: 'CP-AUTH' })
    expect(detail.passwordSet).toBe(true)
    expect(JSON.stringify(detail)).not.toContain(PASSWORD)
  })

  it('TC_085_CSMS accepts the password also as the hex of its bytes', async () => {
    await h.invoke('setStationPassword', { stationId: 'CP-HEX', password: PASSWORD })
    const cp = await h.connect('CP-HEX', { headers: basic('CP-HEX', Buffer.from(PASSWORD).toString('hex')) })
    expect((await cp.boot())[0]).toBe(3)
  })

  it('requiring Basic auth for every station refuses one without a password', async () => {
    await h.invoke('updateSettings', { ocpp: { requireBasicAuth: true } })
    expect((await upgradeStatus(`${h.ocppUrl}/CP-NOPW`, ['ocpp1.6'])).status).toBe(401)
  })

  it('changing the password never drops a connected station; the next connection needs the new one', async () => {
    await h.invoke('setStationPassword', { stationId: 'CP-ROLL', password: PASSWORD })
    const cp = await h.connect('CP-ROLL', { headers: basic('CP-ROLL', PASSWORD) })
    await cp.boot()
    await h.invoke('setStationPassword', { stationId: 'CP-ROLL', password: 'a-new-password-17' })
    expect((await cp.call('Heartbeat', {}))[0]).toBe(3)
    expect((await upgradeStatus(`${h.ocppUrl}/CP-ROLL`, ['ocpp1.6'], basic('CP-ROLL', PASSWORD))).status).toBe(401)
    const again = await ScriptedChargePoint.connect(h.ocppUrl, 'CP-ROLL', { headers: basic('CP-ROLL', 'a-new-password-17') })
    expect((await again.call('Heartbeat', {}))[0]).toBe(3)
    await again.close()
  })

  it('refuses with 400 a password that is not 16–40 characters of the OCPP password alphabet, and says why', async () => {
    for (const [password, why] of [
      ['short-password1', /16 to 40 characters.*has 15/],
      ['x'.repeat(41), /16 to 40 characters.*has 41/],
      ['sixteen chars pw', /Character 8 .*a space.*not allowed/],
      ['sixteen-chars-pw!', /Character 17 .*not allowed/],
      ['sixteen-chars-pwé', /Character 17 .*not allowed/],
    ] as const) {
      const answer = await h.http('setStationPassword', { stationId: 'CP-RULE', password })
      expect({ password, status: answer.status }).toEqual({ password, status: 400 })
      expect(JSON.stringify(answer.body)).toMatch(why)
      expect(JSON.stringify(answer.body)).not.toContain(password)
    }
    expect(h.csms.storage.credentials.get('CP-RULE')).toBeUndefined()
    for (const password of ['Sixteen-chars:01', 'a*b-c_d=e:f+g|h@i.jklmnopqrstuvwxyz01234']) {
      expect((await h.http('setStationPassword', { stationId: 'CP-RULE', password })).status).toBe(200)
    }
  })

  it('sets a password of 21–40 characters with a warning that its hex no longer fits AuthorizationKey', async () => {
    const result = await h.invoke<{ warnings: string[] }>('setStationPassword', { stationId: 'CP-LONG', password: 'a-password-of-25-letters!'.replace('!', 'x') })
    expect(result.warnings.join(' ')).toMatch(/AuthorizationKey/)
    const exact = await h.invoke<{ warnings: string[] }>('setStationPassword', { stationId: 'CP-LONG', password: 'twenty-characters-01' })
    expect(exact.warnings).toEqual([])
  })

  it('TC_073_CSMS the new AuthorizationKey is valid the instant Accepted is sent: a reconnect with no delay at all is admitted, the old password refused after it', async () => {
    await h.invoke('setStationPassword', { stationId: 'CP-NOW', password: PASSWORD })
    const cp = await h.connect('CP-NOW', { headers: basic('CP-NOW', PASSWORD) })
    await cp.boot()
    const NEW_PASSWORD = 'the-next-password-1'
    const incoming = cp.nextCall('ChangeConfiguration')
    const sent = h.invoke('sendCall', { stationId: 'CP-NOW', action: 'ChangeConfiguration', payload: { key: 'AuthorizationKey', value: Buffer.from(NEW_PASSWORD).toString('hex') }, wait: true })
    const call = await incoming
    // The CALLRESULT and the new connection leave in the same tick.
    cp.answer(call, { status: 'Accepted' })
    const reconnect = upgradeStatus(`${h.ocppUrl}/CP-NOW`, ['ocpp1.6'], basic('CP-NOW', NEW_PASSWORD))
    expect((await reconnect).status).toBe(101)
    expect((await upgradeStatus(`${h.ocppUrl}/CP-NOW`, ['ocpp1.6'], basic('CP-NOW', PASSWORD))).status).toBe(401)
    expect(((await sent) as { state: string }).state).toBe('answered')
    // Durable: the stored credential is the new one, and only the new one.
    await expect.poll(() => h.csms.storage.credentials.get('CP-NOW')?.previous).toBeUndefined()
  })

  it('the old key stays after NotSupported or a CALLERROR', async () => {
    await h.invoke('setStationPassword', { stationId: 'CP-KEEP2', password: PASSWORD })
    await (await h.connect('CP-KEEP2', { headers: basic('CP-KEEP2', PASSWORD) })).boot()
    const other = 'not-taken-password-1'
    for (const answer of ['NotSupported', 'CALLERROR'] as const) {
      // (Each round's last upgrade replaced the connection: connect again.)
      const cp = await h.connect('CP-KEEP2', { headers: basic('CP-KEEP2', PASSWORD) })
      const incoming = cp.nextCall('ChangeConfiguration')
      const sent = h.invoke('sendCall', { stationId: 'CP-KEEP2', action: 'ChangeConfiguration', payload: { key: 'AuthorizationKey', value: Buffer.from(other).toString('hex') }, wait: true })
      const call = await incoming
      if (answer === 'CALLERROR') cp.answerError(call, 'InternalError')
      else cp.answer(call, { status: answer })
      await sent
      expect((await upgradeStatus(`${h.ocppUrl}/CP-KEEP2`, ['ocpp1.6'], basic('CP-KEEP2', other))).status).toBe(401)
      expect((await upgradeStatus(`${h.ocppUrl}/CP-KEEP2`, ['ocpp1.6'], basic('CP-KEEP2', PASSWORD))).status).toBe(101)
    }
  })

  it('TC_073_CSMS ChangeConfiguration(AuthorizationKey) as hex: after Accepted the station reconnects with the new password, the old one is refused', async () => {
    await h.invoke('setStationPassword', { stationId: 'CP-ROLL', password: PASSWORD })
    const cp = await h.connect('CP-ROLL', { headers: basic('CP-ROLL', PASSWORD) })
    await cp.boot()
    const NEW_PASSWORD = 'a-brand-new-secret'
    const hex = Buffer.from(NEW_PASSWORD, 'utf8').toString('hex')
    const incoming = cp.nextCall('ChangeConfiguration')
    const sent = h.invoke('sendCall', { stationId: 'CP-ROLL', action: 'ChangeConfiguration', payload: { key: 'AuthorizationKey', value: hex }, wait: true })
    const call = await incoming
    expect(call[3]).toEqual({ key: 'AuthorizationKey', value: hex })
    cp.answer(call, { status: 'Accepted' })
    const task = (await sent) as { state: string; warnings?: string[] }
    expect(task.state).toBe('answered')
    expect(task.warnings ?? []).toEqual([])
    // The connection it has stays up; the CP then drops it and comes back with the new password.
    expect((await cp.call('Heartbeat', {}))[0]).toBe(3)
    await cp.close()
    await expect.poll(async () => (await upgradeStatus(`${h.ocppUrl}/CP-ROLL`, ['ocpp1.6'], basic('CP-ROLL', PASSWORD))).status).toBe(401)
    const again = await h.connect('CP-ROLL', { headers: basic('CP-ROLL', NEW_PASSWORD) })
    expect((await again.call('Heartbeat', {}))[0]).toBe(3)
  })

  it('a Rejected AuthorizationKey change keeps the old password', async () => {
    await h.invoke('setStationPassword', { stationId: 'CP-KEEP', password: PASSWORD })
    const cp = await h.connect('CP-KEEP', { headers: basic('CP-KEEP', PASSWORD), autoAnswer: () => ({ status: 'Rejected' }) })
    await cp.boot()
    await h.invoke('sendCall', { stationId: 'CP-KEEP', action: 'ChangeConfiguration', payload: { key: 'AuthorizationKey', value: Buffer.from('another-secret-key', 'utf8').toString('hex') }, wait: true })
    await cp.close()
    expect((await upgradeStatus(`${h.ocppUrl}/CP-KEEP`, ['ocpp1.6'], basic('CP-KEEP', PASSWORD))).status).toBe(101)
  })

  it('an AuthorizationKey whose answer never came (the station dropped the connection) is accepted next to the old one, also after a restart, until the station connects with it; then the old one is refused', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'csms-keyroll-'))
    let second: Harness | undefined
    try {
      const first = await startHarness({ inMemory: false, dataDir })
      await first.invoke('setStationPassword', { stationId: 'CP-LOST', password: PASSWORD })
      const cp = await first.connect('CP-LOST', { headers: basic('CP-LOST', PASSWORD) })
      await cp.boot()
      const NEW_PASSWORD = 'lost-answer-password'
      const incoming = cp.nextCall('ChangeConfiguration')
      const sent = first.invoke('sendCall', { stationId: 'CP-LOST', action: 'ChangeConfiguration', payload: { key: 'AuthorizationKey', value: Buffer.from(NEW_PASSWORD).toString('hex') }, wait: true })
      await incoming
      await cp.close() // no answer: the CSMS cannot know whether the station took the new key
      expect(((await sent) as { state: string }).state).toBe('offline')
      await first.stop() // a restart (or a crash) before the station comes back
      second = await startHarness({ inMemory: false, dataDir })
      expect((await upgradeStatus(`${second.ocppUrl}/CP-LOST`, ['ocpp1.6'], basic('CP-LOST', PASSWORD))).status).toBe(101)
      expect((await upgradeStatus(`${second.ocppUrl}/CP-LOST`, ['ocpp1.6'], basic('CP-LOST', NEW_PASSWORD))).status).toBe(101)
      expect((await upgradeStatus(`${second.ocppUrl}/CP-LOST`, ['ocpp1.6'], basic('CP-LOST', PASSWORD))).status).toBe(401)
    } finally {
      await second?.stop()
      await rm(dataDir, { recursive: true, force: true })
    }
  })

  it('a station whose stored hash was damaged (an empty hash in the state file) is refused with 401 whatever password it sends', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'csms-damaged-hash-'))
    let second: Harness | undefined
    try {
      const first = await startHarness({ inMemory: false, dataDir })
      await first.invoke('setStationPassword', { stationId: 'CP-DAMAGED', password: PASSWORD })
      await first.stop()
      const file = join(dataDir, 'state.json')
      const state = JSON.parse(await readFile(file, 'utf8')) as { credentials: Record<string, { hash: string }> }
      state.credentials['CP-DAMAGED']!.hash = ''
      await writeFile(file, JSON.stringify(state))
      second = await startHarness({ inMemory: false, dataDir })
      expect((await upgradeStatus(`${second.ocppUrl}/CP-DAMAGED`, ['ocpp1.6'], basic('CP-DAMAGED', 'any-password-at-all'))).status).toBe(401)
      expect((await upgradeStatus(`${second.ocppUrl}/CP-DAMAGED`, ['ocpp1.6'], basic('CP-DAMAGED', PASSWORD))).status).toBe(401)
    } finally {
      await second?.stop()
      await rm(dataDir, { recursive: true, force: true })
    }
  })
})
