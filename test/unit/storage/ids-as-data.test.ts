/**
 * Issue 17 §3 where it lives: every repository of the state file takes names of Object.prototype
 * members as ids like any other string, the sections stay prototype-free when created, copied and
 * loaded, and nothing reaches Object.prototype.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { AuthList, Reservation } from '@shared/contract/auth-dto'
import type { InstalledProfile, LibraryProfile, ReportedComposite } from '@shared/contract/charging-dto'
import type { ConfigurationSnapshot, IdTagRecord, StationRecord, ViolationRecord } from '@shared/contract/dto'
import type { StoredCredential } from '../../../src/main/services/basic-auth'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { DEFAULT_SETTINGS, openStorage, STATE_FILE, type Storage } from '../../../src/main/storage'
import { detachedCopy, frozenCopy } from '../../../src/main/storage/immutable'
import { defaultState, normalizeState, type StateData } from '../../../src/main/storage/state-data'
import { PROTOTYPE_NAMES, prototypeChanges } from '../../support/prototype-names'
import { recordingLogger, tempDirs } from './helpers'

const dirs = tempDirs()
const opened: Storage[] = []
afterEach(async () => {
  await Promise.all(opened.splice(0).map((storage) => storage.close()))
  await dirs.cleanup()
  expect(prototypeChanges()).toEqual([])
})

async function open(dataDir: string): Promise<Storage> {
  const storage = await openStorage({ dataDir, logger: recordingLogger() })
  opened.push(storage)
  return storage
}

const AT = '2025-01-01T00:00:00.000Z'
const IDS: readonly string[] = [...PROTOTYPE_NAMES, 'CP-ORDINARY']
const station = (id: string): StationRecord => ({ id, firstSeen: AT, everAccepted: true, overrides: {}, violationCount: 0 })
const violation = (id: string): ViolationRecord => ({ time: AT, action: 'Heartbeat', messageId: id, direction: 'in', accepted: true, violations: [] })
const idTag = (id: string): IdTagRecord => ({ idTag: id, status: 'Accepted', createdAt: AT, updatedAt: AT })
const profile = { chargingProfileId: 1, stackLevel: 0, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Absolute', chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] } } as InstalledProfile['profile']
const library = (id: string): LibraryProfile => ({ id, name: `profile ${id}`, profile, createdAt: AT, updatedAt: AT })
const installed = (id: string): InstalledProfile => ({ connectorId: 1, profile, installedAt: AT, via: 'SetChargingProfile', taskId: `task-${id}`, libraryId: id })
const report = (connectorId: number): ReportedComposite => ({ connectorId, requested: { duration: 60 }, status: 'Accepted', receivedAt: AT, taskId: `task-${connectorId}` })
const credential = (id: string): StoredCredential => ({ algorithm: 'scrypt', salt: `salt-${id}`, hash: `hash-${id}`, updatedAt: AT })
const authList = (id: string): AuthList => ({ id, name: `list ${id}`, entries: [{ idTag: id, idTagInfo: { status: 'Accepted' } }], createdAt: AT, updatedAt: AT })
const reservation = (id: string, reservationId: number): Reservation => ({ reservationId, stationId: id, connectorId: 1, idTag: id, expiryDate: AT, state: 'active', createdAt: AT, taskId: `task-${id}` })
/** A snapshot whose keys are every hostile name (as JSON parsing gives them: own properties of an ordinary object). */
const snapshot = (id: string): ConfigurationSnapshot => ({
  stationId: id,
  keys: Object.fromEntries(PROTOTYPE_NAMES.map((key) => [key, { key, value: `${id}:${key}`, readonly: false, updatedAt: AT, source: 'GetConfiguration' as const }])),
  lastChanges: Object.fromEntries([[id, { key: id, value: 'x', status: 'Accepted', at: AT, taskId: 't' }]]),
  unknownKeys: [],
})

