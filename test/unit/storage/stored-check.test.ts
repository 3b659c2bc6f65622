/**
 * Issue 18 §2: one shape check per stored record kind, run when the record is read. Each kind: a
 * record as this CSMS writes it passes, one with a field of the wrong type (or missing) fails with a
 * reason naming the field, and any record nested past the limit fails whatever its kind.
 */
import { describe, expect, it } from 'vitest'
import { checkedRecord, parseStoredLine, stationOf, storedProblem, StoredRecordError, type StoredKind } from '../../../src/main/storage/stored-check'
import { MAX_STORED_DEPTH, nestsDeeperThan } from '../../../src/main/storage/stored-depth'

const T = '2026-01-01T10:00:00.000Z'
const status = { connectorId: 1, status: 'Available', errorCode: 'NoError', receivedAt: T }
const send = { id: 's', stationId: 'CP', updateType: 'Full', targetEntries: 1, chunks: [{ listVersion: 2, updateType: 'Full', entries: 1, taskId: 't', status: 'Accepted' }], state: 'accepted', startedAt: T, warnings: [] }

/** Per kind: a sound record, and a broken one with the field its reason must name. */
const CASES: Record<StoredKind, { good: unknown; bad: unknown; names: string }> = {
  task: {
    good: { id: 't', stationId: 'CP', action: 'Reset', payload: { type: 'Soft' }, state: 'answered', createdAt: T, finishedAt: T, response: { status: 'Accepted' } },
    bad: { id: 't', stationId: 'CP', action: 'Reset', payload: {}, state: 42, createdAt: T, finishedAt: T },
    names: 'state',
  },
  transaction: {
    good: { type: 'start', record: { transactionId: 1, stationId: 'CP', connectorId: 1, idTag: 'A', meterStart: 0, timestamp: T, idTagInfo: { status: 'Accepted' }, receivedAt: T } },
    bad: { type: 'start', record: { transactionId: 1, stationId: 'CP', connectorId: 1, idTag: 'A', meterStart: '12', timestamp: T, idTagInfo: { status: 'Accepted' }, receivedAt: T } },
    names: 'meterStart',
  },
  meterValues: {
    good: { stationId: 'CP', connectorId: 1, transactionId: 1, source: 'MeterValues', receivedAt: T, meterValue: [{ timestamp: T, sampledValue: [{ value: '10', measurand: 'Energy.Active.Import.Register' }] }] },
    bad: { stationId: 'CP', connectorId: 1, transactionId: 1, source: 'MeterValues', receivedAt: T, meterValue: 'not a list' },
    names: 'meterValue',
  },
  status: { good: { seq: 1, stationId: 'CP', ...status }, bad: { seq: 1, stationId: 'CP', ...status, status: 5 }, names: 'status' },
  logEntry: {
    good: { seq: 1, time: T, stationId: 'CP', direction: 'in', kind: 'CALL', action: 'Heartbeat', messageId: 'm', payload: {} },
    bad: { seq: 1, time: T, stationId: 'CP', direction: 'in', kind: 'CALLERROR', errorCode: 5 },
    names: 'errorCode',
  },
  stations: {
    good: { id: 'CP', firstSeen: T, everAccepted: true, overrides: {}, violationCount: 0, connectors: { '1': status }, boot: { chargePointVendor: 'V', chargePointModel: 'M', receivedAt: T } },
    bad: { id: 'CP', firstSeen: T, connectors: 'not a map' },
    names: 'connectors',
  },
  stationViolations: {
    good: [{ time: T, action: 'Heartbeat', messageId: 'm', direction: 'in', accepted: true, violations: [{ code: 'TypeConstraintViolation', path: '/x', message: 'm' }] }],
    bad: [{ time: T, action: 'Heartbeat', messageId: 'm', direction: 'in', accepted: 'yes', violations: [] }],
    names: 'accepted',
  },
  idTags: { good: { idTag: 'A', status: 'Accepted', createdAt: T, updatedAt: T }, bad: { idTag: 'A', status: 'Accepted', createdAt: 12 }, names: 'createdAt' },
  credentials: { good: { salt: 's', hash: 'h', updatedAt: T }, bad: { salt: 's' }, names: 'hash' },
  configurations: {
    good: { stationId: 'CP', keys: { HeartbeatInterval: { key: 'HeartbeatInterval', value: '60', readonly: false, updatedAt: T, source: 'GetConfiguration' } }, unknownKeys: [] },
    bad: { stationId: 'CP', keys: { HeartbeatInterval: { key: 'HeartbeatInterval', value: 60, readonly: false, updatedAt: T, source: 'GetConfiguration' } }, unknownKeys: [] },
    names: 'value',
  },
  chargingLibrary: { good: { id: 'p', name: 'P', profile: { stackLevel: 0 }, createdAt: T, updatedAt: T }, bad: { id: 'p', name: 'P', profile: [] }, names: 'profile' },
  reservations: {
    good: { reservationId: 1, stationId: 'CP', connectorId: 1, idTag: 'A', expiryDate: T, state: 'active', createdAt: T, taskId: 't' },
    bad: { reservationId: 1, stationId: 'CP', connectorId: 1, idTag: 'A', expiryDate: T, state: 'active', taskId: 't' },
    names: 'createdAt',
  },
  authLists: { good: { id: 'l', name: 'L', entries: [{ idTag: 'A', idTagInfo: { status: 'Accepted' } }], createdAt: T, updatedAt: T }, bad: { id: 'l', name: 'L', entries: [{ idTag: 5 }] }, names: 'idTag' },
  localLists: { good: { expectedVersion: 2, entries: [{ idTag: 'A' }], reported: { listVersion: 2, at: T, taskId: 't' }, history: [send] }, bad: { entries: [], history: [{ ...send, chunks: 'x' }] }, names: 'chunks' },
  firmwareFiles: { good: { id: 'f', name: 'f.bin', size: 10, sha256: 'abc', addedAt: T }, bad: { id: 'f', name: 'f.bin', size: 'big', sha256: 'abc', addedAt: T }, names: 'size' },
  diagnosticsUploads: {
    good: { id: 'u', stationId: 'CP', path: 'CP/x.txt', fileName: 'x.txt', size: 3, receivedAt: T, via: 'ftp' },
    bad: { id: 'u', stationId: 'CP', path: 'CP/x.txt', fileName: 'x.txt', size: 3, via: 'ftp' },
    names: 'receivedAt',
  },
  uploadSlots: { good: { token: 'k', stationId: 'CP', createdAt: T, expiresAt: T, maxBytes: 10 }, bad: { token: 'k', stationId: 'CP', createdAt: T, maxBytes: '10' }, names: 'maxBytes' },
  fileStatus: {
    good: { stationId: 'CP', firmware: { current: { taskId: 't', location: 'ftp://x', retrieveDate: T, requestedAt: T, statuses: [{ status: 'Downloaded', at: T }] }, history: [] }, diagnostics: { history: [] } },
    bad: { stationId: 'CP', firmware: { history: 'not a list' }, diagnostics: { history: [] } },
    names: 'history',
  },
}

