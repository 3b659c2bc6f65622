import { afterEach, describe, expect, it } from 'vitest'
import type { StationRecord, ViolationRecord } from '@shared/contract/dto'
import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { DEFAULT_COUNTER_BLOCK, LOCK_FILE, MAX_COUNTER_BLOCK, openStorage, STATE_FILE, type Storage } from '../../../src/main/storage'
import { DEFAULT_SETTINGS } from '../../../src/main/storage/defaults'
import { tempDirs, recordingLogger } from './helpers'

const dirs = tempDirs()
const opened: Storage[] = []
afterEach(async () => {
  await Promise.all(opened.splice(0).map((storage) => storage.close()))
  await dirs.cleanup()
})

async function open(dataDir?: string): Promise<Storage> {
  const storage = await openStorage({ dataDir: dataDir ?? '', inMemory: dataDir === undefined, logger: recordingLogger() })
  opened.push(storage)
  return storage
}

/** Opens `dir` again as after a kill -9 of its first opener, whose lock names a process that no longer runs (taken over: data-dir-lock.test.ts). */
async function openAfterCrash(dir: string): Promise<Storage> {
  await rm(join(dir, LOCK_FILE), { force: true })
  return open(dir)
}

const station = (id: string): StationRecord => ({ id, firstSeen: '2025-01-01T00:00:00.000Z', everAccepted: false, overrides: {}, violationCount: 0 })

function violation(n: number): ViolationRecord {
  return { time: `2025-01-01T00:00:${String(n % 60).padStart(2, '0')}.000Z`, action: 'Heartbeat', messageId: `m${n}`, direction: 'in', accepted: true, violations: [] }
}

describe('settings repository', () => {
  it('merges a partial update into the current settings', async () => {
    const { settings } = await open()
    expect(settings.get()).toEqual(DEFAULT_SETTINGS)
    const updated = settings.update({ ocpp: { callTimeoutSec: 10 } })
    expect(updated).toEqual({ ...DEFAULT_SETTINGS, ocpp: { ...DEFAULT_SETTINGS.ocpp, callTimeoutSec: 10 } })
    expect(settings.update({ ocpp: { lenient: true } }).ocpp).toMatchObject({ callTimeoutSec: 10, lenient: true })
  })

  it('hands out frozen settings that cannot change stored state', async () => {
    const { settings } = await open()
    const current = settings.get()
    expect(() => {
      ;(current.ocpp as { lenient: boolean }).lenient = true
    }).toThrow(TypeError)
    expect(settings.get().ocpp.lenient).toBe(false)
  })
})

describe('station repository', () => {
  it('stores a copy on upsert: changing the caller object later changes nothing', async () => {
    const { stations } = await open()
    const record = station('CP-1')
    stations.upsert(record)
    record.everAccepted = true
    expect(stations.get('CP-1')!.everAccepted).toBe(false)
    expect(Object.isFrozen(stations.get('CP-1'))).toBe(true)
    expect(stations.get('CP-2')).toBeUndefined()
  })

  it('updates through a mutable draft or a returned replacement, and lists by id', async () => {
    const { stations } = await open()
    stations.upsert(station('B'))
    stations.upsert(station('A'))
    expect(stations.update('A', (draft) => void (draft.overrides.lenient = true))!.overrides).toEqual({ lenient: true })
    expect(stations.update('B', (draft) => ({ ...draft, registrationStatus: 'Accepted' }))!.registrationStatus).toBe('Accepted')
    expect(stations.update('missing', () => undefined)).toBeUndefined()
    expect(stations.list().map((s) => s.id)).toEqual(['A', 'B'])
    expect(stations.remove('A')).toBe(true)
    expect(stations.list().map((s) => s.id)).toEqual(['B'])
  })

  it('counts every violation and keeps the most recent 100, newest first', async () => {
    const { stations } = await open()
    stations.upsert(station('CP-1'))
    for (let n = 1; n <= 130; n += 1) stations.recordViolation('CP-1', violation(n))
    expect(stations.get('CP-1')!.violationCount).toBe(130)
    const recent = stations.recentViolations('CP-1')
    expect(recent).toHaveLength(100)
    expect(recent[0]!.messageId).toBe('m130')
    expect(recent.at(-1)!.messageId).toBe('m31')
    expect(stations.recentViolations('CP-1', 2).map((v) => v.messageId)).toEqual(['m130', 'm129'])
    expect(stations.recentViolations('CP-unknown')).toEqual([])
  })

  it('keeps stations and violations across reopen', async () => {
    const dir = await dirs.make()
    const first = await open(dir)
    first.stations.upsert(station('CP-1'))
    first.stations.recordViolation('CP-1', violation(1))
    await first.close()
    const second = await open(dir)
    expect(second.stations.get('CP-1')!.violationCount).toBe(1)
    expect(second.stations.recentViolations('CP-1')).toEqual([violation(1)])
  })
})