/** Every id is unknown to every repository of a fresh store: nothing inherited answers for it. */
function expectNothingKnown(storage: Storage): void {
  for (const id of IDS) {
    expect(storage.stations.get(id), `station ${id}`).toBeUndefined()
    expect(storage.stations.recentViolations(id)).toEqual([])
    expect(storage.stations.remove(id)).toBe(false)
    expect(storage.idTags.get(id)).toBeUndefined()
    expect(storage.idTags.remove(id)).toBe(false)
    expect(storage.credentials.get(id), `credential ${id}`).toBeUndefined()
    expect(storage.configurations.get(id), `configuration ${id}`).toBeUndefined()
    expect(storage.charging.libraryProfile(id), `library ${id}`).toBeUndefined()
    expect(storage.charging.deleteLibraryProfile(id)).toBe(false)
    expect(storage.charging.installed(id)).toEqual([])
    expect(Object.keys(storage.charging.reported(id))).toEqual([])
    expect(storage.auth.authList(id), `auth list ${id}`).toBeUndefined()
    expect(storage.auth.deleteAuthList(id)).toBe(false)
    expect(storage.auth.localList(id)).toEqual({ entries: [], history: [] })
    expect(storage.files.firmwareFile(id), `firmware ${id}`).toBeUndefined()
    expect(storage.files.upload(id), `upload ${id}`).toBeUndefined()
    expect(storage.files.slot(id), `slot ${id}`).toBeUndefined()
    expect(storage.files.fileStatus(id)).toEqual({ stationId: id, firmware: { history: [] }, diagnostics: { history: [] } })
  }
}

/** What `store` wrote for each id, read back. */
function expectEverythingKept(storage: Storage): void {
  expect(storage.stations.list().map((s) => s.id).sort()).toEqual([...IDS].sort())
  expect(storage.idTags.list().map((t) => t.idTag).sort()).toEqual([...IDS].sort())
  expect(storage.charging.library().map((p) => p.id).sort()).toEqual([...IDS].sort())
  expect(storage.charging.stationsWithProfiles().sort()).toEqual([...IDS].sort())
  expect(storage.auth.authLists().map((l) => l.id).sort()).toEqual([...IDS].sort())
  expect(storage.auth.reservations().map((r) => r.stationId).sort()).toEqual([...IDS].sort())
  expect(storage.files.firmwareFiles().map((f) => f.id).sort()).toEqual([...IDS].sort())
  expect(storage.files.uploads().map((u) => u.id).sort()).toEqual([...IDS].sort())
  for (const id of IDS) {
    expect(storage.stations.get(id)).toMatchObject({ id, violationCount: 1 })
    expect(storage.stations.recentViolations(id).map((v) => v.messageId)).toEqual([id])
    expect(storage.idTags.get(id)?.idTag).toBe(id)
    expect(storage.credentials.get(id)).toEqual(credential(id))
    const config = storage.configurations.get(id)!
    expect(Object.keys(config.keys).sort()).toEqual([...PROTOTYPE_NAMES].sort())
    for (const key of PROTOTYPE_NAMES) expect(Object.getOwnPropertyDescriptor(config.keys, key)?.value).toMatchObject({ key, value: `${id}:${key}` })
    expect(Object.keys(config.lastChanges ?? {})).toEqual([id])
    expect(storage.charging.libraryProfile(id)?.name).toBe(`profile ${id}`)
    expect(storage.charging.installed(id).map((p) => p.libraryId)).toEqual([id])
    expect(Object.keys(storage.charging.reported(id)).sort()).toEqual(['1', '2'])
    expect(storage.auth.authList(id)?.entries.map((e) => e.idTag)).toEqual([id])
    expect(storage.auth.localList(id).entries.map((e) => e.idTag)).toEqual([id])
    expect(storage.files.firmwareFile(id)?.name).toBe(id)
    expect(storage.files.upload(id)?.stationId).toBe(id)
    expect(storage.files.slot(id)?.stationId).toBe(id)
    expect(storage.files.fileStatus(id).firmware.current).toMatchObject({ location: `ftp://${id}` })
  }
}

