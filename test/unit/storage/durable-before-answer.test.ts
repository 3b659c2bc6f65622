/**
 * DESIGN rule 9: a StartTransaction, StopTransaction or MeterValues is acknowledged only once its
 * record is durable. The stores' promises are what the handlers wait on before answering, so each
 * must stay pending while the journal's durable write is held at a gate.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { MeterValueStore } from '../../../src/main/storage/meter-value-store'
import { TransactionStore } from '../../../src/main/storage/transaction-store'
import { durabilityGate, heldAtGate } from '../../support/durability-gate'
import { recordingLogger, tempDirs } from './helpers'

const dirs = tempDirs()
afterEach(() => dirs.cleanup())

const start = { transactionId: 7, stationId: 'CP1', connectorId: 1, idTag: 'TAG-1', meterStart: 0, timestamp: '2026-01-01T10:00:00Z', idTagInfo: { status: 'Accepted' as const }, receivedAt: '2026-01-01T10:00:00.000Z' }
const stop = { meterStop: 900, timestamp: '2026-01-01T11:00:00Z', reason: 'Local', receivedAt: '2026-01-01T11:00:00.000Z' }

describe('records are durable before the store says they are stored', () => {
  it('recordStart resolves only after the durable write of the start', async () => {
    const gate = durabilityGate()
    const store = await TransactionStore.open({ dir: await dirs.make(), logger: recordingLogger(), datasync: gate.datasync })
    const { settledWhileClosed, value } = await heldAtGate(gate, () => store.recordStart(start))
    expect(settledWhileClosed, 'recordStart resolved while its journal write was still held back').toBe(false)
    expect(value.transactionId).toBe(7)
    await store.close()
  })

  it('recordStop resolves only after the durable write of the stop', async () => {
    const gate = durabilityGate()
    const store = await TransactionStore.open({ dir: await dirs.make(), logger: recordingLogger(), datasync: gate.datasync })
    await store.recordStart(start)
    const { settledWhileClosed, value } = await heldAtGate(gate, () => store.recordStop('CP1', 7, stop))
    expect(settledWhileClosed, 'recordStop resolved while its journal write was still held back').toBe(false)
    expect(value).toMatchObject({ duplicate: false, record: { stop: { meterStop: 900 } } })
    await store.close()
  })

  it('a meter-value append resolves only after its durable write', async () => {
    const gate = durabilityGate()
    const store = await MeterValueStore.open({ dir: await dirs.make(), logger: recordingLogger(), datasync: gate.datasync })
    const record = { stationId: 'CP1', connectorId: 1, transactionId: 7, source: 'MeterValues' as const, receivedAt: 't', meterValue: [{ timestamp: '2026-01-01T10:00:00Z', sampledValue: [{ value: '10' }] }] }
    const { settledWhileClosed } = await heldAtGate(gate, () => store.append(record))
    expect(settledWhileClosed, 'MeterValueStore.append resolved while its journal write was still held back').toBe(false)
    expect(await store.forTransaction(7)).toHaveLength(1)
    await store.close()
  })
})
