/**
 * Security profiles over real sockets:
 * - never lowered over OCPP: a ChangeConfiguration(SecurityProfile) with a LOWER value that the
 *   station accepts keeps the higher profile, and connections below it stay refused (TC_083,
 *   whitepaper A00.FR.005); only the operator lowers it;
 * - a station at profile 1 or 2 with no password stored is refused (401), whatever
 *   requireBasicAuth says: it can never connect without credentials.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CallTask, StationDetail } from '@shared/contract'
import { startHarness, type Harness } from '../../support/csms-harness'
import { ScriptedChargePoint, upgradeStatus } from '../../support/scripted-charge-point'

const PASSWORD = 'sixteen-chars-pw'
const basic = (user: string, password: string) => ({ Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` })
const accept = () => ({ status: 'Accepted' })

describe('security profile: never lowered over OCPP', () => {
  let h: Harness
  let tlsUrl: string
  beforeEach(async () => {
    h = await startHarness({ config: { tls: true } })
    tlsUrl = h.csms.info.ocppTlsUrls[0]!
    await h.invoke('setStationPassword', { stationId: 'CP-SP', password: PASSWORD })
  })
  afterEach(async () => h.stop())

  const profile = async () => (await h.invoke<StationDetail>('getStation', { stationId: 'CP-SP' })).securityProfile ?? 0
  async function changeProfile(value: string): Promise<CallTask> {
    return h.invoke<CallTask>('sendCall', { stationId: 'CP-SP', action: 'ChangeConfiguration', payload: { key: 'SecurityProfile', value }, wait: true })
  }

  it('at profile 1, an accepted SecurityProfile 0 keeps 1: a connection without the password is still refused', async () => {
    const cp = await h.connect('CP-SP', { headers: basic('CP-SP', PASSWORD), autoAnswer: accept })
    await cp.boot()
    expect(await changeProfile('1')).toMatchObject({ state: 'answered', response: { status: 'Accepted' } })
    expect(await profile()).toBe(1)
    expect(await changeProfile('0')).toMatchObject({ state: 'answered', response: { status: 'Accepted' } })
    expect(await profile(), 'an accepted SecurityProfile 0 lowered the station').toBe(1)
    await cp.close()
    expect((await upgradeStatus(`${h.ocppUrl}/CP-SP`, ['ocpp1.6'])).status).toBe(401)
  })

  it('at profile 2 (over wss://), an accepted SecurityProfile 1 keeps 2: plain ws:// stays refused', async () => {
    const plain = await h.connect('CP-SP', { headers: basic('CP-SP', PASSWORD), autoAnswer: accept })
    await plain.boot()
    await changeProfile('2')
    expect(await profile()).toBe(2)
    await plain.close()
    const overTls = await ScriptedChargePoint.connect(tlsUrl, 'CP-SP', { headers: basic('CP-SP', PASSWORD), autoAnswer: accept, rejectUnauthorized: false })
    try {
      expect((await overTls.boot())[2]).toMatchObject({ status: 'Accepted' })
      expect(await changeProfile('1')).toMatchObject({ state: 'answered', response: { status: 'Accepted' } })
      expect(await profile(), 'an accepted SecurityProfile 1 lowered the station from 2').toBe(2)
      expect((await upgradeStatus(`${h.ocppUrl}/CP-SP`, ['ocpp1.6'], basic('CP-SP', PASSWORD))).status).toBe(403)
    } finally {
      await overTls.close()
    }
    // The operator may lower it.
    await h.invoke('setSecurityProfile', { stationId: 'CP-SP', profile: 0 })
    expect(await profile()).toBe(0)
    expect((await upgradeStatus(`${h.ocppUrl}/CP-SP`, ['ocpp1.6'], basic('CP-SP', PASSWORD))).status).toBe(101)
  })
})

describe('security profile 1 or 2 without a stored password: refused whatever requireBasicAuth says', () => {
  let h: Harness
  beforeEach(async () => {
    h = await startHarness({ config: { tls: true }, settings: { ocpp: { fetchConfigurationAfterBoot: false, requireBasicAuth: false } } })
  })
  afterEach(async () => h.stop())

  it('profile 1, no password stored: 401 without credentials and with any; profile 0 is let in', async () => {
    await h.invoke('setSecurityProfile', { stationId: 'CP-NOPW', profile: 1 })
    expect((await upgradeStatus(`${h.ocppUrl}/CP-NOPW`, ['ocpp1.6'])).status, 'a profile-1 station without a password got in without credentials').toBe(401)
    expect((await upgradeStatus(`${h.ocppUrl}/CP-NOPW`, ['ocpp1.6'], basic('CP-NOPW', PASSWORD))).status, 'a profile-1 station without a password got in with made-up credentials').toBe(401)
    await h.invoke('setSecurityProfile', { stationId: 'CP-NOPW', profile: 0 })
    expect((await upgradeStatus(`${h.ocppUrl}/CP-NOPW`, ['ocpp1.6'])).status).toBe(101)
  })

  it('profile 1 whose password was removed: 401 again', async () => {
    await h.invoke('setStationPassword', { stationId: 'CP-REMOVED', password: PASSWORD })
    await h.invoke('setSecurityProfile', { stationId: 'CP-REMOVED', profile: 1 })
    expect((await upgradeStatus(`${h.ocppUrl}/CP-REMOVED`, ['ocpp1.6'], basic('CP-REMOVED', PASSWORD))).status).toBe(101)
    await h.invoke('setStationPassword', { stationId: 'CP-REMOVED', password: null })
    expect((await upgradeStatus(`${h.ocppUrl}/CP-REMOVED`, ['ocpp1.6'])).status, 'a profile-1 station whose password was removed got in').toBe(401)
  })

  it('profile 2 over wss://, no password stored: 401', async () => {
    await h.invoke('setSecurityProfile', { stationId: 'CP-NOPW2', profile: 2 })
    const tlsUrl = h.csms.info.ocppTlsUrls[0]!
    expect((await upgradeStatus(`${tlsUrl}/CP-NOPW2`, ['ocpp1.6'], {}, { rejectUnauthorized: false })).status, 'a profile-2 station without a password got in over wss://').toBe(401)
    expect((await upgradeStatus(`${tlsUrl}/CP-NOPW2`, ['ocpp1.6'], basic('CP-NOPW2', PASSWORD), { rejectUnauthorized: false })).status).toBe(401)
  })
})
