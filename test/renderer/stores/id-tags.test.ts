import { beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { IdTagRecord } from '@shared/contract'
import { setClient } from '@renderer/api'
import { useIdTagsStore } from '@renderer/stores/id-tags'
import { deferred, FakeClient } from '../fake-client'
import { idTag } from '../id-tag-fixtures'


let client: FakeClient
beforeEach(() => {
  client = new FakeClient()
  setClient(client)
  setActivePinia(createPinia())
})

describe('idTags store', () => {
  it('loads the snapshot, then takes the whole list from idTagsChanged', async () => {
    client.handle('listIdTags', () => [idTag('A')])
    const store = useIdTagsStore()
    await store.load()
    expect(store.list.map((r) => r.idTag)).toEqual(['A'])
    client.emit('idTagsChanged', [idTag('A'), idTag('B', { status: 'Blocked' })])
    expect(store.count).toBe(2)
  })

  it('keeps an event that arrives while the snapshot is on its way', async () => {
    const snapshot = deferred<IdTagRecord[]>()
    client.handle('listIdTags', () => snapshot.promise)
    const store = useIdTagsStore()
    const loading = store.load()
    client.emit('idTagsChanged', [idTag('NEWER')])
    snapshot.resolve([idTag('OLDER')])
    await loading
    expect(store.list.map((r) => r.idTag)).toEqual(['NEWER'])
  })

  it('blocks and expires with every other field kept, and replaces the row case-insensitively', async () => {
    client.handle('listIdTags', () => [idTag('tag1', { parentIdTag: 'P', note: 'n', expiryDate: '2030-01-01T00:00:00.000Z' })])
    client.handle('upsertIdTag', (args) => ({ record: idTag(args.idTag, { status: args.status, expiryDate: args.expiryDate ?? undefined }), created: false, warnings: [] }))
    const store = useIdTagsStore()
    await store.load()
    await store.block(store.list[0]!)
    expect(client.callsOf('upsertIdTag')[0]).toEqual({ idTag: 'tag1', status: 'Blocked', expiryDate: '2030-01-01T00:00:00.000Z', parentIdTag: 'P', note: 'n' })
    expect(store.list).toHaveLength(1)
    expect(store.list[0]!.status).toBe('Blocked')

    const before = Date.now()
    await store.expireNow(store.list[0]!)
    const sent = client.callsOf('upsertIdTag')[1] as { expiryDate: string }
    expect(Date.parse(sent.expiryDate)).toBeGreaterThanOrEqual(before - 1000)
  })

  it('imports CSV text and reloads', async () => {
    let listed = 0
    client.handle('listIdTags', () => (listed++ === 0 ? [] : [idTag('X')]))
    client.handle('importIdTagsCsv', () => ({ imported: 1, updated: 0, errors: [{ row: 3, message: 'idTag is empty' }] }))
    const store = useIdTagsStore()
    await store.load()
    const result = await store.importCsv('idTag\nX\n,\n')
    expect(client.callsOf('importIdTagsCsv')).toEqual([{ csv: 'idTag\nX\n,\n' }])
    expect(result.errors).toHaveLength(1)
    expect(store.list.map((r) => r.idTag)).toEqual(['X'])
  })
})
