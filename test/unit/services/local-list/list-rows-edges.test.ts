/**
 * Local list CSV rows and list arithmetic at their edges: the BOM, spaces, the header, lengths and
 * the messages a person reads; what counts as a change; a station reporting a zero or negative
 * SendLocalListMaxLength.
 */
import { describe, expect, it } from 'vitest'
import type { AuthorizationData } from '@shared/ocpp/payloads'
import { applyUpdate, difference, planChunks } from '../../../../src/main/services/local-list/list-diff'
import { parseListCsv } from '../../../../src/main/services/local-list/list-csv'

describe('parseListCsv', () => {
  it('reads a file with a BOM and spaces around header names and cells', () => {
    expect(parseListCsv('\uFEFF idTag , status \n TAG1 , accepted \n')).toEqual({ entries: [{ idTag: 'TAG1', idTagInfo: { status: 'Accepted' } }], errors: [] })
  })

  it('keeps a BOM inside a cell (only the one at the start of the file is dropped)', () => {
    expect(parseListCsv('idTag\nA\uFEFFB\n').entries).toEqual([{ idTag: 'A\uFEFFB' }])
  })

  it('a header without idTag is one error naming the columns', () => {
    expect(parseListCsv('tag,status\nA,Accepted\n')).toEqual({ entries: [], errors: [{ row: 1, message: 'The header must name the columns idTag,status,expiryDate,parentIdTag (an "idTag" column at least)' }] })
  })

  it('says what is wrong with a row, by line: empty idTag, over 20 characters, unknown status, bad expiryDate', () => {
    const csv = ['idTag,status,expiryDate', ',Accepted,', `${'A'.repeat(21)},Accepted,`, `${'B'.repeat(20)},Accepted,`, 'C,Maybe,', 'D,Accepted,not a date'].join('\n')
    const { entries, errors } = parseListCsv(csv)
    expect(entries).toEqual([{ idTag: 'B'.repeat(20), idTagInfo: { status: 'Accepted' } }])
    expect(errors).toEqual([
      { row: 2, message: 'idTag is empty' },
      { row: 3, message: `idTag "${'A'.repeat(21)}" is longer than 20 characters` },
      { row: 5, message: 'status must be one of Accepted, Blocked, Expired, Invalid, ConcurrentTx (or empty to remove), got "Maybe"' },
      { row: 6, message: 'expiryDate "not a date" is not a date-time' },
    ])
  })
})

describe('list differences', () => {
  const e = (idTag: string, info: AuthorizationData['idTagInfo']): AuthorizationData => ({ idTag, idTagInfo: info })
  it('a changed status, expiry or parent is a change; the same expiry written otherwise or a parent in another case is not', () => {
    const installed = [e('A', { status: 'Accepted' }), e('B', { status: 'Accepted', expiryDate: '2030-01-01T00:00:00Z' }), e('C', { status: 'Accepted', parentIdTag: 'p1' })]
    expect(difference(installed, [e('A', { status: 'Blocked' }), e('B', { status: 'Accepted', expiryDate: '2031-01-01T00:00:00Z' }), e('C', { status: 'Accepted', parentIdTag: 'p2' })]).map((x) => x.idTag)).toEqual(['A', 'B', 'C'])
    expect(difference(installed, [e('A', { status: 'Accepted' }), e('B', { status: 'Accepted', expiryDate: '2030-01-01T00:00:00.000Z' }), e('C', { status: 'Accepted', parentIdTag: 'P1' })])).toEqual([])
  })

  it('idTags fold to upper case, as everywhere in the CSMS (ß and SS are one idTag)', () => {
    expect(applyUpdate([e('straße', { status: 'Accepted' })], 'Differential', [{ idTag: 'STRASSE' }])).toEqual([])
  })

  it('a SendLocalListMaxLength of 0 or below sends the list in one message', () => {
    const entries = [e('A', { status: 'Accepted' }), e('B', { status: 'Accepted' })]
    for (const size of [0, -1]) expect(planChunks('Full', entries, size, 1), String(size)).toEqual([{ listVersion: 1, updateType: 'Full', entries }])
  })
})
