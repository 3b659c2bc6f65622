import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { DEFAULT_SETTINGS } from '../../../src/main/storage/defaults'
import { SettingsRepository } from '../../../src/main/storage/settings-repository'
import { StateStore } from '../../../src/main/storage/state-store'
import { recordingLogger, tempDirs } from './helpers'

const dirs = tempDirs()
afterEach(() => dirs.cleanup())

describe('state store', () => {
  it('moves a corrupt (truncated) state file aside, warns loudly and starts from defaults', async () => {
    const dir = await dirs.make()
    const file = join(dir, 'state.json')
    const truncated = '{"version":1,"settings":{"ocpp":{"heartbeatIntervalSec":6'
    await writeFile(file, truncated)
    const logger = recordingLogger()
    const store = await StateStore.open({ file, logger })
    expect(logger.errors.join()).toMatch(/STATE FILE UNUSABLE.*not valid JSON.*moved to .*state\.json\.corrupt-/)
    const aside = (await readdir(dir)).filter((name) => name.startsWith('state.json.corrupt-'))
    expect(aside).toHaveLength(1)
    expect(await readFile(join(dir, aside[0]!), 'utf8')).toBe(truncated)
    expect(new SettingsRepository(store).get()).toEqual(DEFAULT_SETTINGS)
    store.update((data) => void (data.counters.x = 1))
    await store.close()
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ version: 1, counters: { x: 1 } })
  })

  it('continuous changes are written once per delay, not back to back, and compactly', async () => {
    const dir = await dirs.make()
    const file = join(dir, 'state.json')
    const store = await StateStore.open({ file, flushDelayMs: 40 })
    const started = Date.now()
    let changes = 0
    while (Date.now() - started < 400) {
      store.update((data) => void (data.counters.x = ++changes))
      await new Promise((resolve) => setTimeout(resolve, 1))
    }
    // 400 ms at one write per 40 ms or more is at most ~11 writes; back to back it would be hundreds.
    expect(store.writes).toBeLessThanOrEqual(12)
    await store.close()
    const text = await readFile(file, 'utf8')
    expect(text).not.toContain('\n')
    expect(JSON.parse(text)).toMatchObject({ counters: { x: changes } })
  })

  it('moves aside a file of another version instead of misreading it', async () => {
    const dir = await dirs.make()
    const file = join(dir, 'state.json')
    await writeFile(file, JSON.stringify({ version: 2, settings: {} }))
    const logger = recordingLogger()
    const store = await StateStore.open({ file, logger })
    expect(logger.errors.join()).toMatch(/version is 2/)
    expect((await readdir(dir)).some((name) => name.startsWith('state.json.corrupt-'))).toBe(true)
    await store.close()
  })

  it('coalesces many changes into one write', async () => {
    const store = await StateStore.open({ flushDelayMs: 10 })
    for (let i = 0; i < 1000; i += 1) store.update((data) => void (data.counters.n = i))
    expect(store.writes).toBe(0)
    await vi.waitUntil(() => store.writes > 0)
    expect(store.writes).toBe(1)
    await store.close()
    expect(store.writes).toBe(1)
  })

  it('flushNow writes pending changes at once and returns when they are written', async () => {
    const dir = await dirs.make()
    const file = join(dir, 'state.json')
    const store = await StateStore.open({ file, flushDelayMs: 60_000 })
    store.update((data) => void (data.counters.a = 1))
    store.update((data) => void (data.counters.b = 2))
    await store.flushNow()
    expect(store.writes).toBe(1)
    expect(JSON.parse(await readFile(file, 'utf8')).counters).toEqual({ a: 1, b: 2 })
    await store.flushNow()
    expect(store.writes).toBe(1)
    await store.close()
  })

  it('a change made while a write is in flight is written by the next write', async () => {
    const dir = await dirs.make()
    const file = join(dir, 'state.json')
    const store = await StateStore.open({ file, flushDelayMs: 60_000 })
    store.update((data) => void (data.counters.a = 1))
    const first = store.flushNow()
    store.update((data) => void (data.counters.a = 2))
    await Promise.all([first, store.flushNow()])
    expect(JSON.parse(await readFile(file, 'utf8')).counters).toEqual({ a: 2 })
    await store.close()
  })

  it('lays stored settings over the defaults, so settings added later get their defaults', async () => {
    const dir = await dirs.make()
    const file = join(dir, 'state.json')
    await writeFile(file, JSON.stringify({ version: 1, settings: { ocpp: { heartbeatIntervalSec: 60, callTimeoutSec: 'soon' } }, stations: {}, counters: {} }))
    const store = await StateStore.open({ file, logger: recordingLogger() })
    expect(new SettingsRepository(store).get()).toEqual({ ...DEFAULT_SETTINGS, ocpp: { ...DEFAULT_SETTINGS.ocpp, heartbeatIntervalSec: 60 } })
    await store.close()
  })

  it('repairs malformed sections of a readable file and keeps the rest', async () => {
    const dir = await dirs.make()
    const file = join(dir, 'state.json')
    await writeFile(
      file,
      JSON.stringify({ version: 1, stations: { good: { id: 'good', firstSeen: '2025-01-01T00:00:00.000Z' }, bad: 3 }, counters: { ok: 5, negative: -1 }, stationViolations: [] }),
    )
    const logger = recordingLogger()
    const store = await StateStore.open({ file, logger })
    store.read((data) => {
      expect(Object.keys(data.stations)).toEqual(['good'])
      expect(data.stations.good).toMatchObject({ everAccepted: false, overrides: {}, violationCount: 0 })
      expect(data.counters).toEqual({ ok: 5 })
      expect(data.stationViolations).toEqual({})
    })
    expect(logger.warnings.length).toBe(3)
    await store.close()
  })

  it('keeps state across reopen', async () => {
    const dir = await dirs.make()
    const file = join(dir, 'state.json')
    const store = await StateStore.open({ file })
    new SettingsRepository(store).update({ ocpp: { lenient: true } })
    await store.close()
    const reopened = await StateStore.open({ file })
    expect(new SettingsRepository(reopened).get().ocpp.lenient).toBe(true)
    await reopened.close()
  })
})
