import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { IdTagRecord } from '@shared/contract/dto'
import { IdTagService, IdTagValidationError } from '../../../src/main/services/id-tag-service'
import { StateStore } from '../../../src/main/storage/state-store'
import { IdTagRepository } from '../../../src/main/storage/id-tag-repository'
import { normalizeState } from '../../../src/main/storage/state-data'

const NOW = Date.parse('2025-06-01T12:00:00.000Z')

let store: StateStore
let service: IdTagService
let changes: IdTagRecord[][]

beforeEach(async () => {
  store = await StateStore.open()
  changes = []
  service = new IdTagService(new IdTagRepository(store), (list) => void changes.push(list), () => NOW)
})
afterEach(async () => store.close())

describe('IdTagService.authorize', () => {
  it('answers Invalid for an unknown idTag', () => {
    expect(service.authorize('NOPE')).toEqual({ status: 'Invalid' })
  })

  it('matches idTags case-insensitively and keeps the spelling entered', () => {
    service.upsert({ idTag: 'AbC123', status: 'Accepted' })
    expect(service.authorize('abc123')).toEqual({ status: 'Accepted' })
    expect(service.authorize('ABC123')).toEqual({ status: 'Accepted' })
    expect(service.get('aBc123')?.idTag).toBe('AbC123')
    const again = service.upsert({ idTag: 'ABC123', status: 'Blocked' })
    expect(again.created).toBe(false)
    expect(service.list()).toHaveLength(1)
    expect(service.list()[0]).toMatchObject({ idTag: 'ABC123', status: 'Blocked' })
  })

  it('answers Expired for an Accepted idTag whose expiryDate has passed, with the expiryDate', () => {
    service.upsert({ idTag: 'OLD', status: 'Accepted', expiryDate: '2025-05-31T00:00:00Z' })
    service.upsert({ idTag: 'NEW', status: 'Accepted', expiryDate: '2030-01-01T00:00:00+01:00' })
    expect(service.authorize('OLD')).toEqual({ status: 'Expired', expiryDate: '2025-05-31T00:00:00.000Z' })
    expect(service.authorize('NEW')).toEqual({ status: 'Accepted', expiryDate: '2029-12-31T23:00:00.000Z' })
  })

  it('answers Blocked, Invalid and Expired as stored', () => {
    service.upsert({ idTag: 'B', status: 'Blocked' })
    service.upsert({ idTag: 'I', status: 'Invalid' })
    service.upsert({ idTag: 'E', status: 'Expired' })
    expect(service.authorize('b').status).toBe('Blocked')
    expect(service.authorize('i').status).toBe('Invalid')
    expect(service.authorize('e').status).toBe('Expired')
  })

  it('returns the parentIdTag, and warns (without refusing) when the parent is unknown', () => {
    const child = service.upsert({ idTag: 'CHILD', status: 'Accepted', parentIdTag: 'FLEET-1' })
    expect(child.warnings.join()).toMatch(/FLEET-1 is not known/)
    expect(service.authorize('child')).toEqual({ status: 'Accepted', parentIdTag: 'FLEET-1' })
    service.upsert({ idTag: 'FLEET-1', status: 'Accepted' })
    expect(service.upsert({ idTag: 'CHILD2', status: 'Accepted', parentIdTag: 'fleet-1' }).warnings).toEqual([])
  })
})

describe('IdTagService validation', () => {
  it('refuses idTags that are empty or longer than 20 characters, and long parents', () => {
    expect(() => service.upsert({ idTag: '', status: 'Accepted' })).toThrow(IdTagValidationError)
    expect(() => service.upsert({ idTag: 'X'.repeat(21), status: 'Accepted' })).toThrow(/1–20/)
    expect(() => service.upsert({ idTag: 'OK', status: 'Accepted', parentIdTag: 'P'.repeat(21) })).toThrow(/parentIdTag/)
    expect(service.upsert({ idTag: 'X'.repeat(20), status: 'Accepted' }).created).toBe(true)
  })

  it('refuses an expiryDate that is not an ISO date-time', () => {
    expect(() => service.upsert({ idTag: 'T', status: 'Accepted', expiryDate: '2025-13-01' })).toThrow(/ISO 8601/)
    expect(() => service.upsert({ idTag: 'T', status: 'Accepted', expiryDate: 'tomorrow' })).toThrow(/ISO 8601/)
    expect(() => service.upsert({ idTag: 'T', status: 'Accepted', expiryDate: '2025-01-01T00:00:00' })).toThrow(/time zone/)
  })

  it('warns when an Accepted idTag is stored already expired; clears optional fields given as null', () => {
    expect(service.upsert({ idTag: 'T', status: 'Accepted', expiryDate: '2020-01-01T00:00:00Z', note: 'x' }).warnings.join()).toMatch(/in the past/)
    const cleared = service.upsert({ idTag: 't', status: 'Accepted', expiryDate: null, note: null })
    expect(cleared.record).not.toHaveProperty('expiryDate')
    expect(cleared.record).not.toHaveProperty('note')
  })

  it('keeps createdAt on update, reports every change, and removes case-insensitively', () => {
    const first = service.upsert({ idTag: 'T', status: 'Accepted' }).record
    const second = service.upsert({ idTag: 't', status: 'Blocked' }).record
    expect(second.createdAt).toBe(first.createdAt)
    expect(service.remove('T')).toBe(true)
    expect(service.remove('T')).toBe(false)
    expect(changes.map((list) => list.length)).toEqual([1, 1, 0])
  })
})

