/**
 * Meter values by transaction (DESIGN rule 9: values stay with their transaction across restarts):
 * what the index is rebuilt from, what is stored, and how a batch that does not fit is reported.
 */
import { appendFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { QuarantineNote } from '@shared/contract/charging-dto'
import { lineQuarantine } from '../../../src/main/storage/journal-quarantine'
import { MeterValueStore, type MeterValueRecord } from '../../../src/main/storage/meter-value-store'
import { recordingLogger, tempDirs } from './helpers'

const dirs = tempDirs()
afterEach(() => dirs.cleanup())

const T = '2026-01-01T10:00:00.000Z'
const batch = (transactionId: number | undefined, value: string, over: Partial<MeterValueRecord> = {}): MeterValueRecord => ({
  stationId: 'CP1',
  connectorId: 1,
  ...(transactionId !== undefined ? { transactionId } : {}),
  source: 'MeterValues',
  receivedAt: T,
  meterValue: [{ timestamp: T, sampledValue: [{ value }] }],
  ...over,
})
const values = (records: MeterValueRecord[]) => records.map((r) => r.meterValue[0]!.sampledValue[0]!.value)

describe('meter value store rules', () => {
  it('finds the values of transaction -1 and of a transaction id with a fraction or an exponent again after a reopen', async () => {
    const dir = await dirs.make()
    const store = await MeterValueStore.open({ dir, logger: recordingLogger() })
    await store.append(batch(-1, 'minus'))
    await store.append(batch(2.5, 'fraction'))
    await store.append(batch(2, 'two'))
    await store.append(batch(1e-7, 'tiny'))
    await store.append(batch(12.25, 'digits'))
    await store.append(batch(12, 'twelve'))
    await store.close()
    const reopened = await MeterValueStore.open({ dir, logger: recordingLogger() })
    expect(values(await reopened.forTransaction(-1))).toEqual(['minus'])
    expect(values(await reopened.forTransaction(2.5))).toEqual(['fraction'])
    expect(values(await reopened.forTransaction(2))).toEqual(['two'])
    expect(values(await reopened.forTransaction(1e-7))).toEqual(['tiny'])
    expect(values(await reopened.forTransaction(12.25))).toEqual(['digits'])
    expect(values(await reopened.forTransaction(12))).toEqual(['twelve'])
    await reopened.close()
  })

  it('stores the batch as sent, its transactionId and link first; values outside a transaction are counted, not indexed', async () => {
    const dir = await dirs.make()
    const store = await MeterValueStore.open({ dir, logger: recordingLogger() })
    expect(store.indexBytes).toBe(0)
    await store.append(batch(7, 'linked', { linkedByConnector: true, source: 'StopTransaction' }))
    await store.append(batch(undefined, 'main meter'))
    await store.append(batch(7, 'plain', { linkedByConnector: false }))
    expect(store.size).toBe(3)
    expect(store.indexBytes).toBeGreaterThan(0)
    const [linked, plain] = await store.forTransaction(7)
    expect(linked).toEqual(batch(7, 'linked', { linkedByConnector: true, source: 'StopTransaction' }))
    expect(plain).toEqual(batch(7, 'plain'))
    expect('linkedByConnector' in plain!).toBe(false)
    await store.close()
    const reopened = await MeterValueStore.open({ dir, logger: recordingLogger() })
    expect(reopened.size).toBe(3)
    expect(values(await reopened.forTransaction(7))).toEqual(['linked', 'plain'])
    await reopened.close()
  })

  it('the newest records within a byte budget: one that exactly fits is in, one byte less leaves it out', async () => {
    const store = await MeterValueStore.open({ dir: await dirs.make(), logger: recordingLogger() })
    for (const value of ['a', 'b', 'c']) await store.append(batch(1, value))
    const line = JSON.stringify(batch(1, 'a')).length
    expect(await store.newestForTransaction(1, 2 * line)).toMatchObject({ omitted: 1, skipped: 0 })
    expect(values((await store.newestForTransaction(1, 2 * line)).records)).toEqual(['b', 'c'])
    expect(await store.newestForTransaction(1, 2 * line - 1)).toMatchObject({ omitted: 2 })
    expect(await store.newestForTransaction(1, 0)).toMatchObject({ omitted: 2 })
    await store.close()
  })

  it('a batch that does not fit is left out with a warning naming where it is, why, and where it went', async () => {
    const dir = await dirs.make()
    const logger = recordingLogger()
    const notes: QuarantineNote[] = []
    const quarantine = lineQuarantine(join(dir, 'quarantine'), (note) => void notes.push(note), logger)
    const store = await MeterValueStore.open({ dir, logger, quarantine })
    await store.append(batch(5, 'good'))
    await store.close()
    const line = JSON.stringify({ stationId: 'CP1', connectorId: 1, transactionId: 5, source: 'MeterValues', receivedAt: T, meterValue: 'x' })
    await appendFile(join(dir, 'meter-values-000001.jsonl'), `${line}\n`)
    const reopened = await MeterValueStore.open({ dir, logger, quarantine })
    expect(values(await reopened.forTransaction(5))).toEqual(['good'])
    const offset = JSON.stringify(batch(5, 'good')).length + 1
    expect(logger.warnings.join('\n')).toMatch(new RegExp(`skipped the batch at byte ${offset} of segment 1 \\(meterValue must be array\\); moved to quarantine/`))
    expect(notes).toMatchObject([{ collection: 'meter-values', stationId: 'CP1', key: `meter-values-000001.jsonl@${offset}` }])
    await reopened.close()
    // Without a quarantine the warning ends with the reason.
    const plain = recordingLogger()
    const unquarantined = await MeterValueStore.open({ dir, logger: plain })
    await unquarantined.forTransaction(5)
    expect(plain.warnings).toEqual([`meter values journal: skipped the batch at byte ${offset} of segment 1 (meterValue must be array)`])
    await unquarantined.close()
  })

  it('values whose segment file is gone are left out without being counted as unusable', async () => {
    const dir = await dirs.make()
    const logger = recordingLogger()
    const store = await MeterValueStore.open({ dir, logger })
    await store.append(batch(3, 'x'))
    await rm(join(dir, 'meter-values-000001.jsonl'))
    expect(await store.newestForTransaction(3, Number.POSITIVE_INFINITY)).toEqual({ records: [], omitted: 0, skipped: 0 })
    expect(logger.warnings).toEqual([])
    await store.close()
  })

  it('flush resolves once every batch appended so far is durable', async () => {
    let release!: () => void
    const released = new Promise<void>((resolve) => (release = resolve))
    const store = await MeterValueStore.open({ dir: await dirs.make(), logger: recordingLogger(), datasync: async (handle) => (await released, await handle.datasync()) })
    const appended = store.append(batch(1, 'a'))
    let flushed = false
    const flushing = store.flush().then(() => (flushed = true))
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(flushed).toBe(false)
    release()
    await Promise.all([appended, flushing])
    expect(flushed).toBe(true)
    await store.close()
  })
})
