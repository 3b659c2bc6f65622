import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CallTask } from '@shared/contract/dto'
import { startHarness, type Harness } from '../../support/csms-harness'
import type { ScriptedChargePoint } from '../../support/scripted-charge-point'

const now = () => new Date().toISOString()
const status = (connectorId: number, s: string, errorCode = 'NoError') => ({ connectorId, status: s, errorCode })

describe('Core remote control (the CSMS drives, a scripted charge point answers)', () => {
  let h: Harness
  let cp: ScriptedChargePoint
  beforeEach(async () => {
    h = await startHarness()
    await h.invoke('upsertIdTag', { idTag: 'TAG-001', status: 'Accepted' })
    cp = await h.booted('CP-RC')
  })
  afterEach(async () => h.stop())

  /** Send from the API, check what arrives, answer it, return the finished task. */
  async function operate(action: string, payload: unknown, answer: unknown): Promise<CallTask> {
    const pending = h.invoke<CallTask>('sendCall', { stationId: 'CP-RC', action, payload, wait: true })
    const call = await cp.nextCall(action)
    expect(call[3]).toEqual(payload)
    cp.answer(call, answer)
    return pending
  }

  async function startCharging(connectorId = 1): Promise<number> {
    await cp.call('StatusNotification', status(connectorId, 'Preparing'))
    const start = await cp.call('StartTransaction', { connectorId, idTag: 'TAG-001', meterStart: 0, timestamp: now() })
    await cp.call('StatusNotification', status(connectorId, 'Charging'))
    return (start[2] as { transactionId: number }).transactionId
  }

  it('TC_004_1_CSMS identification first: Authorize, Preparing, StartTransaction, Charging', async () => {
    expect((await cp.call('Authorize', { idTag: 'TAG-001' }))[2]).toMatchObject({ idTagInfo: { status: 'Accepted' } })
    expect(await startCharging()).toBeGreaterThan(0)
  })

  it('TC_004_2_CSMS connection timeout: Preparing then Available, no transaction', async () => {
    await cp.call('Authorize', { idTag: 'TAG-001' })
    await cp.call('StatusNotification', status(1, 'Preparing'))
    expect((await cp.call('StatusNotification', status(1, 'Available')))[2]).toEqual({})
    expect(h.csms.storage.transactions.list({ stationId: 'CP-RC' })).toEqual([])
  })

  it('TC_010_CSMS remote start, cable plugged in first', async () => {
    await cp.call('StatusNotification', status(1, 'Preparing'))
    expect(await operate('RemoteStartTransaction', { connectorId: 1, idTag: 'TAG-001' }, { status: 'Accepted' })).toMatchObject({ state: 'answered', response: { status: 'Accepted' } })
    expect((await cp.call('Authorize', { idTag: 'TAG-001' }))[2]).toMatchObject({ idTagInfo: { status: 'Accepted' } })
    const start = await cp.call('StartTransaction', { connectorId: 1, idTag: 'TAG-001', meterStart: 0, timestamp: now() })
    expect(start[2]).toMatchObject({ idTagInfo: { status: 'Accepted' } })
  })

  it('TC_011_1_CSMS remote start first, then Authorize, Preparing, StartTransaction', async () => {
    await operate('RemoteStartTransaction', { connectorId: 1, idTag: 'TAG-001' }, { status: 'Accepted' })
    expect((await cp.call('Authorize', { idTag: 'TAG-001' }))[2]).toMatchObject({ idTagInfo: { status: 'Accepted' } })
    expect(await startCharging()).toBeGreaterThan(0)
  })

  it('TC_011_2_CSMS remote start that times out on the station: Available again, no error', async () => {
    await operate('RemoteStartTransaction', { connectorId: 1, idTag: 'TAG-001' }, { status: 'Accepted' })
    await cp.call('Authorize', { idTag: 'TAG-001' })
    await cp.call('StatusNotification', status(1, 'Preparing'))
    expect((await cp.call('StatusNotification', status(1, 'Available')))[2]).toEqual({})
  })

  it('TC_012_CSMS remote stop with the transactionId the CSMS assigned', async () => {
    const transactionId = await startCharging()
    const task = await operate('RemoteStopTransaction', { transactionId }, { status: 'Accepted' })
    expect(task.warnings ?? []).toEqual([])
    expect((await cp.call('StopTransaction', { transactionId, meterStop: 100, timestamp: now(), reason: 'Remote', idTag: 'TAG-001' }))[2]).toEqual({ idTagInfo: { status: 'Accepted' } })
    await cp.call('StatusNotification', status(1, 'Finishing'))
    await cp.call('StatusNotification', status(1, 'Available'))
    expect(h.csms.storage.transactions.get(transactionId)?.stop?.reason).toBe('Remote')
  })

  it('TC_017_1_CSMS / TC_017_2_CSMS unlock without a session: Unlocked, or NotSupported for a fixed cable', async () => {
    expect((await operate('UnlockConnector', { connectorId: 1 }, { status: 'Unlocked' })).response).toEqual({ status: 'Unlocked' })
    expect((await operate('UnlockConnector', { connectorId: 1 }, { status: 'NotSupported' })).response).toEqual({ status: 'NotSupported' })
  })

  it('TC_018_1_CSMS unlock during a session: the station stops with UnlockCommand', async () => {
    const transactionId = await startCharging()
    await operate('UnlockConnector', { connectorId: 1 }, { status: 'Unlocked' })
    await cp.call('StatusNotification', status(1, 'Finishing'))
    expect((await cp.call('StopTransaction', { transactionId, meterStop: 50, timestamp: now(), reason: 'UnlockCommand' }))[0]).toBe(3)
    expect(h.csms.storage.transactions.get(transactionId)?.stop?.reason).toBe('UnlockCommand')
  })

  it('TC_026_CSMS remote start Rejected: no transaction expected', async () => {
    expect((await operate('RemoteStartTransaction', { connectorId: 1, idTag: 'TAG-001' }, { status: 'Rejected' })).response).toEqual({ status: 'Rejected' })
    expect(h.csms.storage.transactions.list({ stationId: 'CP-RC' })).toEqual([])
  })

  it('TC_030_CSMS / TC_031_CSMS unlock failure and an unknown connector (sent with a warning)', async () => {
    expect((await operate('UnlockConnector', { connectorId: 1 }, { status: 'UnlockFailed' })).response).toEqual({ status: 'UnlockFailed' })
    await cp.call('StatusNotification', status(1, 'Available'))
    await cp.call('StatusNotification', status(2, 'Available'))
    const unknown = await operate('UnlockConnector', { connectorId: 3 }, { status: 'NotSupported' })
    expect(unknown.response).toEqual({ status: 'NotSupported' })
    expect(unknown.warnings?.[0]).toMatch(/Connector 3/)
  })

  it('TC_061_CSMS ClearCache: sends {} and keeps Accepted or Rejected', async () => {
    expect((await operate('ClearCache', {}, { status: 'Accepted' })).response).toEqual({ status: 'Accepted' })
    expect((await operate('ClearCache', {}, { status: 'Rejected' })).response).toEqual({ status: 'Rejected' })
  })

  it('ChangeAvailability Scheduled and a CS→CP DataTransfer with every answer kept', async () => {
    expect((await operate('ChangeAvailability', { connectorId: 0, type: 'Inoperative' }, { status: 'Scheduled' })).response).toEqual({ status: 'Scheduled' })
    for (const answer of ['Accepted', 'Rejected', 'UnknownMessageId', 'UnknownVendorId']) {
      expect((await operate('DataTransfer', { vendorId: 'com.example', messageId: 'Ping', data: 'x' }, { status: answer })).response).toEqual({ status: answer })
    }
  })
})