describe('idTag CSV', () => {
  it('round-trips export → import unchanged, including quotes and commas in notes', () => {
    service.upsert({ idTag: 'FLEET', status: 'Accepted' })
    service.upsert({ idTag: 'Tag-1', status: 'Accepted', expiryDate: '2030-01-01T00:00:00.000Z', parentIdTag: 'FLEET', note: 'van 3, "blue"' })
    service.upsert({ idTag: 'tag-2', status: 'Blocked', note: 'lost\ncard' })
    const csv = service.exportCsv()
    expect(csv.split('\n')[0]).toBe('idTag,status,expiryDate,parentIdTag,note')
    const before = service.list().map(({ createdAt: _c, updatedAt: _u, ...rest }) => rest)

    for (const record of service.list()) service.remove(record.idTag)
    expect(service.importCsv(csv)).toEqual({ imported: 3, updated: 0, errors: [] })
    expect(service.list().map(({ createdAt: _c, updatedAt: _u, ...rest }) => rest)).toEqual(before)
    expect(service.importCsv(csv)).toEqual({ imported: 0, updated: 3, errors: [] })
  })

  it('keeps the valid rows and reports each bad row by its line number', () => {
    const csv = [
      'idTag,status,expiryDate,parentIdTag,note',
      'GOOD1,Accepted,,,',
      ',Accepted,,,no tag',
      'BAD-STATUS,Maybe,,,',
      'BAD-DATE,Accepted,next week,,',
      'TOOLONG-TOOLONG-TOOLONG,Accepted,,,',
      'good2,blocked',
      '',
    ].join('\n')
    const result = service.importCsv(csv)
    expect(result.imported).toBe(2)
    expect(result.updated).toBe(0)
    expect(result.errors.map((e) => e.row)).toEqual([3, 4, 5, 6])
    expect(result.errors[0]!.message).toMatch(/idTag is empty/)
    expect(result.errors[1]!.message).toMatch(/status/)
    expect(result.errors[2]!.message).toMatch(/ISO 8601/)
    expect(result.errors[3]!.message).toMatch(/1–20/)
    expect(service.authorize('GOOD2').status).toBe('Blocked')
    expect(service.authorize('good1').status).toBe('Accepted')
  })

  it('refuses a file without an idTag column and imports nothing', () => {
    expect(service.importCsv('tag,status\nA,Accepted\n')).toEqual({ imported: 0, updated: 0, errors: [{ row: 1, message: expect.stringMatching(/idTag/) }] })
    expect(service.list()).toEqual([])
  })

  it('accepts a file with only the idTag column and a byte-order mark (status defaults to Accepted)', () => {
    expect(service.importCsv('\uFEFFidTag\r\nA1\r\nA2\r\n')).toMatchObject({ imported: 2, errors: [] })
    expect(service.authorize('a2')).toEqual({ status: 'Accepted' })
  })
})

describe('stored idTags', () => {
  it('are re-keyed by upper-cased idTag on load, malformed entries dropped', () => {
    const warnings: string[] = []
    const state = normalizeState(
      { version: 1, idTags: { wrong: { idTag: 'MiXed', status: 'Accepted', createdAt: 'x', updatedAt: 'x' }, bad: { status: 'Accepted' } } },
      (message) => void warnings.push(message),
    )
    expect(Object.keys(state.idTags)).toEqual(['MIXED'])
    expect(warnings.join()).toMatch(/bad/)
  })
})
