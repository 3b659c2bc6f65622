/**
 * Issue 18 §3: a transaction's meter values grow with what its station sent. Reading them back and
 * writing them as CSV is done in slices that yield, and gives what it gave in one go.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { MeterValueBatch } from '@shared/contract/dto'
import { meterValuesCsv, meterValuesCsvSliced } from '../../../src/main/services/transaction-csv'
import { MeterValueStore } from '../../../src/main/storage/meter-value-store'
import { toCsv, toCsvSliced } from '../../../src/main/util/csv-cells'
import { TimeSlices, useSliceScheduler } from '../../../src/main/util/time-slices'
import { countingScheduler } from '../../support/counting-scheduler'

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined }
let restore: (() => void) | undefined
afterEach(() => {
  restore?.()
  restore = undefined
})

/** One MeterValues message of a long transaction: ten sampled values, one of them formula-like text. */
function batch(i: number): MeterValueBatch {
  return {
    transactionId: 7,
    stationId: 'CP-1',
    connectorId: 1,
    source: 'MeterValues',
    receivedAt: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
    meterValue: [{ timestamp: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(), sampledValue: Array.from({ length: 10 }, (_, k) => ({ value: k === 9 ? `=1+${i}` : String(i * 10 + k), measurand: 'Energy.Active.Import.Register' as const, unit: 'Wh' as const })) }],
  } as MeterValueBatch
}

describe('a long transaction’s meter values', () => {
  it('are written as CSV in slices, the same text as in one go', async () => {
    const batches = Array.from({ length: 3000 }, (_, i) => batch(i))
    const scheduler = countingScheduler()
    const csv = await meterValuesCsvSliced(batches, new TimeSlices(scheduler))
    expect(scheduler.yields).toBeGreaterThan(0)
    expect(csv).toBe(meterValuesCsv(batches))
    expect(csv.split('\n')).toHaveLength(30_000 + 2)
  })

  it('CSV in slices is the same text as in one go for any row count, quotes, line breaks and formula cells included', async () => {
    const fields = ['a', 'b', 'c']
    for (const count of [0, 1, 499, 500, 501, 2345]) {
      const rows = Array.from({ length: count }, (_, i) => [String(i), i % 3 === 0 ? `=HYPERLINK("x")\n${i}` : `a,"b"`, i % 2 ? '-1.5' : '@cmd'])
      expect(await toCsvSliced(fields, rows, new TimeSlices(countingScheduler()))).toBe(toCsv(fields, rows))
    }
  })

  it('are read back from the journal in slices, in arrival order', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mv-slices-'))
    try {
      const store = await MeterValueStore.open({ dir, logger: quiet })
      for (let i = 0; i < 400; i += 1) await store.append(batch(i))
      const scheduler = countingScheduler()
      restore = useSliceScheduler(scheduler)
      const all = await store.forTransaction(7)
      const newest = await store.newestForTransaction(7, 64 * 1024)
      expect(scheduler.yields).toBeGreaterThan(0)
      expect(all.map((b) => b.receivedAt)).toEqual(Array.from({ length: 400 }, (_, i) => batch(i).receivedAt))
      expect(newest.records.at(-1)!.receivedAt).toBe(batch(399).receivedAt)
      expect(newest.omitted + newest.records.length).toBe(400)
      await store.close()
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
