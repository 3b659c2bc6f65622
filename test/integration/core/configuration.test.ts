import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CallTask, ConfigurationSnapshot } from '@shared/contract/dto'
import { startHarness, type Harness } from '../../support/csms-harness'
import type { ScriptedChargePoint } from '../../support/scripted-charge-point'

describe('configuration through the API', () => {
  let h: Harness
  let cp: ScriptedChargePoint
  beforeEach(async () => {
    h = await startHarness()
    cp = await h.booted('CP-CFG')
  })
  afterEach(async () => h.stop())

  async function send(action: string, payload: unknown, answer: unknown): Promise<{ task: CallTask; call: unknown[] }> {
    const pending = h.invoke<CallTask>('sendCall', { stationId: 'CP-CFG', action, payload, wait: true })
    const call = await cp.nextCall(action)
    cp.answer(call, answer)
    return { task: await pending, call }
  }

  it('TC_019_1_CSMS GetConfiguration with no keys fills the snapshot with every key and readonly flag', async () => {
    const { call } = await send('GetConfiguration', {}, { configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '300' }, { key: 'NumberOfConnectors', readonly: true, value: '2' }] })
    expect(call[3]).toEqual({})
    const snapshot = await h.invoke<ConfigurationSnapshot>('getConfigurationSnapshot', { stationId: 'CP-CFG' })
    expect(snapshot.keys.NumberOfConnectors).toMatchObject({ readonly: true, value: '2' })
    expect(snapshot.fullFetchAt).toBeDefined()
  })

  it('TC_019_2_CSMS GetConfiguration for SupportedFeatureProfiles', async () => {
    const { call, task } = await send('GetConfiguration', { key: ['SupportedFeatureProfiles'] }, { configurationKey: [{ key: 'SupportedFeatureProfiles', readonly: true, value: 'Core,SmartCharging' }], unknownKey: [] })
    expect(call[3]).toEqual({ key: ['SupportedFeatureProfiles'] })
    expect(task.state).toBe('answered')
  })

  it('TC_021_CSMS ChangeConfiguration MeterValueSampleInterval=60 Accepted updates the snapshot', async () => {
    const { call } = await send('ChangeConfiguration', { key: 'MeterValueSampleInterval', value: '60' }, { status: 'Accepted' })
    expect(call[3]).toEqual({ key: 'MeterValueSampleInterval', value: '60' })
    const snapshot = await h.invoke<ConfigurationSnapshot>('getConfigurationSnapshot', { stationId: 'CP-CFG' })
    expect(snapshot.keys.MeterValueSampleInterval).toMatchObject({ value: '60', source: 'ChangeConfiguration' })
  })

  it('TC_040_1_CSMS / TC_040_2_CSMS an unknown key and an invalid value are sent as typed, with warnings, and change nothing', async () => {
    await send('GetConfiguration', {}, { configurationKey: [{ key: 'MeterValueSampleInterval', readonly: false, value: '0' }] })
    const unknown = await send('ChangeConfiguration', { key: 'ThisKeyDoesNotExist', value: 'x' }, { status: 'NotSupported' })
    expect(unknown.call[3]).toEqual({ key: 'ThisKeyDoesNotExist', value: 'x' })
    expect(unknown.task.warnings?.[0]).toMatch(/NotSupported/)
    const invalid = await send('ChangeConfiguration', { key: 'MeterValueSampleInterval', value: '-1' }, { status: 'Rejected' })
    expect(invalid.task.response).toEqual({ status: 'Rejected' })
    const snapshot = await h.invoke<ConfigurationSnapshot>('getConfigurationSnapshot', { stationId: 'CP-CFG' })
    expect(snapshot.keys.MeterValueSampleInterval!.value).toBe('0')
    expect(snapshot.keys.ThisKeyDoesNotExist).toBeUndefined()
  })

  it('TC_028_CSMS RemoteStop for an unknown transaction is sent with a warning and the Rejected answer kept', async () => {
    const { call, task } = await send('RemoteStopTransaction', { transactionId: 424242 }, { status: 'Rejected' })
    expect(call[3]).toEqual({ transactionId: 424242 })
    expect(task.warnings?.[0]).toMatch(/424242/)
    expect(task.response).toEqual({ status: 'Rejected' })
  })
})
