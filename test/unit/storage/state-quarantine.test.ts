/**
 * Issue 17 §2: a stored record that cannot be loaded or used is moved aside (a file in the
 * quarantine folder beside the state file, a note in the state), never dropped and never fatal.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ChargingRepository } from '../../../src/main/storage/charging-repository'
import { MAX_QUARANTINE_NOTES, type QuarantinedRecord } from '../../../src/main/storage/quarantine'
import { normalizeState, STATE_VERSION } from '../../../src/main/storage/state-data'
import { StateStore } from '../../../src/main/storage/state-store'
import { recordingLogger, tempDirs } from './helpers'

const report = (connectorId: number, periods: unknown = [{ startPeriod: 0, limit: 16 }]) => ({
  connectorId,
  requested: { duration: 60 },
  status: 'Accepted',
  scheduleStart: '2026-03-02T00:00:00.000Z',
  chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: periods },
  receivedAt: '2026-03-02T00:00:00.000Z',
  taskId: 't',
})
const installed = (chargingSchedule: unknown) => ({
  connectorId: 1,
  installedAt: '2026-03-02T00:00:00.000Z',
  via: 'SetChargingProfile',
  taskId: 't',
  profile: { chargingProfileId: 3, stackLevel: 0, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Absolute', chargingSchedule },
})
const goodSchedule = { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] }

const dirs = tempDirs()
afterEach(() => dirs.cleanup())

describe('loading the state', () => {
  it('moves each malformed Smart Charging record aside on its own and keeps its neighbours', () => {
    const aside: QuarantinedRecord[] = []
    const warnings: string[] = []
    const state = normalizeState(
      {
        version: STATE_VERSION,
        reportedComposites: { CP: { '1': report(1, 'not a list'), '2': report(2) }, OTHER: { '1': report(1, [{ startPeriod: 'x', limit: 16 }]) } },
        installedProfiles: { CP: [installed(goodSchedule), installed({ chargingRateUnit: 'kW', chargingSchedulePeriod: [] })] },
        stations: { BROKEN: 'not a station' },
      },
      (message) => warnings.push(message),
      (record) => aside.push(record),
    )
    expect(Object.keys(state.reportedComposites.CP!)).toEqual(['2'])
    expect(state.reportedComposites.OTHER).toEqual({})
    expect(state.installedProfiles.CP).toHaveLength(1)
    expect(aside.map((r) => [r.collection, r.key, r.stationId])).toEqual([
      // A station's own record belongs to it: its note says so.
      ['stations', 'BROKEN', 'BROKEN'],
      ['installedProfiles', 'CP/1', 'CP'],
      ['reportedComposites', 'CP/1', 'CP'],
      ['reportedComposites', 'OTHER/1', 'OTHER'],
    ])
    expect(aside.find((r) => r.key === 'CP/1' && r.collection === 'reportedComposites')!.reason).toMatch(/chargingSchedulePeriod is not a list/)
    expect(aside[0]!.record).toBe('not a station')
    expect(warnings.filter((w) => /quarantine/.test(w))).toHaveLength(4)
  })

  it('a Smart Charging record nested too deeply goes aside alone; its neighbours and the other sections load (issue 18 §2)', () => {
    const aside: QuarantinedRecord[] = []
    let deep: unknown = 1
    for (let i = 0; i < 100_000; i += 1) deep = [deep] // deeper than a worker thread's stack, too
    const state = normalizeState(
      {
        version: STATE_VERSION,
        installedProfiles: { CP: [installed(goodSchedule), { ...installed(goodSchedule), extra: deep }] },
        reportedComposites: { CP: { '1': report(1), '2': { ...report(2), extra: deep } } },
        settings: { ocpp: { heartbeatIntervalSec: 77 } },
      },
      () => undefined,
      (record) => aside.push(record),
    )
    expect(state.installedProfiles.CP).toHaveLength(1)
    expect(Object.keys(state.reportedComposites.CP!)).toEqual(['1'])
    expect(aside.map((r) => [r.collection, r.key, r.reason])).toEqual([
      ['installedProfiles', 'CP/1', 'it is nested more than 100 levels deep'],
      ['reportedComposites', 'CP/2', 'it is nested more than 100 levels deep'],
    ])
    expect(state.settings.ocpp.heartbeatIntervalSec).toBe(77)
  })

  it('settings nested too deeply go aside; the defaults are used and the rest loads', () => {
    const aside: QuarantinedRecord[] = []
    let deep: unknown = 1
    for (let i = 0; i < 20_000; i += 1) deep = { x: deep }
    const state = normalizeState({ version: STATE_VERSION, settings: { ocpp: { extra: deep } }, counters: { transactionId: 5 } }, () => undefined, (record) => aside.push(record))
    expect(aside.map((r) => r.collection)).toEqual(['settings'])
    expect(state.settings.ocpp.heartbeatIntervalSec).toBeGreaterThan(0)
    expect(state.counters.transactionId).toBe(5)
  })

  it('writes each record aside to its own file beside the state file, notes it in the state, and leaves it out of the next write', async () => {
    const dir = await dirs.make()
    const file = join(dir, 'state.json')
    await writeFile(file, JSON.stringify({ version: STATE_VERSION, reportedComposites: { CP: { '1': report(1, null), '2': report(2) } } }))
    const logger = recordingLogger()
    const store = await StateStore.open({ file, logger })
    const notes = store.read((data) => data.quarantine)
    expect(notes).toHaveLength(1)
    expect(notes[0]).toMatchObject({ collection: 'reportedComposites', stationId: 'CP', key: 'CP/1', file: expect.stringMatching(/^quarantine\//) })
    const [name] = await readdir(join(dir, 'quarantine'))
    expect(JSON.parse(await readFile(join(dir, 'quarantine', name!), 'utf8'))).toMatchObject({ key: 'CP/1', record: report(1, null) })
    await store.close()
    const written = JSON.parse(await readFile(file, 'utf8'))
    expect(Object.keys(written.reportedComposites.CP)).toEqual(['2'])
    expect(written.quarantine).toHaveLength(1)
  })
})

describe('at run time', () => {
  it('a report that breaks a view is moved aside: out of its collection, into a file, noted for its station only', async () => {
    const dir = await dirs.make()
    const store = await StateStore.open({ file: join(dir, 'state.json'), logger: recordingLogger() })
    const repo = new ChargingRepository(store)
    repo.setReported('CP', report(1) as never)
    repo.setReported('CP', report(2) as never)
    const note = repo.quarantineReported('CP', 1, 'it broke the view')
    expect(note).toMatchObject({ stationId: 'CP', key: 'CP/1', reason: 'it broke the view' })
    expect(Object.keys(repo.reported('CP'))).toEqual(['2'])
    expect(repo.quarantined('CP')).toEqual([note])
    expect(repo.quarantined('OTHER')).toEqual([])
    expect(repo.quarantineReported('CP', 9, 'none')).toBeUndefined()
    expect(await readdir(join(dir, 'quarantine'))).toHaveLength(1)
    await store.close()
  })

  it('in memory (no folder), the record stays in its note; notes are bounded, the ones kept in files go first', async () => {
    const logger = recordingLogger()
    const store = await StateStore.open({ logger })
    store.quarantine([{ collection: 'x', key: 'kept-in-state', reason: 'r', record: { a: 1 } }])
    for (let i = 0; i < MAX_QUARANTINE_NOTES + 5; i += 1) store.quarantine([{ collection: 'x', key: `k${i}`, reason: 'r', record: i }])
    const notes = store.read((data) => data.quarantine)
    expect(notes).toHaveLength(MAX_QUARANTINE_NOTES)
    expect(notes.at(-1)).toMatchObject({ key: `k${MAX_QUARANTINE_NOTES + 4}`, record: MAX_QUARANTINE_NOTES + 4 })
    expect(logger.errors.join()).toMatch(/more than 100 records in quarantine/)
    await store.close()
  })
})
