/**
 * The repositories over the state file, rule by rule: what each one keeps, in what order it lists,
 * how much history it keeps, what it removes and what a read of something unknown answers. They
 * run over a state store in memory (repositories.test.ts covers the reopen paths over real files).
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { AuthList, ListSend, Reservation } from '@shared/contract/auth-dto'
import type { InstalledProfile, LibraryProfile, ReportedComposite } from '@shared/contract/charging-dto'
import type { IdTagRecord, StationRecord } from '@shared/contract/dto'
import type { StationFileStatus } from '@shared/contract/files-dto'
import type { ConfigurationSnapshot } from '../../../src/main/services/configuration-snapshot'
import type { StoredCredential } from '../../../src/main/services/basic-auth'
import { AuthRepository, reservationKey } from '../../../src/main/storage/auth-repository'
import { ChargingRepository } from '../../../src/main/storage/charging-repository'
import { ConfigurationRepository } from '../../../src/main/storage/configuration-repository'
import { CredentialRepository } from '../../../src/main/storage/credential-repository'
import { FilesRepository, type StoredUpload, type UploadSlot } from '../../../src/main/storage/files-repository'
import { MAX_VIOLATIONS_PER_STATION } from '../../../src/main/storage/defaults'
import { IdTagRepository } from '../../../src/main/storage/id-tag-repository'
import { QuarantineRepository } from '../../../src/main/storage/quarantine-repository'
import { StationRepository } from '../../../src/main/storage/station-repository'
import { memoryStores } from './helpers'

const stores = memoryStores()
afterEach(() => stores.closeAll())

const T = '2025-01-01T00:00:00.000Z'
const at = (minute: number): string => `2025-01-01T00:${String(minute).padStart(2, '0')}:00.000Z`

describe('auth repository', () => {
  const reservation = (reservationId: number, createdAt: string, stationId = 'CP-1'): Reservation =>
    ({ reservationId, stationId, connectorId: 1, idTag: 'TAG', expiryDate: T, state: 'requested', createdAt }) as Reservation
  const list = (id: string, name: string): AuthList => ({ id, name, entries: [], createdAt: T, updatedAt: T })

  it('keeps a reservation per station, id and creation time: a station that reuses an id does not overwrite the old one', async () => {
    const auth = new AuthRepository(await stores.open())
    auth.saveReservation(reservation(7, at(1)))
    auth.saveReservation(reservation(7, at(2)))
    auth.saveReservation(reservation(7, at(1), 'CP-2'))
    expect(auth.reservations()).toHaveLength(3)
    auth.saveReservation({ ...reservation(7, at(1)), state: 'active' })
    expect(auth.reservations().map((r) => `${r.stationId}/${r.createdAt}/${r.state}`).sort()).toEqual([`CP-1/${at(1)}/active`, `CP-1/${at(2)}/requested`, `CP-2/${at(1)}/requested`])
    expect(reservationKey(reservation(7, at(1)))).not.toBe(reservationKey(reservation(7, at(2))))
    // The parts are kept apart: station CP-1 with reservation 12 is not station CP-11 with reservation 2.
    expect(reservationKey(reservation(12, T, 'CP-1'))).not.toBe(reservationKey(reservation(2, T, 'CP-11')))
  })

  it('stores a frozen copy of a reservation and of a list', async () => {
    const auth = new AuthRepository(await stores.open())
    const input = reservation(1, T)
    const stored = auth.saveReservation(input)
    input.state = 'active'
    expect(auth.reservations()[0]!.state).toBe('requested')
    expect(Object.isFrozen(stored)).toBe(true)
    expect(Object.isFrozen(auth.saveAuthList(list('L1', 'a')))).toBe(true)
  })

  it('lists the library by name, then by id', async () => {
    const auth = new AuthRepository(await stores.open())
    for (const [id, name] of [['L3', 'b'], ['L2', 'a'], ['L1', 'a']] as const) auth.saveAuthList(list(id, name))
    expect(auth.authLists().map((l) => l.id)).toEqual(['L1', 'L2', 'L3'])
    expect(auth.authList('L2')!.name).toBe('a')
    expect(auth.authList('toString')).toBeUndefined()
  })

  it('deletes a list it has and says so; an unknown list is not deleted', async () => {
    const auth = new AuthRepository(await stores.open())
    auth.saveAuthList(list('L1', 'a'))
    auth.saveAuthList(list('L2', 'b'))
    expect(auth.deleteAuthList('missing')).toBe(false)
    expect(auth.deleteAuthList('L1')).toBe(true)
    expect(auth.authLists().map((l) => l.id)).toEqual(['L2'])
    expect(auth.deleteAuthList('L1')).toBe(false)
  })

  it("answers an empty local list for a station it knows nothing of, and keeps the newest 50 sends of a station's history", async () => {
    const auth = new AuthRepository(await stores.open())
    expect(auth.localList('CP-1')).toEqual({ entries: [], history: [] })
    const history = Array.from({ length: 60 }, (_, i) => ({ id: `send-${i}` }) as ListSend)
    auth.saveLocalList('CP-1', { expectedVersion: 4, entries: [{ idTag: 'A' }], history })
    const stored = auth.localList('CP-1')
    expect(stored.expectedVersion).toBe(4)
    expect(stored.entries).toEqual([{ idTag: 'A' }])
    expect(stored.history.map((h) => h.id)).toEqual(history.slice(10).map((h) => h.id))
    expect(auth.localList('CP-2')).toEqual({ entries: [], history: [] })
  })
})

describe('charging repository', () => {
  const profile = (id: string, name: string): LibraryProfile => ({ id, name, profile: {} as LibraryProfile['profile'], createdAt: T, updatedAt: T })
  const installed = (connectorId: number): InstalledProfile => ({ connectorId, profile: {} as InstalledProfile['profile'], installedAt: T, via: 'SetChargingProfile', taskId: 't' })
  const report = (connectorId: number): ReportedComposite => ({ connectorId, requested: { duration: 60 }, status: 'Accepted', receivedAt: T, taskId: 't' })

  it('lists the library by name, then by id, and deletes only what it has', async () => {
    const charging = new ChargingRepository(await stores.open())
    for (const [id, name] of [['P3', 'b'], ['P2', 'a'], ['P1', 'a']] as const) charging.saveLibraryProfile(profile(id, name))
    expect(charging.library().map((p) => p.id)).toEqual(['P1', 'P2', 'P3'])
    expect(charging.libraryProfile('P3')!.name).toBe('b')
    expect(charging.deleteLibraryProfile('missing')).toBe(false)
    expect(charging.deleteLibraryProfile('P2')).toBe(true)
    expect(charging.library().map((p) => p.id)).toEqual(['P1', 'P3'])
    expect(charging.libraryProfile('P2')).toBeUndefined()
  })

  it('forgets a station whose last installed profile is removed', async () => {
    const charging = new ChargingRepository(await stores.open())
    expect(charging.installed('CP-1')).toEqual([])
    charging.setInstalled('CP-1', [installed(1), installed(2)])
    charging.setInstalled('CP-2', [installed(1)])
    expect(charging.installed('CP-1').map((p) => p.connectorId)).toEqual([1, 2])
    expect(charging.stationsWithProfiles().sort()).toEqual(['CP-1', 'CP-2'])
    charging.setInstalled('CP-1', [])
    expect(charging.stationsWithProfiles()).toEqual(['CP-2'])
    expect(charging.installed('CP-1')).toEqual([])
  })

  it('keeps the last report per connector, and moves one aside with a note that names the station and connector', async () => {
    const store = await stores.open()
    const charging = new ChargingRepository(store)
    expect(Object.keys(charging.reported('CP-1'))).toEqual([])
    charging.setReported('CP-1', report(1))
    charging.setReported('CP-1', report(2))
    charging.setReported('CP-1', { ...report(2), status: 'Rejected' })
    expect(Object.keys(charging.reported('CP-1')).sort()).toEqual(['1', '2'])
    expect(charging.reported('CP-1')['2']!.status).toBe('Rejected')

    expect(charging.quarantineReported('CP-9', 1, 'x')).toBeUndefined()
    expect(charging.quarantineReported('CP-1', 3, 'x')).toBeUndefined()
    const note = charging.quarantineReported('CP-1', 1, 'schedule does not parse')
    expect(note).toMatchObject({ collection: 'reportedComposites', stationId: 'CP-1', key: 'CP-1/1', reason: 'schedule does not parse' })
    expect(note).not.toHaveProperty('record')
    expect(Object.keys(charging.reported('CP-1'))).toEqual(['2'])
    expect(charging.quarantineReported('CP-1', 1, 'again')).toBeUndefined()

    charging.quarantineReported('CP-1', 2, 'last one')
    expect(store.read((data) => Object.keys(data.reportedComposites))).toEqual([])
  })

  it("lists only this station's Smart Charging notes, without the records they keep", async () => {
    const store = await stores.open()
    const charging = new ChargingRepository(store)
    charging.setReported('CP-1', report(1))
    charging.setReported('CP-2', report(1))
    charging.quarantineReported('CP-1', 1, 'one')
    charging.quarantineReported('CP-2', 1, 'two')
    store.quarantine([
      { collection: 'installedProfiles', stationId: 'CP-1', key: 'CP-1', reason: 'three', record: {} },
      { collection: 'idTags', stationId: 'CP-1', key: 'A', reason: 'not charging', record: {} },
    ])
    const notes = charging.quarantined('CP-1')
    expect(notes.map((n) => n.reason)).toEqual(['one', 'three'])
    for (const n of notes) expect(n).not.toHaveProperty('record')
  })
})

describe('configuration and credential repositories', () => {
  it("keeps a frozen copy of each station's configuration snapshot", async () => {
    const configurations = new ConfigurationRepository(await stores.open())
    const snapshot = { stationId: 'CP-1', entries: [] } as unknown as ConfigurationSnapshot
    configurations.put(snapshot)
    expect(configurations.get('CP-1')).toEqual(snapshot)
    expect(configurations.get('CP-1')).not.toBe(snapshot)
    expect(Object.isFrozen(configurations.get('CP-1'))).toBe(true)
    expect(configurations.get('CP-2')).toBeUndefined()
  })

  it('writes a credential to disk before set resolves, and removes it when set to undefined', async () => {
    const store = await stores.open()
    const credentials = new CredentialRepository(store)
    const credential: StoredCredential = { algorithm: 'scrypt', salt: 's', hash: 'h', updatedAt: T }
    const before = store.writes
    await credentials.set('CP-1', credential)
    expect(store.writes).toBe(before + 1)
    expect(credentials.get('CP-1')).toEqual(credential)
    expect(Object.isFrozen(credentials.get('CP-1'))).toBe(true)
    await credentials.set('CP-1', undefined)
    expect(store.writes).toBe(before + 2)
    expect(credentials.get('CP-1')).toBeUndefined()
  })
})

describe('files repository', () => {
  const slot = (token: string, createdAt: string): UploadSlot => ({ token, stationId: 'CP-1', createdAt })
  const upload = (id: string, receivedAt: string): StoredUpload => ({ id, stationId: 'CP-1', fileName: 'f', size: 1, receivedAt, via: 'ftp', path: `p/${id}` })

  it('lists firmware files and uploads newest first', async () => {
    const files = new FilesRepository(await stores.open())
    for (const [id, minute] of [['a', 2], ['b', 3], ['c', 1]] as const) files.saveFirmwareFile({ id, name: id, size: 1, sha256: 'x', addedAt: at(minute) })
    expect(files.firmwareFiles().map((f) => f.id)).toEqual(['b', 'a', 'c'])
    expect(files.firmwareFile('a')!.addedAt).toBe(at(2))
    files.deleteFirmwareFile('a')
    expect(files.firmwareFile('a')).toBeUndefined()
    expect(files.firmwareFiles().map((f) => f.id)).toEqual(['b', 'c'])
    for (const [id, minute] of [['u1', 2], ['u2', 3], ['u3', 1]] as const) files.saveUpload(upload(id, at(minute)))
    expect(files.uploads().map((u) => u.id)).toEqual(['u2', 'u1', 'u3'])
    expect(files.upload('u3')!.path).toBe('p/u3')
    expect(files.upload('missing')).toBeUndefined()
  })

  it('keeps at most 2,000 upload slots, dropping the oldest first', async () => {
    const files = new FilesRepository(await stores.open())
    // Saved newest first, so the oldest is not simply the first key.
    for (let i = 2001; i >= 0; i -= 1) files.saveSlot(slot(`t${i}`, new Date(Date.parse(T) + i * 1000).toISOString()))
    expect(files.slots()).toHaveLength(2000)
    expect(files.slot('t0')).toBeUndefined()
    expect(files.slot('t1')).toBeUndefined()
    expect(files.slot('t2')!.token).toBe('t2')
    expect(files.slot('t2001')!.token).toBe('t2001')
  })

  it('deletes a slot it has; deleting an unknown one writes nothing', async () => {
    const store = await stores.open()
    const files = new FilesRepository(store)
    files.saveSlot(slot('t1', T))
    await store.flushNow()
    const writes = store.writes
    files.deleteSlot('unknown')
    await store.flushNow()
    expect(store.writes).toBe(writes)
    files.deleteSlot('t1')
    expect(files.slot('t1')).toBeUndefined()
    expect(files.slots()).toEqual([])
  })

  it("answers an empty file status for a station it knows nothing of, and keeps the first 20 entries of each history", async () => {
    const files = new FilesRepository(await stores.open())
    expect(files.fileStatus('CP-1')).toEqual({ stationId: 'CP-1', firmware: { history: [] }, diagnostics: { history: [] } })
    const history = Array.from({ length: 25 }, (_, i) => ({ taskId: `h${i}` }))
    files.saveFileStatus({ stationId: 'CP-1', firmware: { history }, diagnostics: { history } } as unknown as StationFileStatus)
    const stored = files.fileStatus('CP-1') as unknown as { firmware: { history: { taskId: string }[] }; diagnostics: { history: { taskId: string }[] } }
    expect(stored.firmware.history.map((h) => h.taskId)).toEqual(history.slice(0, 20).map((h) => h.taskId))
    expect(stored.diagnostics.history.map((h) => h.taskId)).toEqual(history.slice(0, 20).map((h) => h.taskId))
  })
})

describe('idTag repository', () => {
  const tag = (idTag: string, status: IdTagRecord['status'] = 'Accepted'): IdTagRecord => ({ idTag, status, createdAt: T, updatedAt: T })

  it('finds, replaces and removes an idTag whatever its case, keeping it as entered', async () => {
    const idTags = new IdTagRepository(await stores.open())
    idTags.upsert(tag('abc'))
    expect(idTags.get('ABC')!.idTag).toBe('abc')
    idTags.upsert(tag('AbC', 'Blocked'))
    expect(idTags.list()).toEqual([tag('AbC', 'Blocked')])
    expect(idTags.remove('missing')).toBe(false)
    expect(idTags.remove('abc')).toBe(true)
    expect(idTags.get('abc')).toBeUndefined()
    expect(idTags.list()).toEqual([])
  })

  it('lists idTags in the order of their case-folded form', async () => {
    const idTags = new IdTagRepository(await stores.open())
    idTags.upsertMany([tag('b'), tag('C'), tag('a'), tag('B2')])
    expect(idTags.list().map((t) => t.idTag)).toEqual(['a', 'b', 'B2', 'C'])
  })

  it('stores many at once in one change, and nothing for an empty list', async () => {
    const store = await stores.open()
    const idTags = new IdTagRepository(store)
    await store.flushNow()
    const writes = store.writes
    idTags.upsertMany([])
    await store.flushNow()
    expect(store.writes).toBe(writes)
    const input = [tag('x'), tag('y')]
    idTags.upsertMany(input)
    input[0]!.status = 'Blocked'
    expect(idTags.get('X')!.status).toBe('Accepted')
    expect(Object.isFrozen(idTags.get('Y'))).toBe(true)
  })
})

describe('quarantine repository', () => {
  it("shows every note, or one station's, without the records they keep", async () => {
    const store = await stores.open()
    store.quarantine([
      { collection: 'reportedComposites', stationId: 'CP-1', key: 'k1', reason: 'one', record: { a: 1 } },
      { collection: 'stations', stationId: 'CP-2', key: 'k2', reason: 'two', record: { b: 2 } },
    ])
    store.addNotes([{ collection: 'transactions', key: 'k3', reason: 'three', at: T }])
    const quarantine = new QuarantineRepository(store)
    expect(quarantine.all().map((n) => n.reason)).toEqual(['one', 'two', 'three'])
    for (const note of quarantine.all()) expect(note).not.toHaveProperty('record')
    expect(quarantine.forStation('CP-2')).toEqual([expect.objectContaining({ key: 'k2', reason: 'two' })])
    expect(quarantine.forStation('CP-2')[0]).not.toHaveProperty('record')
  })
})

describe('station repository', () => {
  const station = (id: string): StationRecord => ({ id, firstSeen: T, everAccepted: false, overrides: {}, violationCount: 0 })

  it('lists stations by id in code-point order', async () => {
    const stations = new StationRepository(await stores.open())
    for (const id of ['b', 'B', 'a', 'A']) stations.upsert(station(id))
    expect(stations.list().map((s) => s.id)).toEqual(['A', 'B', 'a', 'b'])
  })

  it('keeps only the most recent violations, however many are asked for', async () => {
    const stations = new StationRepository(await stores.open())
    stations.upsert(station('CP-1'))
    const violation = (n: number) => ({ time: T, action: 'Heartbeat', messageId: `m${n}`, direction: 'in' as const, accepted: true, violations: [] })
    for (let n = 1; n <= MAX_VIOLATIONS_PER_STATION + 20; n += 1) stations.recordViolation('CP-1', violation(n))
    const all = stations.recentViolations('CP-1', 10 * MAX_VIOLATIONS_PER_STATION)
    expect(all).toHaveLength(MAX_VIOLATIONS_PER_STATION)
    expect(all.at(-1)!.messageId).toBe('m21')
    expect(stations.get('CP-1')!.violationCount).toBe(MAX_VIOLATIONS_PER_STATION + 20)
  })

  it('keeps the id of the record it updates, whatever the change returns', async () => {
    const stations = new StationRepository(await stores.open())
    stations.upsert(station('CP-1'))
    const updated = stations.update('CP-1', (draft) => ({ ...draft, id: 'CP-OTHER', everAccepted: true }))
    expect(updated).toMatchObject({ id: 'CP-1', everAccepted: true })
    expect(stations.get('CP-OTHER')).toBeUndefined()
    expect(stations.list().map((s) => s.id)).toEqual(['CP-1'])
  })

  it('removes a station with its violations; an unknown station is not removed', async () => {
    const stations = new StationRepository(await stores.open())
    stations.upsert(station('CP-1'))
    stations.recordViolation('CP-1', { time: T, action: 'Heartbeat', messageId: 'm', direction: 'in', accepted: true, violations: [] })
    expect(stations.remove('CP-9')).toBe(false)
    expect(stations.remove('CP-1')).toBe(true)
    expect(stations.get('CP-1')).toBeUndefined()
    expect(stations.recentViolations('CP-1')).toEqual([])
  })

  it('keeps the violation of a station it does not know, and answers no violations for a limit of 0', async () => {
    const stations = new StationRepository(await stores.open())
    const violation = { time: T, action: 'Heartbeat', messageId: 'm', direction: 'in' as const, accepted: true, violations: [] }
    expect(stations.recordViolation('CP-X', violation)).toBeUndefined()
    expect(stations.recentViolations('CP-X')).toEqual([violation])
    expect(stations.recentViolations('CP-X', 0)).toEqual([])
  })
})