const nested = (depth: number): unknown => {
  let value: unknown = 'leaf'
  for (let i = 0; i < depth; i += 1) value = i % 2 ? [value] : { x: value }
  return value
}

describe('the shape check of each stored record kind', () => {
  for (const [kind, { good, bad, names }] of Object.entries(CASES) as [StoredKind, (typeof CASES)[StoredKind]][]) {
    it(`${kind}: a record as the CSMS writes it passes; one with a wrong or missing ${names} fails and says so`, () => {
      expect(storedProblem(kind, good)).toBeUndefined()
      expect(storedProblem(kind, bad)).toMatch(new RegExp(names))
      expect(storedProblem(kind, 'not a record')).toBeDefined()
      expect(storedProblem(kind, null)).toBeDefined()
    })
  }

  it('any record nested past the limit fails whatever its kind, without the check recursing (20,000 levels)', () => {
    const deep = nested(20_000)
    expect(nestsDeeperThan(deep)).toBe(true)
    expect(nestsDeeperThan(nested(MAX_STORED_DEPTH - 1))).toBe(false)
    const task = { ...(CASES.task.good as object), response: deep }
    expect(storedProblem('task', task)).toMatch(/nested more than 100 levels/)
    expect(() => JSON.stringify(task)).toThrow(RangeError)
  })

  it('fields a newer version may add are allowed; a value chosen by a station stays free text', () => {
    expect(storedProblem('task', { ...(CASES.task.good as object), addedLater: { any: 'thing' }, state: 'a-state-of-a-later-version' })).toBeUndefined()
    expect(storedProblem('status', { seq: 1, stationId: 'CP', ...status, status: 'Charging ' })).toBeUndefined()
  })

  it('a line is parsed and checked in one step; the error names the station the record belongs to', () => {
    expect(parseStoredLine('status', JSON.stringify(CASES.status.good))).toEqual(CASES.status.good)
    expect(() => parseStoredLine('status', '{not json')).toThrow(/not valid JSON/)
    const error = (() => {
      try {
        checkedRecord('transaction', CASES.transaction.bad)
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(StoredRecordError)
    expect((error as StoredRecordError).stationId).toBe('CP')
    expect(stationOf({ stationId: 5 })).toBeUndefined()
    for (const notARecord of [null, undefined, 'CP', 7]) expect(stationOf(notARecord)).toBeUndefined() // a line of JSON null names no station
  })
})
