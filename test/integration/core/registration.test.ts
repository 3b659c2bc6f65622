import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { StationDetail } from '@shared/contract/dto'
import { startHarness, type Harness } from '../../support/csms-harness'
import { upgradeStatus } from '../../support/scripted-charge-point'

describe('registration policy (BootNotification Accepted / Pending / Rejected)', () => {
  let h: Harness
  beforeEach(async () => {
    h = await startHarness()
  })
  afterEach(async () => h.stop())

  it('an unknown identity is Pending when the setting says so; other requests get SecurityError; the operator approves', async () => {
    await h.invoke('updateSettings', { ocpp: { unknownStations: 'pending', heartbeatIntervalSec: 60 } })
    const cp = await h.connect('CP-NEWBIE')
    const boot = await cp.boot()
    expect(boot[2]).toMatchObject({ status: 'Pending', interval: 60 })
    expect((await cp.call('Heartbeat', {}))[2]).toBe('SecurityError')
    // While Pending the CSMS may still configure the station.
    const pending = h.invoke('sendCall', { stationId: 'CP-NEWBIE', action: 'GetConfiguration', payload: {}, wait: true })
    cp.answer(await cp.nextCall('GetConfiguration'), { configurationKey: [] })
    expect(await pending).toMatchObject({ state: 'answered' })
    await h.invoke<StationDetail>('setRegistration', { stationId: 'CP-NEWBIE', status: 'Accepted' })
    expect((await cp.boot())[2]).toMatchObject({ status: 'Accepted' })
    expect((await cp.call('Heartbeat', {}))[0]).toBe(3)
  })

  it('a Pending station may send what a TriggerMessage asked for, sent in the same breath as its answer; nothing else', async () => {
    await h.invoke('updateSettings', { ocpp: { unknownStations: 'pending' } })
    const cp = await h.connect('CP-TRIGGERED')
    expect((await cp.boot())[2]).toMatchObject({ status: 'Pending' })
    const sent = h.invoke('sendCall', { stationId: 'CP-TRIGGERED', action: 'TriggerMessage', payload: { requestedMessage: 'StatusNotification' }, wait: true })
    const trigger = await cp.nextCall('TriggerMessage')
    // The answer and the triggered message leave in one write, as a quick station sends them.
    const statusId = 'triggered-status'
    const answered = cp.next((frame) => frame[1] === statusId)
    cp.socket.send(`${JSON.stringify([3, trigger[1], { status: 'Accepted' }])}`)
    cp.socket.send(JSON.stringify([2, statusId, 'StatusNotification', { connectorId: 0, status: 'Available', errorCode: 'NoError' }]))
    expect(await answered).toEqual([3, statusId, {}])
    expect(await sent).toMatchObject({ state: 'answered' })
    expect((await cp.call('StatusNotification', { connectorId: 1, status: 'Available', errorCode: 'NoError' }))[0]).toBe(3)
    expect((await cp.call('Heartbeat', {}))[2]).toBe('SecurityError')
  })

  it('a Rejected station gets Rejected at boot and nothing else is served', async () => {
    await h.invoke('setRegistration', { stationId: 'CP-NO', status: 'Rejected' })
    const cp = await h.connect('CP-NO')
    expect((await cp.boot())[2]).toMatchObject({ status: 'Rejected' })
    expect((await cp.call('StatusNotification', { connectorId: 0, errorCode: 'NoError', status: 'Available' }))[2]).toBe('SecurityError')
    const task = await h.invoke<{ warnings?: string[] }>('sendCall', { stationId: 'CP-NO', action: 'ClearCache', payload: {} })
    expect(task.warnings?.[0]).toMatch(/Rejected/)
  })

  it('unknown identities can be refused with HTTP 404; a registered one is let in', async () => {
    await h.invoke('updateSettings', { ocpp: { unknownStations: 'reject' } })
    expect((await upgradeStatus(`${h.ocppUrl}/CP-STRANGER`, ['ocpp1.6'])).status).toBe(404)
    await h.invoke('setRegistration', { stationId: 'CP-KNOWN', status: 'Accepted' })
    const cp = await h.connect('CP-KNOWN')
    expect((await cp.boot())[2]).toMatchObject({ status: 'Accepted' })
  })

  it('TC_013_CSMS / TC_014_CSMS after a Reset the station boots again and is Accepted', async () => {
    const cp = await h.booted('CP-RESET')
    for (const type of ['Hard', 'Soft']) {
      const pending = h.invoke('sendCall', { stationId: 'CP-RESET', action: 'Reset', payload: { type }, wait: true })
      const call = await cp.nextCall('Reset')
      expect(call[3]).toEqual({ type })
      cp.answer(call, { status: 'Accepted' })
      expect(await pending).toMatchObject({ state: 'answered', response: { status: 'Accepted' } })
      expect((await cp.boot())[2]).toMatchObject({ status: 'Accepted' })
      expect((await cp.call('StatusNotification', { connectorId: 0, errorCode: 'NoError', status: 'Available' }))[2]).toEqual({})
    }
  })
})
