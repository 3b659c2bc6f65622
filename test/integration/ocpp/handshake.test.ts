import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { StationSummary } from '@shared/contract/dto'
import { startHarness, type Harness } from '../../support/csms-harness'
import { ScriptedChargePoint, upgradeStatus } from '../../support/scripted-charge-point'

describe('WebSocket handshake', () => {
  let h: Harness
  beforeEach(async () => {
    h = await startHarness()
  })
  afterEach(async () => h.stop())

  it('TC_088_CSMS does not upgrade when only ocpp0.1 is offered', async () => {
    const result = await upgradeStatus(`${h.ocppUrl}/CP1`, ['ocpp0.1'])
    expect(result.status).toBe(400)
    expect(result.body).toMatch(/ocpp1\.6/)
  })

  it('TC_088_CSMS upgrades with exactly ocpp1.6 when ocpp0.1 and ocpp1.6 are offered', async () => {
    const result = await upgradeStatus(`${h.ocppUrl}/CP1`, ['ocpp0.1', 'ocpp1.6'])
    expect(result).toMatchObject({ status: 101, protocol: 'ocpp1.6' })
  })

  it('refuses an upgrade that offers no subprotocol', async () => {
    const result = await upgradeStatus(`${h.ocppUrl}/CP1`, undefined)
    expect(result.status).toBe(400)
  })

  it('takes the identity from the last path segment, whatever the prefix, percent-decoded', async () => {
    const base = h.ocppUrl.replace(/\/ocpp$/, '')
    // connect() percent-encodes the identity: the URL ends in /some/other/prefix/RDAM%20123
    const odd = await ScriptedChargePoint.connect(`${base}/some/other/prefix`, 'RDAM 123')
    await odd.boot()
    const stations = await h.invoke<StationSummary[]>('listStations')
    expect(stations.map((s) => s.id)).toContain('RDAM 123')
    await odd.close()
  })

  it('refuses a URL without an identity with 404', async () => {
    const base = h.ocppUrl.replace(/\/ocpp$/, '')
    const result = await upgradeStatus(`${base}/`, ['ocpp1.6'])
    expect(result.status).toBe(404)
  })

  it('answers a plain HTTP request on the OCPP port with 426 Upgrade Required', async () => {
    const response = await fetch(h.ocppUrl.replace(/^ws/, 'http'))
    expect(response.status).toBe(426)
    expect(await response.text()).toMatch(/OCPP 1\.6-J endpoint/)
  })
})
