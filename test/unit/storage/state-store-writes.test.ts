/**
 * How the state store writes (DESIGN rule 9): after close nothing more is saved and the caller is told;
 * a failed write is reported and retried with a doubling delay until it succeeds; the delay before a
 * scheduled write grows with the cost of the last write, within bounds.
 */
import { mkdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { DEFAULT_FLUSH_DELAY_MS, StateStore } from '../../../src/main/storage/state-store'
import { recordingLogger, tempDirs } from './helpers'

const dirs = tempDirs()
afterEach(async () => {
  vi.restoreAllMocks()
  await dirs.cleanup()
})

describe('state store writes', () => {
  it('after close a change is not saved, the log says so, and flushNow refuses', async () => {
    const dir = await dirs.make()
    const file = join(dir, 'state.json')
    const logger = recordingLogger()
    const store = await StateStore.open({ file, logger, flushDelayMs: 5 })
    store.update((data) => void (data.counters.a = 1))
    await store.close()
    store.update((data) => void (data.counters.a = 2))
    expect(logger.warnings.join()).toMatch(/after the store was closed.*not saved/)
    await expect(store.flushNow()).rejects.toMatchObject({ code: 'STORE_CLOSED', message: expect.stringMatching(/state store is closed/) })
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(JSON.parse(await readFile(file, 'utf8')).counters).toEqual({ a: 1 })
    expect(store.writes).toBe(1)
    await store.close() // a second close is harmless
    expect(store.writes).toBe(1)
  })

  it('a failed write is reported and retried with a doubling delay until the disk takes it', async () => {
    const dir = await dirs.make()
    const file = join(dir, 'missing', 'state.json') // its folder does not exist yet: writes fail
    const logger = recordingLogger()
    const store = await StateStore.open({ file, logger, flushDelayMs: 10 })
    store.update((data) => void (data.counters.a = 1))
    await vi.waitUntil(() => logger.errors.length >= 3, { timeout: 5000 })
    expect(logger.errors.slice(0, 3).map((e) => /retrying in (\d+) ms/.exec(e)?.[1])).toEqual(['10', '20', '40'])
    expect(store.writes).toBe(0)
    await mkdir(join(dir, 'missing'))
    await vi.waitUntil(() => store.writes === 1, { timeout: 5000 })
    expect(JSON.parse(await readFile(file, 'utf8')).counters).toEqual({ a: 1 })
    // A success resets the delay: the next failure waits the configured delay again.
    const before = logger.errors.length
    await rm(join(dir, 'missing'), { recursive: true })
    store.update((data) => void (data.counters.a = 2))
    await vi.waitUntil(() => logger.errors.length > before, { timeout: 5000 })
    expect(logger.errors[before]).toMatch(/retrying in 10 ms/)
    await mkdir(join(dir, 'missing'))
    await store.close()
  })

  it('flushNow rejects when the write fails, and close reports that the last changes were not saved', async () => {
    const dir = await dirs.make()
    const logger = recordingLogger()
    const store = await StateStore.open({ file: join(dir, 'missing', 'state.json'), logger, flushDelayMs: 60_000 })
    store.update((data) => void (data.counters.a = 1))
    await expect(store.flushNow()).rejects.toMatchObject({ code: 'ENOENT' })
    await store.close()
    expect(logger.errors.join('\n')).toMatch(/last changes could not be saved/)
  })

  it('a change waits the configured delay after cheap writes, and up to two seconds after costly ones', async () => {
    const store = await StateStore.open({ flushDelayMs: 40 })
    expect(store.scheduledDelayMs).toBe(40)
    let clock = 1000
    let step = 0
    vi.spyOn(performance, 'now').mockImplementation(() => (clock += step))
    store.update((data) => void (data.counters.a = 1))
    await store.flushNow() // the clock stands still: the write cost nothing
    expect(store.scheduledDelayMs).toBe(40)
    step = 1000
    store.update((data) => void (data.counters.a = 2))
    await store.flushNow() // a write of a second or more
    expect(store.scheduledDelayMs).toBe(2000)
    vi.restoreAllMocks()
    await store.close()
    expect((await StateStore.open()).scheduledDelayMs).toBe(DEFAULT_FLUSH_DELAY_MS)
  })

  it('a change made during a write is written after it by one more write, not lost', async () => {
    const dir = await dirs.make()
    const file = join(dir, 'state.json')
    const store = await StateStore.open({ file, flushDelayMs: 5 })
    store.update((data) => void (data.counters.a = 1))
    const first = store.flushNow()
    store.update((data) => void (data.counters.b = 2))
    await first
    await vi.waitUntil(() => store.writes === 2, { timeout: 5000 })
    expect(JSON.parse(await readFile(file, 'utf8')).counters).toEqual({ a: 1, b: 2 })
    await store.close()
    expect(store.writes).toBe(2)
  })

  it('a change made during a costly write waits the adaptive delay, not the retry delay', async () => {
    const store = await StateStore.open({ flushDelayMs: 5 })
    let clock = 0
    vi.spyOn(performance, 'now').mockImplementation(() => (clock += 1000))
    store.update((data) => void (data.counters.a = 1))
    const first = store.flushNow()
    store.update((data) => void (data.counters.a = 2))
    await first
    vi.restoreAllMocks()
    expect(store.scheduledDelayMs).toBe(2000)
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(store.writes).toBe(1) // the follow-up waits about 2 s, not 5 ms
    await store.close()
    expect(store.writes).toBe(2)
  })
})
