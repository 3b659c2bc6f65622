import { describe, expect, it } from 'vitest'
import type { AuthorizationData } from '@shared/ocpp/payloads'
import { applyUpdate, difference, planChunks } from '../../../../src/main/services/local-list/list-diff'
import { exportListCsv, parseListCsv } from '../../../../src/main/services/local-list/list-csv'

const entry = (idTag: string, status: 'Accepted' | 'Blocked' = 'Accepted', parentIdTag?: string): AuthorizationData => ({ idTag, idTagInfo: { status, ...(parentIdTag ? { parentIdTag } : {}) } })
const tags = (list: AuthorizationData[]) => list.map((e) => `${e.idTag}:${e.idTagInfo?.status ?? 'remove'}`)

describe('local list contents', () => {
  it('a Full update replaces the list (entries without idTagInfo are not kept); a Differential adds, changes and removes', () => {
    const installed = [entry('A'), entry('B'), entry('C')]
    expect(tags(applyUpdate(installed, 'Full', [entry('X'), { idTag: 'Y' }]))).toEqual(['X:Accepted'])
    expect(tags(applyUpdate(installed, 'Differential', [entry('b', 'Blocked'), { idTag: 'c' }, entry('D')]))).toEqual(['A:Accepted', 'b:Blocked', 'D:Accepted'])
  })

  it('the difference to send: new and changed entries with idTagInfo, removals without; idTags compared ignoring case and expiry format', () => {
    const installed = [entry('A'), entry('B'), { idTag: 'C', idTagInfo: { status: 'Accepted' as const, expiryDate: '2030-01-01T00:00:00Z' } }]
    const target = [entry('a'), entry('B', 'Blocked'), { idTag: 'C', idTagInfo: { status: 'Accepted' as const, expiryDate: '2030-01-01T00:00:00.000Z' } }, entry('D')]
    expect(tags(difference(installed, target))).toEqual(['B:Blocked', 'D:Accepted'])
    expect(tags(difference(installed, [entry('A')]))).toEqual(['B:remove', 'C:remove'])
    expect(difference(installed, installed)).toEqual([])
  })

  it('applying the difference gives the target', () => {
    const installed = [entry('A'), entry('B', 'Blocked', 'P'), entry('C')]
    const target = [entry('B', 'Accepted', 'P'), entry('C'), entry('E')]
    expect(tags(applyUpdate(installed, 'Differential', difference(installed, target))).sort()).toEqual(tags(target).sort())
  })
})

describe('chunking by SendLocalListMaxLength', () => {
  const many = Array.from({ length: 7 }, (_, i) => entry(`T${i}`))
  it('a long Full list: a Full first, then Differentials, consecutive versions', () => {
    expect(planChunks('Full', many, 3, 10).map((c) => [c.updateType, c.listVersion, c.entries.length])).toEqual([['Full', 10, 3], ['Differential', 11, 3], ['Differential', 12, 1]])
  })
  it('a Differential stays Differential; no size = one message; an empty Full (clearing) is one message', () => {
    expect(planChunks('Differential', many, 5, 1).map((c) => c.updateType)).toEqual(['Differential', 'Differential'])
    expect(planChunks('Full', many, undefined, 1)).toHaveLength(1)
    expect(planChunks('Full', [], 3, 4)).toEqual([{ listVersion: 4, updateType: 'Full', entries: [] }])
  })
  it('the chunks applied in order give the whole list', () => {
    const after = planChunks('Full', many, 2, 1).reduce<AuthorizationData[]>((list, c) => applyUpdate(list, c.updateType, c.entries), [entry('OLD')])
    expect(tags(after)).toEqual(tags(many))
  })
})

describe('local list CSV', () => {
  it('round-trips entries; an empty status is an entry without idTagInfo; bad rows are reported by line', () => {
    const list = [entry('A', 'Accepted', 'FLEET'), { idTag: 'GONE' }, { idTag: 'B', idTagInfo: { status: 'Blocked' as const, expiryDate: '2030-01-01T00:00:00.000Z' } }]
    expect(parseListCsv(exportListCsv(list))).toEqual({ entries: list, errors: [] })
    const parsed = parseListCsv('idTag,status\nOK,accepted\n,Accepted\nBAD,Maybe\nTOO-LONG-IDTAG-123456,Accepted\n')
    expect(parsed.entries).toEqual([{ idTag: 'OK', idTagInfo: { status: 'Accepted' } }])
    expect(parsed.errors.map((e) => e.row)).toEqual([3, 4, 5])
    expect(parseListCsv('tag\nA\n').errors[0]!.message).toMatch(/idTag/)
  })
})