function storeEverything(storage: Storage): void {
  for (const [index, id] of IDS.entries()) {
    storage.stations.upsert(station(id))
    storage.stations.recordViolation(id, violation(id))
    storage.idTags.upsert(idTag(id))
    storage.configurations.put(snapshot(id))
    storage.charging.saveLibraryProfile(library(id))
    storage.charging.setInstalled(id, [installed(id)])
    storage.charging.setReported(id, report(1))
    storage.charging.setReported(id, report(2))
    storage.auth.saveAuthList(authList(id))
    storage.auth.saveLocalList(id, { entries: [{ idTag: id, idTagInfo: { status: 'Accepted' } }], history: [] })
    storage.auth.saveReservation(reservation(id, index + 1))
    storage.files.saveFirmwareFile({ id, name: id, size: 1, sha256: 'x', addedAt: AT })
    storage.files.saveUpload({ id, stationId: id, fileName: id, size: 1, receivedAt: AT, via: 'http-put', path: `${id}/file` })
    storage.files.saveSlot({ token: id, stationId: id, createdAt: AT })
    storage.files.saveFileStatus({ stationId: id, firmware: { current: { taskId: 't', location: `ftp://${id}`, retrieveDate: '2026-01-01T00:00:00.000Z', requestedAt: '2026-01-01T00:00:00.000Z', statuses: [] }, history: [] }, diagnostics: { history: [] } })
  }
}

