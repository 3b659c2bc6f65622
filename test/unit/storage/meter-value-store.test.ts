import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { MeterValueStore } from '../../../src/main/storage/meter-value-store'

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined }
const sample = (value: string) => [{ timestamp: '2026-01-01T10:00:00Z', sampledValue: [{ value, measurand: 'Energy.Active.Import.Register' as const, unit: 'Wh' as const }] }]

describe('meter value store', () => {
  it('reads back one transaction’s values in order, also after a reopen, without mixing others', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mv-'))
    try {
      const store = await MeterValueStore.open({ dir, logger: quiet })
      await store.append({ stationId: 'CP1', connectorId: 1, transactionId: 5, meterValue: sample('10'), source: 'MeterValues', receivedAt: 't1' })
      await store.append({ stationId: 'CP1', connectorId: 0, meterValue: sample('99'), source: 'MeterValues', receivedAt: 't2' })
      await store.append({ stationId: 'CP1', connectorId: 1, transactionId: 5, meterValue: sample('20'), source: 'StopTransaction', receivedAt: 't3' })
      await store.append({ stationId: 'CP2', connectorId: 1, transactionId: 6, meterValue: sample('30'), source: 'MeterValues', receivedAt: 't4' })
      await store.close()
      const reopened = await MeterValueStore.open({ dir, logger: quiet })
      const values = await reopened.forTransaction(5)
      expect(values.map((v) => v.meterValue[0]!.sampledValue[0]!.value)).toEqual(['10', '20'])
      expect(values[1]!.source).toBe('StopTransaction')
      expect(reopened.size).toBe(4)
      expect(await reopened.forTransaction(404)).toEqual([])
      await reopened.close()
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('indexes any JSON integer a station sends as transactionId (1e+300 is not transaction 1 after a reopen)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mv-'))
    try {
      const store = await MeterValueStore.open({ dir, logger: quiet })
      await store.append({ stationId: 'CP1', connectorId: 1, transactionId: 1, meterValue: sample('10'), source: 'MeterValues', receivedAt: 't1' })
      await store.append({ stationId: 'CP2', connectorId: 1, transactionId: 1e300, meterValue: sample('20'), source: 'MeterValues', receivedAt: 't2' })
      await store.close()
      const reopened = await MeterValueStore.open({ dir, logger: quiet })
      expect((await reopened.forTransaction(1)).map((v) => v.stationId)).toEqual(['CP1'])
      expect((await reopened.forTransaction(1e300)).map((v) => v.stationId)).toEqual(['CP2'])
      await reopened.close()
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('gives the newest records of a transaction within a byte budget (at least one), and how many older ones it left out', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mv-'))
    try {
      const store = await MeterValueStore.open({ dir, logger: quiet })
      for (let i = 0; i < 10; i += 1) await store.append({ stationId: 'CP1', connectorId: 1, transactionId: 5, meterValue: sample(String(i).repeat(3000)), source: 'MeterValues', receivedAt: `t${i}` })
      const some = await store.newestForTransaction(5, 10_000)
      expect(some.omitted).toBe(7)
      expect(some.records.map((r) => r.receivedAt)).toEqual(['t7', 't8', 't9'])
      expect((await store.newestForTransaction(5, 1)).records.map((r) => r.receivedAt)).toEqual(['t9'])
      expect((await store.newestForTransaction(5, Number.POSITIVE_INFINITY)).omitted).toBe(0)
      expect(await store.newestForTransaction(404, 10)).toEqual({ records: [], omitted: 0, skipped: 0 })
      await store.close()
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
