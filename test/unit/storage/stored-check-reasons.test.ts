/**
 * What the stored-record check says and where its limits are: the reason names the field (with its
 * path) a person has to look at, the depth limit is exact, and the station a record belongs to is
 * found where the record keeps it.
 */
import { describe, expect, it } from 'vitest'
import { checkedRecord, parseStoredLine, stationOf, storedProblem, StoredRecordError } from '../../../src/main/storage/stored-check'
import { MAX_STORED_DEPTH, nestsDeeperThan } from '../../../src/main/storage/stored-depth'

const T = '2026-01-01T10:00:00.000Z'
const levels = (depth: number): unknown => {
  let value: unknown = 'leaf'
  for (let i = 0; i < depth; i += 1) value = i % 2 ? [value] : { x: value }
  return value
}

describe('stored record check: reasons and limits', () => {
  it('a missing field is named with its path; a field of the wrong type says what it must be', () => {
    expect(storedProblem('credentials', { salt: 's' })).toBe('hash is missing')
    expect(storedProblem('fileStatus', { stationId: 'CP', firmware: { history: [] }, diagnostics: {} })).toBe('diagnostics.history is missing')
    expect(storedProblem('firmwareFiles', { id: 'f', name: 'f', size: 'big', sha256: 'x', addedAt: T })).toBe('size must be number')
    expect(storedProblem('credentials', 'text')).toBe('the record must be object')
    expect(storedProblem('transaction', { type: 'pause' })).toBe('record is missing')
    // Every level of a deep path is named, dot by dot.
    const current = { taskId: 't', location: 'ftp://x', retrieveDate: T, requestedAt: T, statuses: [{ status: 'Downloading' }] }
    expect(storedProblem('fileStatus', { stationId: 'CP', firmware: { current, history: [] }, diagnostics: { history: [] } })).toBe('firmware.current.statuses.0.at is missing')
    expect(storedProblem('fileStatus', { stationId: 'CP', firmware: { current: { ...current, statuses: [{ status: 1, at: T }] }, history: [] }, diagnostics: { history: [] } })).toBe(
      'firmware.current.statuses.0.status must be string',
    )
  })

  it('nesting: exactly the limit is allowed, one level more is not; a scalar is level 0', () => {
    expect(nestsDeeperThan(levels(MAX_STORED_DEPTH))).toBe(false)
    expect(nestsDeeperThan(levels(MAX_STORED_DEPTH + 1))).toBe(true)
    expect(nestsDeeperThan('text', 0)).toBe(false)
    expect(nestsDeeperThan(null, 0)).toBe(false)
    expect(nestsDeeperThan({}, 0)).toBe(true)
    expect(nestsDeeperThan({ a: 1, b: [null, 2] }, 2)).toBe(false)
    expect(nestsDeeperThan({ a: 1, b: [null, { c: 1 }] }, 2)).toBe(true)
    expect(nestsDeeperThan([[], [[]]], 2)).toBe(true)
    const record = { id: 'c', salt: 's', hash: 'h', extra: levels(MAX_STORED_DEPTH) }
    expect(storedProblem('credentials', record)).toBe(`it is nested more than ${MAX_STORED_DEPTH} levels deep`)
  })

  it('the station of a record: its own stationId, else its start record\'s; nothing else counts', () => {
    expect(stationOf({ stationId: 'CP1', record: { stationId: 'CP2' } })).toBe('CP1')
    expect(stationOf({ record: { stationId: 'CP2' } })).toBe('CP2')
    expect(stationOf({ record: { stationId: 3 } })).toBeUndefined()
    expect(stationOf({ record: null })).toBeUndefined()
    expect(stationOf({ record: 'CP' })).toBeUndefined()
    expect(stationOf('CP')).toBeUndefined()
    expect(stationOf(null)).toBeUndefined()
  })

  it('a record that fails is refused with its reason and station; one that fits comes back as it was', () => {
    const good = { salt: 's', hash: 'h' }
    expect(checkedRecord('credentials', good)).toBe(good)
    const refuse = (line: string) => {
      try {
        parseStoredLine('meterValues', line)
      } catch (error) {
        return error as StoredRecordError
      }
      throw new Error('not refused')
    }
    const wrong = refuse(JSON.stringify({ stationId: 'CP9', connectorId: 1, source: 'x', receivedAt: T, meterValue: 5 }))
    expect(wrong).toBeInstanceOf(StoredRecordError)
    expect(wrong.name).toBe('StoredRecordError')
    expect(wrong.reason).toBe('meterValue must be array')
    expect(wrong.message).toBe(wrong.reason)
    expect(wrong.stationId).toBe('CP9')
    const garbage = refuse('{"stationId":"CP9"')
    expect(garbage.reason).toBe('it is not valid JSON')
    expect(garbage.stationId).toBeUndefined()
  })
})
