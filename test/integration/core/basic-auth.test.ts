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

  it('warns about a password outside 16–20 bytes but sets it', async () => {
    const result = await h.invoke<{ warnings: string[] }>('setStationPassword', { stationId: 'CP-SHORT', password: 'short' })
    expect(result.warnings[0]).toMatch(/16–20 bytes/)
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
})
