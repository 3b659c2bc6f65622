import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startHarness, type Harness } from '../../support/csms-harness'
import type { ScriptedChargePoint } from '../../support/scripted-charge-point'

const now = () => new Date().toISOString()
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString()
const status = (connectorId: number, s: string, errorCode = 'NoError') => ({ connectorId, status: s, errorCode })

async function charging(cp: ScriptedChargePoint, idTag = 'TAG-001', connectorId = 1, extra: Record<string, unknown> = {}) {
  await cp.call('StatusNotification', status(connectorId, 'Preparing'))
  const start = await cp.call('StartTransaction', { connectorId, idTag, meterStart: 1000, timestamp: now(), ...extra })
  await cp.call('StatusNotification', status(connectorId, 'Charging'))
  return start[2] as { transactionId: number; idTagInfo: { status: string } }
}

describe('Core transactions', () => {
  let h: Harness
  let cp: ScriptedChargePoint
  beforeEach(async () => {
    h = await startHarness()
    await h.invoke('upsertIdTag', { idTag: 'TAG-001', status: 'Accepted' })
    await h.invoke('upsertIdTag', { idTag: 'TAG-002', status: 'Accepted' })
    cp = await h.booted('CP-TX')
  })
  afterEach(async () => h.stop())

  it('TC_003_CSMS regular charging session, plug-in first: Authorize and StartTransaction Accepted with a transactionId', async () => {
    await cp.call('StatusNotification', status(1, 'Preparing'))
    expect((await cp.call('Authorize', { idTag: 'TAG-001' }))[2]).toMatchObject({ idTagInfo: { status: 'Accepted' } })
    const start = await cp.call('StartTransaction', { connectorId: 1, idTag: 'TAG-001', meterStart: 0, timestamp: now() })
    expect(start[2]).toMatchObject({ idTagInfo: { status: 'Accepted' }, transactionId: expect.any(Number) })
    expect((start[2] as { transactionId: number }).transactionId).toBeGreaterThan(0)
    expect((await cp.call('StatusNotification', status(1, 'Charging')))[2]).toEqual({})
  })

  it('TC_007_CSMS a start with a cached id and no prior Authorize is Accepted', async () => {
    expect((await charging(cp)).idTagInfo.status).toBe('Accepted')
  })

  it('TC_005_1_CSMS EV side disconnected: StopTransaction(EVDisconnected) is acknowledged with idTagInfo', async () => {
    const { transactionId } = await charging(cp)
    await cp.call('StatusNotification', status(1, 'SuspendedEV'))
    const stop = await cp.call('StopTransaction', { transactionId, idTag: 'TAG-001', meterStop: 2000, timestamp: now(), reason: 'EVDisconnected' })
    expect(stop[2]).toEqual({ idTagInfo: { status: 'Accepted' } })
    expect(h.csms.storage.transactions.get(transactionId)?.stop).toMatchObject({ reason: 'EVDisconnected', meterStop: 2000 })
  })

  it('TC_037_1_CSMS / TC_039_CSMS offline start and stop with past timestamps are accepted and stored as sent', async () => {
    const startedAt = hoursAgo(4)
    const start = await cp.call('StartTransaction', { connectorId: 1, idTag: 'TAG-001', meterStart: 10, timestamp: startedAt })
    const { transactionId } = start[2] as { transactionId: number }
    expect(start[2]).toMatchObject({ idTagInfo: { status: 'Accepted' } })
    const stoppedAt = hoursAgo(3)
    expect((await cp.call('StopTransaction', { transactionId, meterStop: 500, timestamp: stoppedAt, reason: 'Local' }))[0]).toBe(3)
    expect(h.csms.storage.transactions.get(transactionId)).toMatchObject({ timestamp: startedAt, stop: { timestamp: stoppedAt, reason: 'Local' } })
  })

  it('TC_037_3_CSMS an offline start with an invalid tag gets Invalid and still a transactionId; DeAuthorized stop acknowledged', async () => {
    const start = await cp.call('StartTransaction', { connectorId: 1, idTag: 'UNKNOWN-TAG', meterStart: 10, timestamp: hoursAgo(1) })
    expect(start[2]).toMatchObject({ idTagInfo: { status: 'Invalid' }, transactionId: expect.any(Number) })
    const { transactionId } = start[2] as { transactionId: number }
    const stop = await cp.call('StopTransaction', { transactionId, meterStop: 20, timestamp: now(), reason: 'DeAuthorized' })
    expect(stop[0]).toBe(3)
  })

  it('TC_032_1_CSMS power failure: after a new boot the old transaction is stopped with PowerLoss', async () => {
    const { transactionId } = await charging(cp)
    cp.socket.terminate()
    const back = await h.connect('CP-TX')
    expect((await back.boot())[2]).toMatchObject({ status: 'Accepted' })
    await back.call('StatusNotification', status(0, 'Available'))
    await back.call('StatusNotification', status(1, 'Finishing'))
    expect((await back.call('StopTransaction', { transactionId, meterStop: 1500, timestamp: now(), reason: 'PowerLoss' }))[0]).toBe(3)
    expect(h.csms.storage.transactions.get(transactionId)?.stop?.reason).toBe('PowerLoss')
  })

  it('a retransmitted StartTransaction gets the same transactionId; transaction ids are unique', async () => {
    const request = { connectorId: 2, idTag: 'TAG-002', meterStart: 77, timestamp: now() }
    const first = (await cp.call('StartTransaction', request))[2] as { transactionId: number }
    const again = (await cp.call('StartTransaction', request))[2] as { transactionId: number }
    expect(again.transactionId).toBe(first.transactionId)
    const other = (await charging(cp, 'TAG-001', 1)).transactionId
    expect(other).not.toBe(first.transactionId)
  })

  it('ConcurrentTx when the tag already charges elsewhere, unless switched off', async () => {
    await charging(cp, 'TAG-001', 1)
    const second = await cp.call('StartTransaction', { connectorId: 2, idTag: 'TAG-001', meterStart: 5, timestamp: now() })
    expect(second[2]).toMatchObject({ idTagInfo: { status: 'ConcurrentTx' } })
    await h.invoke('updateSettings', { ocpp: { rejectConcurrentTx: false } })
    const third = await cp.call('StartTransaction', { connectorId: 2, idTag: 'TAG-001', meterStart: 6, timestamp: now() })
    expect(third[2]).toMatchObject({ idTagInfo: { status: 'Accepted' } })
  })

  it('StopTransaction for an unknown or -1 id is acknowledged and kept as an orphan; a duplicate stop is idempotent', async () => {
    expect((await cp.call('StopTransaction', { transactionId: -1, meterStop: 1, timestamp: now() }))[0]).toBe(3)
    expect((await cp.call('StopTransaction', { transactionId: 987654, idTag: 'TAG-001', meterStop: 1, timestamp: now() }))[2]).toEqual({ idTagInfo: { status: 'Accepted' } })
    expect(h.csms.storage.transactions.list().filter((t) => t.orphan).map((t) => t.transactionId).sort()).toEqual([-1, 987654])
    const { transactionId } = await charging(cp)
    const stop = { transactionId, meterStop: 3000, timestamp: now(), reason: 'Local' }
    await cp.call('StopTransaction', stop)
    expect((await cp.call('StopTransaction', { ...stop, meterStop: 1 }))[0]).toBe(3)
    expect(h.csms.storage.transactions.get(transactionId)?.stop?.meterStop).toBe(3000)
  })

  it('MeterValues are linked to their transaction (also -1) and answered {}', async () => {
    const { transactionId } = await charging(cp)
    const meterValue = [{ timestamp: now(), sampledValue: [{ value: '1234', measurand: 'Energy.Active.Import.Register', unit: 'Wh', context: 'Sample.Periodic' }, { value: 'AB12', format: 'SignedData' }, { value: '21.5', measurand: 'Temperature', unit: 'Celcius' }, { value: '22', measurand: 'Temperature', unit: 'Celsius' }] }]
    expect((await cp.call('MeterValues', { connectorId: 1, transactionId, meterValue }))[2]).toEqual({})
    expect((await cp.call('MeterValues', { connectorId: 1, transactionId: -1, meterValue }))[2]).toEqual({})
    expect((await cp.call('MeterValues', { connectorId: 0, meterValue }))[2]).toEqual({})
    const stored = await h.csms.storage.meterValues.forTransaction(transactionId)
    expect(stored).toHaveLength(1)
    expect(stored[0]!.meterValue[0]!.sampledValue).toHaveLength(4)
  })
})

describe('transactions and restarts', () => {
  it('a transaction survives a restart of the app and its stop is accepted after it; ids are never reused', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'csms-tx-restart-'))
    try {
      const first = await startHarness({ inMemory: false, dataDir })
      await first.invoke('upsertIdTag', { idTag: 'TAG-001', status: 'Accepted' })
      const cp = await first.booted('CP-R')
      const { transactionId } = await charging(cp)
      await first.stop()
      const second = await startHarness({ inMemory: false, dataDir })
      try {
        expect(second.csms.storage.transactions.get(transactionId)).toMatchObject({ idTag: 'TAG-001' })
        expect(second.csms.storage.transactions.get(transactionId)?.stop).toBeUndefined()
        const again = await second.connect('CP-R')
        await again.call('StopTransaction', { transactionId, meterStop: 4000, timestamp: now(), reason: 'Local' })
        expect(second.csms.storage.transactions.get(transactionId)?.stop?.meterStop).toBe(4000)
        const next = (await again.call('StartTransaction', { connectorId: 1, idTag: 'TAG-001', meterStart: 4000, timestamp: now() }))[2] as { transactionId: number }
        expect(next.transactionId).toBeGreaterThan(transactionId)
      } finally {
        await second.stop()
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true })
    }
  })
})