describe('ids are data in the state file', () => {
  it('every repository stores, finds, lists and removes entries named after Object.prototype members like any other id, and keeps them across a reopen', async () => {
    const dir = await dirs.make()
    const first = await open(dir)
    expectNothingKnown(first)
    storeEverything(first)
    for (const id of IDS) await first.credentials.set(id, credential(id))
    expect(await first.counters.next('__proto__')).toBe(1)
    expect(await first.counters.next('constructor')).toBe(1)
    expect(await first.counters.next('__proto__')).toBe(2)
    expectEverythingKept(first)
    await first.close()
    opened.splice(opened.indexOf(first), 1)

    const second = await open(dir)
    expectEverythingKept(second)
    expect(await second.counters.next('__proto__')).toBe(3)
    expect(await second.counters.next('toString')).toBe(1)
    for (const id of IDS) {
      expect(second.stations.remove(id)).toBe(true)
      expect(second.idTags.remove(id)).toBe(true)
      expect(second.charging.deleteLibraryProfile(id)).toBe(true)
      expect(second.auth.deleteAuthList(id)).toBe(true)
      second.files.deleteFirmwareFile(id)
      await second.credentials.set(id, undefined)
    }
    for (const id of IDS) {
      expect(second.stations.get(id)).toBeUndefined()
      expect(second.idTags.get(id)).toBeUndefined()
      expect(second.charging.libraryProfile(id)).toBeUndefined()
      expect(second.auth.authList(id)).toBeUndefined()
      expect(second.files.firmwareFile(id)).toBeUndefined()
      expect(second.credentials.get(id)).toBeUndefined()
    }
  })

  it('a state file with entries named __proto__ loads them as entries, into sections without a prototype', () => {
    const stored = defaultState()
    const text = JSON.stringify({
      version: 1,
      stations: Object.fromEntries(IDS.map((id) => [id, station(id)])),
      idTags: Object.fromEntries(IDS.map((id) => [id.toUpperCase(), idTag(id)])),
      credentials: Object.fromEntries(IDS.map((id) => [id, credential(id)])),
      counters: Object.fromEntries(IDS.map((id, i) => [id, i])),
      configurations: Object.fromEntries(IDS.map((id) => [id, snapshot(id)])),
      reportedComposites: Object.fromEntries(IDS.map((id) => [id, Object.fromEntries([['1', report(1)]])])),
      uploadSlots: Object.fromEntries(IDS.map((id) => [id, { token: id, stationId: id, createdAt: AT }])),
      chargingLibrary: Object.fromEntries(IDS.map((id) => [id, library(id)])),
      authLists: Object.fromEntries(IDS.map((id) => [id, authList(id)])),
    })
    const warnings: string[] = []
    const state = normalizeState(JSON.parse(text) as Record<string, unknown>, (message) => void warnings.push(message))
    expect(warnings).toEqual([])
    for (const name of Object.keys(stored) as (keyof StateData)[]) {
      // The quarantine notes are a list, not keyed by ids.
      if (name === 'version' || name === 'settings' || name === 'quarantine') continue
      expect(Object.getPrototypeOf(state[name]), `section ${name}`).toBeNull()
      expect(Object.getPrototypeOf(stored[name]), `default section ${name}`).toBeNull()
    }
    expect(Object.keys(state.stations).sort()).toEqual([...IDS].sort())
    expect(Object.keys(state.idTags).sort()).toEqual(IDS.map((id) => id.toUpperCase()).sort())
    expect(Object.keys(state.credentials).sort()).toEqual([...IDS].sort())
    expect(Object.keys(state.counters).sort()).toEqual([...IDS].sort())
    expect(Object.keys(state.uploadSlots).sort()).toEqual([...IDS].sort())
    expect(Object.keys(state.chargingLibrary).sort()).toEqual([...IDS].sort())
    expect(Object.keys(state.authLists).sort()).toEqual([...IDS].sort())
    for (const id of IDS) {
      expect(state.stations[id]?.id).toBe(id)
      const config = state.configurations[id]!
      expect(Object.getPrototypeOf(config.keys)).toBeNull()
      expect(Object.getPrototypeOf(config.lastChanges)).toBeNull()
      expect(Object.keys(config.keys).sort()).toEqual([...PROTOTYPE_NAMES].sort())
      expect(Object.getPrototypeOf(state.reportedComposites[id])).toBeNull()
      expect(Object.keys(state.reportedComposites[id]!)).toEqual(['1'])
    }
  })

  it('copies of stored records keep prototype-free records prototype-free, everything else as structuredClone makes it', () => {
    const keys = Object.create(null) as Record<string, unknown>
    for (const key of PROTOTYPE_NAMES) keys[key] = { key, list: [Object.create(null) as object] }
    const original = { plain: { a: 1 }, keys, when: new Date(0), list: [keys] }
    for (const copy of [detachedCopy(original), frozenCopy(original)]) {
      expect(copy).not.toBe(original)
      expect(Object.getPrototypeOf(copy)).toBe(Object.prototype)
      expect(Object.getPrototypeOf(copy.plain)).toBe(Object.prototype)
      expect(Object.getPrototypeOf(copy.keys)).toBeNull()
      expect(Object.getPrototypeOf(copy.list[0])).toBeNull()
      expect(Object.getPrototypeOf((copy.keys.__defineGetter__ as { list: object[] }).list[0])).toBeNull()
      expect(Object.keys(copy.keys).sort()).toEqual([...PROTOTYPE_NAMES].sort())
      expect(copy.when).toBeInstanceOf(Date)
      expect(copy.keys).not.toBe(keys)
    }
    expect(Object.isFrozen(frozenCopy(original).keys)).toBe(true)
    expect(Object.isFrozen(detachedCopy(original).keys)).toBe(false)
  })

  it('settings in a state file that name Object.prototype members load (the merge over the defaults looks at own members only)', async () => {
    const dir = await dirs.make()
    const settings = JSON.parse('{"toString": 1, "valueOf": [], "hasOwnProperty": {}, "ocpp": {"constructor": {}, "toString": "x", "heartbeatIntervalSec": 77}}') as unknown
    await writeFile(join(dir, STATE_FILE), JSON.stringify({ version: 1, settings }))
    const storage = await open(dir)
    expect(storage.settings.get().ocpp).toMatchObject({ ...DEFAULT_SETTINGS.ocpp, heartbeatIntervalSec: 77 })
    expect(storage.settings.update({ ocpp: { lenient: true } }).ocpp).toMatchObject({ heartbeatIntervalSec: 77, lenient: true })
  })
})
