import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { StationSummary } from '@shared/contract/dto'
import { startHarness, type Harness } from '../../support/csms-harness'

const UTC_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/

describe('BootNotification and Heartbeat', () => {
  let h: Harness
  beforeEach(async () => {
    h = await startHarness()
  })
  afterEach(async () => h.stop())

  it('TC_001_CSMS cold boot is Accepted with the configured interval and a UTC time with milliseconds', async () => {
    await h.invoke('updateSettings', { ocpp: { heartbeatIntervalSec: 120 } })
    const cp = await h.connect('CP-BOOT')
    const [type, , payload] = await cp.boot('Vendor', 'Model', { firmwareVersion: '1.2.3', chargePointSerialNumber: 'SN1' })
    expect(type).toBe(3)
    expect(payload).toMatchObject({ status: 'Accepted', interval: 120 })
    expect((payload as { currentTime: string }).currentTime).toMatch(UTC_MS)
  })

  it('answers Heartbeat with the current UTC time with milliseconds', async () => {
    const cp = await h.booted('CP-HB')
    const [type, , payload] = await cp.call('Heartbeat', {})
    expect(type).toBe(3)
    expect((payload as { currentTime: string }).currentTime).toMatch(UTC_MS)
    expect(Math.abs(Date.parse((payload as { currentTime: string }).currentTime) - Date.now())).toBeLessThan(5000)
  })

  it('a per-station heartbeat interval overrides the global one', async () => {
    const cp = await h.booted('CP-OVR')
    await h.invoke('updateStation', { stationId: 'CP-OVR', overrides: { heartbeatIntervalSec: 42 } })
    const [, , payload] = await cp.boot()
    expect(payload).toMatchObject({ interval: 42 })
  })

  it('lists the booted station online with its boot info', async () => {
    await (await h.connect('CP-LIST')).boot('ACME', 'Wallbox 22', { firmwareVersion: 'fw-9' })
    const stations = await h.invoke<StationSummary[]>('listStations')
    const station = stations.find((s) => s.id === 'CP-LIST')
    expect(station?.connection.connected).toBe(true)
    expect(station?.boot).toMatchObject({ chargePointVendor: 'ACME', chargePointModel: 'Wallbox 22', firmwareVersion: 'fw-9' })
    expect(station?.registrationStatus).toBe('Accepted')
    expect(station?.lastSeen).toMatch(UTC_MS)
  })

  it('a station never accepted gets SecurityError for anything but BootNotification', async () => {
    const cp = await h.connect('CP-NEW')
    const answer = await cp.call('Heartbeat', {})
    expect(answer[0]).toBe(4)
    expect(answer[2]).toBe('SecurityError')
  })

  it('a station accepted before is served after reconnecting without a BootNotification', async () => {
    const first = await h.booted('CP-BACK')
    await first.close()
    const again = await h.connect('CP-BACK')
    const answer = await again.call('Heartbeat', {})
    expect(answer[0]).toBe(3)
  })
})