describe('counter repository', () => {
  it('hands out 1, 2, 3, ... and never the same id twice to concurrent callers', async () => {
    const { counters } = await open()
    const ids = await Promise.all(Array.from({ length: 250 }, () => counters.next('transactionId')))
    expect(new Set(ids).size).toBe(250)
    expect(Math.min(...ids)).toBe(1)
    expect(Math.max(...ids)).toBe(250)
    expect(await counters.next('reservationId')).toBe(1)
  })

  it('never repeats an id after a crash (reopen without close)', async () => {
    const dir = await dirs.make()
    const crashed = await open(dir)
    const before: number[] = []
    for (let i = 0; i < 150; i += 1) before.push(await crashed.counters.next('transactionId'))
    const afterCrash = await openAfterCrash(dir) // the first instance never closed: as after a kill -9
    const next = await afterCrash.counters.next('transactionId')
    expect(next).toBeGreaterThan(Math.max(...before))
  })

  it('continues right after the last id handed out when closed cleanly', async () => {
    const dir = await dirs.make()
    const first = await open(dir)
    for (let i = 0; i < 7; i += 1) await first.counters.next('listVersion')
    await first.close()
    const second = await open(dir)
    expect(await second.counters.next('listVersion')).toBe(8)
  })

  it('reserves the next block in the background once half of the current one is used', async () => {
    const dir = await dirs.make()
    const storage = await open(dir)
    for (let i = 0; i <= DEFAULT_COUNTER_BLOCK / 2; i += 1) await storage.counters.next('transactionId')
    await storage.flush()
    const onDisk = JSON.parse(await readFile(join(dir, STATE_FILE), 'utf8')) as { counters: Record<string, number> }
    expect(onDisk.counters.transactionId).toBe(2 * DEFAULT_COUNTER_BLOCK)
  })

  it('warmUp reserves a block at start-up; the first id is still 1 and a crash never repeats it', async () => {
    const dir = await dirs.make()
    const crashed = await open(dir)
    crashed.counters.warmUp('transactionId')
    await crashed.flush()
    const onDisk = JSON.parse(await readFile(join(dir, STATE_FILE), 'utf8')) as { counters: Record<string, number> }
    expect(onDisk.counters.transactionId).toBe(DEFAULT_COUNTER_BLOCK)
    expect(await crashed.counters.next('transactionId')).toBe(1)
    const afterCrash = await openAfterCrash(dir)
    afterCrash.counters.warmUp('transactionId')
    expect(await afterCrash.counters.next('transactionId')).toBe(DEFAULT_COUNTER_BLOCK + 1)
  })

  it('a counter whose callers outrun its reservations gets bigger blocks; ids stay unique and in order', async () => {
    const storage = await open(await dirs.make())
    storage.counters.warmUp('transactionId')
    await storage.flush() // the first block is on disk, as after start-up
    expect(storage.counters.block('transactionId')).toBe(DEFAULT_COUNTER_BLOCK)
    // Three blocks' worth at once: the first block serves 1,000, the rest wait for reservations.
    const ids = await Promise.all(Array.from({ length: 3 * DEFAULT_COUNTER_BLOCK }, () => storage.counters.next('transactionId')))
    expect(ids).toEqual(Array.from({ length: 3 * DEFAULT_COUNTER_BLOCK }, (_, i) => i + 1))
    expect(storage.counters.block('transactionId')).toBeGreaterThan(DEFAULT_COUNTER_BLOCK)
    expect(storage.counters.block('transactionId')).toBeLessThanOrEqual(MAX_COUNTER_BLOCK)
    expect(storage.counters.block('reservationId')).toBe(DEFAULT_COUNTER_BLOCK)
  })

  it('refuses to hand out ids after close', async () => {
    const storage = await open()
    await storage.close()
    await expect(storage.counters.next('x')).rejects.toMatchObject({ code: 'STORE_CLOSED' })
  })
})
