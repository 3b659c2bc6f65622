import { describe, expect, it } from 'vitest'
import type { CallTask } from '@shared/contract/dto'
import { ConfigurationSnapshots, type ConfigurationSnapshot } from '../../../src/main/services/configuration-snapshot'
import { PROTOTYPE_NAMES, prototypeChanges } from '../../support/prototype-names'

function memoryStore() {
  const map = new Map<string, ConfigurationSnapshot>()
  return { get: (id: string) => map.get(id), put: (s: ConfigurationSnapshot) => void map.set(s.stationId, s) }
}

let n = 0
function task(action: string, payload: unknown, response: unknown, state: CallTask['state'] = 'answered'): CallTask {
  n += 1
  return { id: `t${n}`, stationId: 'CP1', action, payload, response, state, createdAt: 't', finishedAt: `2026-01-01T00:00:0${n % 10}.000Z` }
}

describe('configuration snapshot', () => {
  it('TC_019_1_CSMS a full GetConfiguration fills every key with its readonly flag', () => {
    const snapshots = new ConfigurationSnapshots(memoryStore())
    snapshots.applyTask(task('GetConfiguration', { key: [] }, { configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '300' }, { key: 'NumberOfConnectors', readonly: true, value: '2' }] }))
    const snapshot = snapshots.get('CP1')
    expect(Object.keys(snapshot.keys)).toEqual(['HeartbeatInterval', 'NumberOfConnectors'])
    expect(snapshot.keys.NumberOfConnectors).toMatchObject({ readonly: true, value: '2', source: 'GetConfiguration' })
    expect(snapshot.fullFetchAt).toBeDefined()
  })

  it('never keeps the value of AuthorizationKey or a key named like a password, reported by a buggy station or set by the operator', () => {
    const snapshots = new ConfigurationSnapshots(memoryStore())
    snapshots.applyTask(task('GetConfiguration', {}, { configurationKey: [{ key: 'AuthorizationKey', readonly: false, value: 'a1b2c3' }, { key: 'WifiPassword', readonly: false, value: 'hunter22' }, { key: 'HeartbeatInterval', readonly: false, value: '300' }] }))
    snapshots.applyTask(task('ChangeConfiguration', { key: 'wifipassword', value: 'hunter23' }, { status: 'Accepted' }))
    const snapshot = snapshots.get('CP1')
    expect(JSON.stringify(snapshot)).not.toMatch(/a1b2c3|hunter2/)
    expect(snapshot.keys.AuthorizationKey).toMatchObject({ key: 'AuthorizationKey', readonly: false })
    expect(snapshot.keys.HeartbeatInterval!.value).toBe('300')
  })

  it('TC_019_2_CSMS a GetConfiguration for some keys updates those and records unknown ones', () => {
    const snapshots = new ConfigurationSnapshots(memoryStore())
    snapshots.applyTask(task('GetConfiguration', {}, { configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '300' }] }))
    snapshots.applyTask(task('GetConfiguration', { key: ['SupportedFeatureProfiles', 'Bogus'] }, { configurationKey: [{ key: 'SupportedFeatureProfiles', readonly: true, value: 'Core' }], unknownKey: ['Bogus'] }))
    const snapshot = snapshots.get('CP1')
    expect(Object.keys(snapshot.keys).sort()).toEqual(['HeartbeatInterval', 'SupportedFeatureProfiles'])
    expect(snapshot.unknownKeys).toEqual(['Bogus'])
  })

  it('TC_021_CSMS an accepted ChangeConfiguration updates the value; RebootRequired marks it pending', () => {
    const snapshots = new ConfigurationSnapshots(memoryStore())
    snapshots.applyTask(task('GetConfiguration', {}, { configurationKey: [{ key: 'MeterValueSampleInterval', readonly: false, value: '0' }] }))
    snapshots.applyTask(task('ChangeConfiguration', { key: 'metervaluesampleinterval', value: '60' }, { status: 'Accepted' }))
    expect(snapshots.get('CP1').keys.MeterValueSampleInterval).toMatchObject({ value: '60', source: 'ChangeConfiguration' })
    snapshots.applyTask(task('ChangeConfiguration', { key: 'WebSocketPingInterval', value: '30' }, { status: 'RebootRequired' }))
    expect(snapshots.get('CP1').keys.WebSocketPingInterval).toMatchObject({ value: '30', pendingReboot: true })
  })

  it('TC_040_1/TC_040_2 a Rejected or NotSupported change or a CALLERROR changes no value but keeps the answer per key', () => {
    const snapshots = new ConfigurationSnapshots(memoryStore())
    snapshots.applyTask(task('GetConfiguration', {}, { configurationKey: [{ key: 'MeterValueSampleInterval', readonly: false, value: '0' }] }))
    snapshots.applyTask(task('ChangeConfiguration', { key: 'metervaluesampleinterval', value: '-1' }, { status: 'Rejected' }))
    snapshots.applyTask(task('ChangeConfiguration', { key: 'Unknown', value: '1' }, { status: 'NotSupported' }))
    const failed = task('ChangeConfiguration', { key: 'Other', value: 'x' }, undefined, 'callerror')
    snapshots.applyTask({ ...failed, error: { code: 'PropertyConstraintViolation', description: '', details: {} } })
    const snapshot = snapshots.get('CP1')
    expect(snapshot.keys.MeterValueSampleInterval!.value).toBe('0')
    expect(Object.keys(snapshot.keys)).toEqual(['MeterValueSampleInterval'])
    expect(snapshot.lastChanges).toMatchObject({
      MeterValueSampleInterval: { value: '-1', status: 'Rejected' },
      Unknown: { value: '1', status: 'NotSupported' },
      Other: { status: 'PropertyConstraintViolation', callError: true },
    })
  })

  it('a timed-out or offline ChangeConfiguration is not an answer and changes nothing', () => {
    const snapshots = new ConfigurationSnapshots(memoryStore())
    expect(snapshots.applyTask(task('ChangeConfiguration', { key: 'X', value: '1' }, undefined, 'timeout'))).toBeUndefined()
    expect(snapshots.applyTask(task('ChangeConfiguration', { key: 'X', value: '1' }, undefined, 'offline'))).toBeUndefined()
    expect(snapshots.get('CP1')).toEqual({ stationId: 'CP1', keys: {}, unknownKeys: [] })
  })

  it('never keeps the value of the write-only AuthorizationKey', () => {
    const snapshots = new ConfigurationSnapshots(memoryStore())
    snapshots.applyTask(task('ChangeConfiguration', { key: 'AuthorizationKey', value: 'deadbeefdeadbeefdeadbeefdeadbeef' }, { status: 'Accepted' }))
    expect(snapshots.get('CP1').keys.AuthorizationKey!.value).toBeUndefined()
    expect(snapshots.get('CP1').lastChanges!.AuthorizationKey).toMatchObject({ status: 'Accepted' })
    expect(snapshots.get('CP1').lastChanges!.AuthorizationKey!.value).toBeUndefined()
  })

  it('keys named after Object.prototype members are keys like any other: reported, changed, answered and kept apart', () => {
    const snapshots = new ConfigurationSnapshots(memoryStore())
    snapshots.applyTask(task('GetConfiguration', {}, { configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '300' }] }))
    // Keys the station never reported: an Accepted change makes them known keys, writable as far as the CSMS knows.
    for (const key of PROTOTYPE_NAMES) snapshots.applyTask(task('ChangeConfiguration', { key, value: `set ${key}` }, { status: 'Accepted' }))
    let snapshot = snapshots.get('CP1')
    expect(Object.getPrototypeOf(snapshot.keys)).toBeNull()
    expect(Object.keys(snapshot.keys).sort()).toEqual(['HeartbeatInterval', ...PROTOTYPE_NAMES].sort())
    expect(Object.keys(snapshot.lastChanges!).sort()).toEqual([...PROTOTYPE_NAMES].sort())
    for (const key of PROTOTYPE_NAMES) {
      expect(Object.getOwnPropertyDescriptor(snapshot.keys, key)?.value, key).toEqual({ key, value: `set ${key}`, readonly: false, updatedAt: expect.any(String), source: 'ChangeConfiguration' })
      expect(Object.getOwnPropertyDescriptor(snapshot.lastChanges, key)?.value, key).toMatchObject({ key, status: 'Accepted' })
    }
    // A full answer naming them (read-only), then a partial one that reports one of them unknown.
    snapshots.applyTask(task('GetConfiguration', {}, { configurationKey: PROTOTYPE_NAMES.map((key) => ({ key, readonly: true, value: key })) }))
    snapshots.applyTask(task('GetConfiguration', { key: ['toString'] }, { configurationKey: [], unknownKey: ['toString'] }))
    snapshot = snapshots.get('CP1')
    expect(Object.keys(snapshot.keys).sort()).toEqual(PROTOTYPE_NAMES.filter((key) => key !== 'toString').sort())
    expect(snapshot.unknownKeys).toEqual(['toString'])
    expect(Object.getOwnPropertyDescriptor(snapshot.keys, '__proto__')?.value).toMatchObject({ key: '__proto__', readonly: true, value: '__proto__' })
    // A change of a reported read-only key keeps its flag.
    snapshots.applyTask(task('ChangeConfiguration', { key: 'constructor', value: 'again' }, { status: 'Accepted' }))
    expect(snapshots.get('CP1').keys.constructor).toMatchObject({ key: 'constructor', value: 'again', readonly: true })
    // Another station's snapshot knows none of it.
    expect(Object.keys(snapshots.get('CP2').keys)).toEqual([])
    expect(snapshots.get('CP2').keys.constructor).toBeUndefined()
    expect(prototypeChanges()).toEqual([])
  })

  it('keeps at most 1,000 keys and 1,000 unknown keys, cuts long values, leaves out long keys, and says so (one pass, however many keys)', () => {
    const snapshots = new ConfigurationSnapshots(memoryStore())
    const configurationKey = Array.from({ length: 20_000 }, (_, i) => ({ key: `K${i}`, readonly: false, value: i === 0 ? 'v'.repeat(2000) : '1' }))
    configurationKey.push({ key: 'X'.repeat(51), readonly: false, value: '1' })
    snapshots.applyTask(task('GetConfiguration', {}, { configurationKey, unknownKey: Array.from({ length: 1500 }, (_, i) => `U${i}`) }))
    const snapshot = snapshots.get('CP1')
    expect(Object.keys(snapshot.keys)).toHaveLength(1000)
    expect(snapshot.keys.K0!.value).toHaveLength(500)
    expect(snapshot.unknownKeys).toHaveLength(1000)
    expect(snapshot.truncated).toEqual([
      'The station reported 19,000 more keys than the 1,000 kept per station: they were left out.',
      '1 keys longer than 50 characters (the OCPP limit) were left out.',
      '1 values longer than 500 characters (the OCPP limit) were cut.',
      'Of 1,500 unknown keys, 1,000 were kept.',
    ])
    // A later partial answer still matches keys whatever their case, and a known key is updated even when the snapshot is full.
    snapshots.applyTask(task('GetConfiguration', { key: ['k1'] }, { configurationKey: [{ key: 'k1', readonly: true, value: '2' }] }))
    const after = snapshots.get('CP1')
    expect(after.keys.k1).toMatchObject({ value: '2', readonly: true })
    expect(after.keys.K1).toBeUndefined()
    expect(Object.keys(after.keys)).toHaveLength(1000)
  })
})
