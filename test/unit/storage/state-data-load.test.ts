/**
 * Loading the state file (normalizeState): what is repaired, what is moved aside and for which
 * station, what is kept as it was, and that everything loaded is frozen.
 */
import { describe, expect, it } from 'vitest'
import { MAX_VIOLATIONS_PER_STATION } from '../../../src/main/storage/defaults'
import type { QuarantinedRecord } from '../../../src/main/storage/quarantine'
import { normalizeState, STATE_VERSION, unusableReason } from '../../../src/main/storage/state-data'

const T = '2026-01-01T10:00:00.000Z'

function load(raw: Record<string, unknown>) {
  const warnings: string[] = []
  const aside: QuarantinedRecord[] = []
  const state = normalizeState({ version: STATE_VERSION, ...raw }, (message) => void warnings.push(message), (record) => void aside.push(record))
  return { state, warnings, aside }
}

describe('loading the state file', () => {
  it('a file that is not an object, or of another version, cannot be used and says why', () => {
    expect(unusableReason([])).toMatch(/not a JSON object/)
    expect(unusableReason(null)).toMatch(/not a JSON object/)
    expect(unusableReason('x')).toMatch(/not a JSON object/)
    expect(unusableReason({ version: '1' })).toBe('its version is "1", this build reads version 1')
    expect(unusableReason({})).toMatch(/version is undefined/)
    expect(unusableReason({ version: 1 })).toBeUndefined()
  })

  it('a station gets the defaults of fields added later; its id is the key it is stored under', () => {
    const { state, aside } = load({
      stations: {
        OLD: { id: 'OLD', firstSeen: T },
        SET: { id: 'other', firstSeen: T, everAccepted: true, overrides: { lenient: true }, violationCount: 4 },
      },
    })
    expect(aside).toEqual([])
    expect(state.stations.OLD).toEqual({ id: 'OLD', firstSeen: T, everAccepted: false, overrides: {}, violationCount: 0 })
    expect(state.stations.SET).toEqual({ id: 'SET', firstSeen: T, everAccepted: true, overrides: { lenient: true }, violationCount: 4 })
    expect(Object.isFrozen(state.stations.SET)).toBe(true)
    expect(Object.isFrozen(state.stations.SET!.overrides)).toBe(true)
  })

  it('a station with more violations than are kept keeps the newest ones', () => {
    const violation = (i: number) => ({ time: T, action: 'Heartbeat', messageId: String(i), direction: 'in', accepted: true, violations: [] })
    const { state } = load({ stationViolations: { CP: Array.from({ length: MAX_VIOLATIONS_PER_STATION + 3 }, (_, i) => violation(i)), FEW: [violation(0)] } })
    const kept = state.stationViolations.CP!
    expect(kept).toHaveLength(MAX_VIOLATIONS_PER_STATION)
    expect(kept[0]!.messageId).toBe('3')
    expect(kept.at(-1)!.messageId).toBe(String(MAX_VIOLATIONS_PER_STATION + 2))
    expect(Object.isFrozen(kept)).toBe(true)
    expect(state.stationViolations.FEW).toHaveLength(1)
  })

  it('counters must be whole numbers of zero or more; zero is one', () => {
    const { state, aside } = load({ counters: { zero: 0, big: Number.MAX_SAFE_INTEGER, half: 1.5, text: '3', negative: -1, huge: 2 ** 60 } })
    expect(state.counters).toEqual({ zero: 0, big: Number.MAX_SAFE_INTEGER })
    expect(aside.map((r) => [r.key, r.reason, r.stationId])).toEqual([
      ['half', 'it is not a whole number of zero or more', undefined],
      ['text', 'it is not a whole number of zero or more', undefined],
      ['negative', 'it is not a whole number of zero or more', undefined],
      ['huge', 'it is not a whole number of zero or more', undefined],
    ])
  })

  it('idTags are keyed by the upper-cased idTag, whatever key they were stored under', () => {
    const { state } = load({ idTags: { whatever: { idTag: 'abc', status: 'Accepted' } } })
    expect(Object.keys(state.idTags)).toEqual(['ABC'])
    expect(state.idTags.ABC!.idTag).toBe('abc')
  })

  it('a configuration keeps its keys and last changes, both prototype-free and frozen', () => {
    const key = { key: 'HeartbeatInterval', value: '60', readonly: false, updatedAt: T, source: 'GetConfiguration' }
    const change = { key: 'HeartbeatInterval', value: '60', status: 'Accepted', at: T, taskId: 't' }
    const { state } = load({ configurations: { CP: { stationId: 'CP', keys: { HeartbeatInterval: key }, lastChanges: { HeartbeatInterval: change }, unknownKeys: [] }, NO: { keys: {}, unknownKeys: [] } } })
    const config = state.configurations.CP!
    expect(config.keys.HeartbeatInterval).toEqual(key)
    expect(config.lastChanges!.HeartbeatInterval).toEqual(change)
    expect(Object.getPrototypeOf(config.keys)).toBeNull()
    expect(Object.isFrozen(config)).toBe(true)
    expect(Object.isFrozen(config.keys)).toBe(true)
    expect('lastChanges' in state.configurations.NO!).toBe(false)
  })

  it('a section that is not an object is reset with a warning naming it; a missing one is empty without a word', () => {
    const { state, warnings, aside } = load({ stations: [], credentials: 'x', reservations: 5 })
    expect(state.stations).toEqual({})
    expect(warnings).toEqual([
      'state: "stations" was not an object and was reset',
      'state: "credentials" was not an object and was reset',
      'state: "reservations" was not an object and was reset',
    ])
    expect(aside).toEqual([])
    expect(load({}).warnings).toEqual([])
  })

  it('a malformed entry is moved aside with its section, key, reason and station, and the warning says so', () => {
    const { state, warnings, aside } = load({
      credentials: { CP1: { salt: 's' }, CP2: { salt: 's', hash: 'h' } },
      reservations: { r1: { reservationId: 'x', stationId: 'CP3' } },
      chargingLibrary: { lib: { id: 'lib' } },
      installedProfiles: { CP4: 'not a list' },
      reportedComposites: { CP5: [] },
    })
    expect(Object.keys(state.credentials)).toEqual(['CP2'])
    expect(aside.map((r) => [r.collection, r.key, r.stationId])).toEqual([
      ['credentials', 'CP1', 'CP1'], // keyed by station
      ['chargingLibrary', 'lib', undefined], // keyed by a library id: no station
      ['installedProfiles', 'CP4', 'CP4'],
      ['reportedComposites', 'CP5', 'CP5'],
      ['reservations', 'r1', 'CP3'], // the station the record names
    ])
    expect(aside[0]!.reason).toMatch(/hash is missing/)
    expect(aside[2]!.reason).toBe('it is not a list')
    expect(aside[3]!.reason).toBe('it is not an object')
    expect(aside[0]!.record).toEqual({ salt: 's' })
    expect(warnings[0]).toBe('state: moved a malformed entry "CP1" of "credentials" to quarantine: hash is missing')
  })

  it('every other section is loaded through its shape check, sound entries kept and frozen', () => {
    const sections = {
      chargingLibrary: { p: { id: 'p', name: 'P', profile: {} } },
      reservations: { r: { reservationId: 1, stationId: 'CP', connectorId: 1, idTag: 'A', expiryDate: T, state: 'active', createdAt: T, taskId: 't' } },
      authLists: { l: { id: 'l', name: 'L', entries: [] } },
      localLists: { CP: { entries: [], history: [] } },
      firmwareFiles: { f: { id: 'f', name: 'f', size: 1, sha256: 'x', addedAt: T } },
      diagnosticsUploads: { u: { id: 'u', stationId: 'CP', path: 'p', fileName: 'f', size: 1, receivedAt: T, via: 'ftp' } },
      uploadSlots: { k: { token: 'k', stationId: 'CP', createdAt: T } },
      fileStatus: { CP: { stationId: 'CP', firmware: { history: [] }, diagnostics: { history: [] } } },
      credentials: { CP: { salt: 's', hash: 'h' } },
    }
    const bad = Object.fromEntries(Object.keys(sections).map((name) => [name, { bad: { id: 5 } }]))
    const { state } = load(sections)
    for (const [name, entries] of Object.entries(sections)) {
      const loaded = (state as unknown as Record<string, Record<string, unknown>>)[name]!
      expect(loaded, name).toEqual(entries)
      for (const value of Object.values(loaded)) expect(Object.isFrozen(value), name).toBe(true)
    }
    const refused = load(bad)
    expect(refused.aside.map((r) => r.collection).sort()).toEqual(Object.keys(sections).sort())
  })

  it('quarantine notes load: malformed ones are left out, the rest frozen', () => {
    const note = { collection: 'x', key: 'k', reason: 'r', at: T }
    const { state, warnings } = load({ quarantine: [note, { collection: 'x' }, 5] })
    expect(state.quarantine).toEqual([note])
    expect(Object.isFrozen(state.quarantine[0])).toBe(true)
    expect(warnings).toEqual([])
    const reset = load({ quarantine: {} })
    expect(reset.warnings).toEqual(['state: "quarantine" was not a list and was reset'])
    expect(reset.state.quarantine).toEqual([])
  })

  it('a malformed entry of a section keyed by station belongs to that station; settings nested too deeply say the defaults are used', () => {
    const { aside } = load({
      stationViolations: { CP1: 'not a list' },
      configurations: { CP2: { keys: 5 } },
      localLists: { CP3: { entries: 5 } },
      fileStatus: { CP4: 5 },
      chargingLibrary: { lib: 5 },
      counters: { deep: JSON.parse(`${'['.repeat(150)}${']'.repeat(150)}`) as unknown },
    })
    expect(aside.map((r) => [r.collection, r.stationId])).toEqual([
      ['stationViolations', 'CP1'],
      ['counters', undefined],
      ['configurations', 'CP2'],
      ['chargingLibrary', undefined],
      ['localLists', 'CP3'],
      ['fileStatus', 'CP4'],
    ])
    expect('stationId' in aside.find((r) => r.collection === 'chargingLibrary')!).toBe(false)
    expect(aside.find((r) => r.collection === 'counters')!.reason).toBe('it is nested more than 100 levels deep')
    let deep: unknown = 1
    for (let i = 0; i < 200; i += 1) deep = { x: deep }
    const settings = load({ settings: { ocpp: deep } }).aside
    expect(settings.map((r) => [r.collection, r.key, r.reason])).toEqual([['settings', 'settings', 'it is nested more than 100 levels deep; the default settings are used']])
  })
})
