import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CallTask, StationFileStatus } from '@shared/contract'
import { startHarness, type Harness } from '../../support/csms-harness'
import type { ScriptedChargePoint } from '../../support/scripted-charge-point'

const CONNECTOR = 1

describe('Remote Trigger OCTT cases', () => {
  let h: Harness
  let cp: ScriptedChargePoint
  beforeEach(async () => {
    h = await startHarness()
    cp = await h.booted('CP-TRG')
    for (const connectorId of [0, 1, 2]) await cp.call('StatusNotification', { connectorId, status: 'Available', errorCode: 'NoError' })
  })
  afterEach(async () => h.stop())

  /** TriggerMessage through the API; the station answers, then (if Accepted) sends `then`. */
  async function trigger(payload: Record<string, unknown>, answer: string, then?: () => Promise<unknown>): Promise<CallTask> {
    const incoming = cp.nextCall('TriggerMessage')
    const task = await h.invoke<CallTask>('sendCall', { stationId: 'CP-TRG', action: 'TriggerMessage', payload })
    const call = await incoming
    expect(call[3]).toEqual(payload)
    cp.answer(call, { status: answer })
    if (then) await then()
    await expect.poll(async () => (await h.invoke<CallTask[]>('listTasks', { stationId: 'CP-TRG' })).find((t) => t.id === task.id)?.finishedAt).toBeDefined()
    return task
  }
  const task = async (id: string) => (await h.invoke<CallTask[]>('listTasks', { stationId: 'CP-TRG' })).find((t) => t.id === id)!

  it('TC_054_CSMS MeterValues, Heartbeat, StatusNotification, DiagnosticsStatusNotification (Idle) and FirmwareStatusNotification triggered; each message the station then sends is shown with its trigger', async () => {
    const meter = await trigger({ requestedMessage: 'MeterValues', connectorId: CONNECTOR }, 'Accepted', () =>
      cp.call('MeterValues', { connectorId: CONNECTOR, meterValue: [{ timestamp: new Date().toISOString(), sampledValue: [{ value: '100', context: 'Trigger' }] }] }),
    )
    const heartbeat = await trigger({ requestedMessage: 'Heartbeat' }, 'Accepted', () => cp.call('Heartbeat', {}))
    const statusTask = await trigger({ requestedMessage: 'StatusNotification', connectorId: CONNECTOR }, 'Accepted', () => cp.call('StatusNotification', { connectorId: CONNECTOR, status: 'Available', errorCode: 'NoError' }))
    const diagnostics = await trigger({ requestedMessage: 'DiagnosticsStatusNotification' }, 'Accepted', () => cp.call('DiagnosticsStatusNotification', { status: 'Idle' }))
    const firmware = await trigger({ requestedMessage: 'FirmwareStatusNotification' }, 'NotImplemented')
    await expect.poll(async () => (await task(meter.id)).triggered?.action).toBe('MeterValues')
    expect((await task(heartbeat.id)).triggered).toMatchObject({ action: 'Heartbeat' })
    expect((await task(statusTask.id)).triggered).toMatchObject({ action: 'StatusNotification', payload: { connectorId: CONNECTOR } })
    expect((await task(diagnostics.id)).triggered).toMatchObject({ action: 'DiagnosticsStatusNotification', payload: { status: 'Idle' } })
    expect(await task(firmware.id)).toMatchObject({ state: 'answered', response: { status: 'NotImplemented' } })
    expect((await task(firmware.id)).triggered).toBeUndefined()
    const files = await h.invoke<StationFileStatus>('getStationFileStatus', { stationId: 'CP-TRG' })
    expect(files.diagnostics.lastStatus?.status).toBe('Idle')
  })

  it('TC_055_CSMS TriggerMessage for connector NumberOfConnectors + 1 is sent with a warning and Rejected', async () => {
    const rejected = await trigger({ requestedMessage: 'MeterValues', connectorId: 3 }, 'Rejected')
    const finished = await task(rejected.id)
    expect(finished).toMatchObject({ state: 'answered', response: { status: 'Rejected' } })
    expect(finished.warnings?.join()).toMatch(/Connector 3 .*TC_055/)
  })

  it('BootNotification after an Accepted boot is warned about (errata 3.40), and still sent', async () => {
    const boot = await trigger({ requestedMessage: 'BootNotification' }, 'Rejected')
    expect((await task(boot.id)).warnings?.join()).toMatch(/errata 3.40/)
  })
})
