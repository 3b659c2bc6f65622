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
})
