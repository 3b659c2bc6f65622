import { afterEach, describe, expect, it } from 'vitest'
import type { CallCheck, CallTask, ConfigurationSnapshot } from '@shared/contract/dto'
import { startHarness, type Harness } from '../../support/csms-harness'

describe('what the CSMS sends by itself', () => {
  let h: Harness
  afterEach(async () => h.stop())

  it('outside certification mode it fetches the configuration after boot, after the BootNotification.conf, as an automatic task', async () => {
    h = await startHarness({ settings: { ocpp: { fetchConfigurationAfterBoot: true, certificationMode: false } } })
    const cp = await h.connect('CP-AUTO')
    const fetched = cp.nextCall('GetConfiguration')
    const boot = await cp.boot()
    expect(boot[2]).toMatchObject({ status: 'Accepted' })
    const call = await fetched
    // Frames as they came off the socket: the answer to the boot first, then our CALL.
    expect(cp.received.map((frame) => frame[0])).toEqual([3, 2])
    expect(call[3]).toEqual({})
    cp.answer(call, { configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '300' }] })
    await expect.poll(async () => Object.keys((await h.invoke<ConfigurationSnapshot>('getConfigurationSnapshot', { stationId: 'CP-AUTO' })).keys)).toEqual(['HeartbeatInterval'])
    const [task] = await h.invoke<CallTask[]>('listTasks', { stationId: 'CP-AUTO' })
    expect(task).toMatchObject({ action: 'GetConfiguration', origin: 'auto', state: 'answered' })
  })

  it('in certification mode a boot, status and transaction bring no CALL from the CSMS', async () => {
    h = await startHarness({ settings: { ocpp: { fetchConfigurationAfterBoot: true, certificationMode: true } } })
    await h.invoke('upsertIdTag', { idTag: 'TAG-001', status: 'Accepted' })
    const cp = await h.booted('CP-OCTT')
    await cp.call('StatusNotification', { connectorId: 0, status: 'Available', errorCode: 'NoError' })
    await cp.call('StartTransaction', { connectorId: 1, idTag: 'TAG-001', meterStart: 0, timestamp: new Date().toISOString() })
    await cp.call('Heartbeat', {})
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(cp.received.filter((frame) => frame[0] === 2)).toEqual([])
    expect(await h.invoke('listTasks', { stationId: 'CP-OCTT' })).toEqual([])
  })

  it('the setting can be changed over the API and is pushed to clients', async () => {
    h = await startHarness()
    const pushed: unknown[] = []
    h.csms.bus.on('settingsUpdated', (settings) => void pushed.push(settings))
    const answer = await h.http('updateSettings', { ocpp: { certificationMode: true } })
    expect(answer).toMatchObject({ status: 200, body: { ocpp: { certificationMode: true } } })
    expect(pushed).toEqual([expect.objectContaining({ ocpp: expect.objectContaining({ certificationMode: true }) })])
  })
})

describe('checkCall: what the CSMS would say, without sending', () => {
  let h: Harness
  afterEach(async () => h.stop())

  it('warns about free values and refuses only what breaks the schema; nothing reaches the station', async () => {
    h = await startHarness()
    const cp = await h.booted('CP-CHECK')
    await cp.call('StatusNotification', { connectorId: 1, status: 'Available', errorCode: 'NoError' })
    const beyond = await h.invoke<CallCheck>('checkCall', { stationId: 'CP-CHECK', action: 'UnlockConnector', payload: { connectorId: 2 } })
    expect(beyond).toMatchObject({ sendable: true, violations: [] })
    expect(beyond.warnings.join(' ')).toMatch(/Connector 2/)
    const unknownTx = await h.invoke<CallCheck>('checkCall', { stationId: 'CP-CHECK', action: 'RemoteStopTransaction', payload: { transactionId: 424242 } })
    expect(unknownTx.warnings.join(' ')).toMatch(/424242/)
    const broken = await h.invoke<CallCheck>('checkCall', { stationId: 'CP-CHECK', action: 'Reset', payload: { type: 'Warm' } })
    expect(broken).toMatchObject({ sendable: false, violations: [expect.objectContaining({ code: 'PropertyConstraintViolation' })] })
    const wrongWay = await h.invoke<CallCheck>('checkCall', { stationId: 'CP-CHECK', action: 'Heartbeat', payload: {} })
    expect(wrongWay.sendable).toBe(false)
    expect(wrongWay.reason).toMatch(/not an action a Central System sends/)
    await expect(h.invoke('checkCall', { stationId: 'NOPE', action: 'Reset', payload: { type: 'Soft' } })).rejects.toMatchObject({ code: 'NotFound' })
    expect(cp.received.filter((frame) => frame[0] === 2)).toEqual([])
  })
})
