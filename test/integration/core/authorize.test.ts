import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startHarness, type Harness } from '../../support/csms-harness'

describe('Authorize', () => {
  let h: Harness
  beforeEach(async () => {
    h = await startHarness()
  })
  afterEach(async () => h.stop())

  const authorize = async (identity: string, idTag: string): Promise<unknown> => {
    const cp = await h.booted(identity)
    const answer = await cp.call('Authorize', { idTag })
    expect(answer[0]).toBe(3)
    return (answer[2] as { idTagInfo: unknown }).idTagInfo
  }

  it('TC_023_1_CSMS answers an unknown idTag with Invalid', async () => {
    expect(await authorize('CP-A1', 'UNKNOWN-TAG')).toEqual({ status: 'Invalid' })
  })

  it('TC_023_2_CSMS answers an idTag whose expiryDate has passed with Expired', async () => {
    await h.invoke('upsertIdTag', { idTag: 'EXPIRED-1', status: 'Accepted', expiryDate: '2020-01-01T00:00:00.000Z' })
    await h.invoke('upsertIdTag', { idTag: 'EXPIRED-2', status: 'Expired' })
    const cp = await h.booted('CP-A2')
    expect((await cp.call('Authorize', { idTag: 'EXPIRED-1' }))[2]).toEqual({ idTagInfo: { status: 'Expired', expiryDate: '2020-01-01T00:00:00.000Z' } })
    expect((await cp.call('Authorize', { idTag: 'EXPIRED-2' }))[2]).toEqual({ idTagInfo: { status: 'Expired' } })
  })

  it('TC_023_3_CSMS answers a blocked idTag with Blocked', async () => {
    await h.invoke('upsertIdTag', { idTag: 'BLOCKED-1', status: 'Blocked' })
    expect(await authorize('CP-A3', 'BLOCKED-1')).toEqual({ status: 'Blocked' })
  })

  it('answers an Accepted idTag with its expiryDate and parentIdTag', async () => {
    await h.invoke('upsertIdTag', { idTag: 'FLEET', status: 'Accepted' })
    await h.invoke('upsertIdTag', { idTag: 'DRIVER-7', status: 'Accepted', parentIdTag: 'FLEET', expiryDate: '2099-01-01T00:00:00Z' })
    expect(await authorize('CP-A4', 'DRIVER-7')).toEqual({ status: 'Accepted', expiryDate: '2099-01-01T00:00:00.000Z', parentIdTag: 'FLEET' })
  })

  it('matches idTags case-insensitively (errata 3.74)', async () => {
    await h.invoke('upsertIdTag', { idTag: 'AbCdEf01', status: 'Accepted' })
    expect(await authorize('CP-A5', 'abcdef01')).toEqual({ status: 'Accepted' })
  })

  it('imports a CSV over HTTP, then answers Authorize from it; export and delete work over HTTP too', async () => {
    const csv = 'idTag,status,expiryDate,parentIdTag,note\nCSV-OK,Accepted,,,bench card\nCSV-BLOCK,Blocked,,,\nbad,Nope,,,\n'
    const imported = await h.http('importIdTagsCsv', { csv })
    expect(imported.status).toBe(200)
    expect(imported.body).toEqual({ imported: 2, updated: 0, errors: [{ row: 4, message: expect.stringMatching(/status/) }] })

    const cp = await h.booted('CP-A6')
    expect((await cp.call('Authorize', { idTag: 'csv-ok' }))[2]).toEqual({ idTagInfo: { status: 'Accepted' } })
    expect((await cp.call('Authorize', { idTag: 'CSV-BLOCK' }))[2]).toEqual({ idTagInfo: { status: 'Blocked' } })

    const listed = await h.http('listIdTags', {})
    expect((listed.body as { idTag: string }[]).map((r) => r.idTag)).toEqual(['CSV-BLOCK', 'CSV-OK'])

    const exported = await h.http('exportIdTagsCsv', {})
    expect(exported.body).toMatchObject({ fileName: expect.stringMatching(/\.csv$/), count: 2 })
    expect((exported.body as { content: string }).content).toContain('CSV-OK,Accepted,,,bench card')

    expect((await h.http('deleteIdTag', { idTag: 'csv-ok' })).body).toEqual({ deleted: true })
    expect((await h.http('deleteIdTag', { idTag: 'csv-ok' })).status).toBe(404)
    expect((await cp.call('Authorize', { idTag: 'CSV-OK' }))[2]).toEqual({ idTagInfo: { status: 'Invalid' } })
  })

  it('refuses bad upserts over HTTP and answers warnings for an unknown parent', async () => {
    expect((await h.http('upsertIdTag', { idTag: 'X'.repeat(21), status: 'Accepted' })).status).toBe(400)
    expect((await h.http('upsertIdTag', { idTag: 'T', status: 'Accepted', expiryDate: 'soon' })).status).toBe(400)
    const ok = await h.http('upsertIdTag', { idTag: 'T', status: 'Accepted', parentIdTag: 'NOBODY' })
    expect(ok.status).toBe(200)
    expect(ok.body).toMatchObject({ created: true, record: { idTag: 'T', parentIdTag: 'NOBODY' }, warnings: [expect.stringMatching(/NOBODY/)] })
  })

  it('emits idTagsChanged with the whole list after a change', async () => {
    const seen: unknown[] = []
    h.csms.bus.on('idTagsChanged', (list) => void seen.push(list.map((r) => r.idTag)))
    await h.invoke('upsertIdTag', { idTag: 'EV1', status: 'Accepted' })
    await h.invoke('deleteIdTag', { idTag: 'ev1' })
    expect(seen).toEqual([['EV1'], []])
  })
})
