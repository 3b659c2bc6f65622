import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AuthList, ListSend, StationLocalList } from '@shared/contract'
import { startHarness, type Harness } from '../../support/csms-harness'
import type { Frame, ScriptedChargePoint } from '../../support/scripted-charge-point'

const entry = (idTag: string, status = 'Accepted') => ({ idTag, idTagInfo: { status } })
const view = (h: Harness, stationId = 'CP-LL') => h.invoke<StationLocalList>('getStationLocalList', { stationId })
const lastSend = async (h: Harness, stationId = 'CP-LL') => (await view(h, stationId)).history[0]!

describe('Local Authorization List OCTT cases', () => {
  let h: Harness
  let cp: ScriptedChargePoint
  beforeEach(async () => {
    h = await startHarness()
    cp = await h.booted('CP-LL')
  })
  afterEach(async () => h.stop())

  async function getVersion(answer: number): Promise<Frame> {
    const incoming = cp.nextCall('GetLocalListVersion')
    await h.invoke('sendCall', { stationId: 'CP-LL', action: 'GetLocalListVersion', payload: {} })
    const call = await incoming
    cp.answer(call, { listVersion: answer })
    await expect.poll(async () => (await view(h)).reported?.listVersion).toBe(answer)
    return call
  }
  /** sendLocalList through the API; the station answers each SendLocalList with the next answer. */
  async function sendList(args: Record<string, unknown>, answers: string[]): Promise<{ calls: Frame[]; send: ListSend }> {
    const calls: Frame[] = []
    const { sends } = await h.invoke<{ sends: ListSend[] }>('sendLocalList', { stationIds: ['CP-LL'], updateType: 'Full', ...args })
    for (const answer of answers) {
      const call = await cp.nextCall('SendLocalList')
      calls.push(call)
      cp.answer(call, { status: answer })
    }
    await expect.poll(async () => (await view(h)).history.find((s) => s.id === sends[0]!.id)?.state).not.toBe('sending')
    return { calls, send: (await view(h)).history.find((s) => s.id === sends[0]!.id)! }
  }

  it('TC_042_1_CSMS GetLocalListVersion {} answered -1: shown as not supported', async () => {
    expect((await getVersion(-1))[3]).toEqual({})
    expect(await view(h)).toMatchObject({ reported: { listVersion: -1 }, mismatch: true })
  })

  it('TC_042_2_CSMS GetLocalListVersion answered 0: an empty list, as the CSMS expects of a station it never sent one', async () => {
    await getVersion(0)
    expect(await view(h)).toMatchObject({ reported: { listVersion: 0 }, mismatch: false })
  })

  it('TC_043_1_CSMS / TC_043_3_CSMS a Full list answered NotSupported or Failed: shown, nothing believed installed', async () => {
    const notSupported = await sendList({ entries: [entry('TAG-1')] }, ['NotSupported'])
    expect(notSupported.send).toMatchObject({ state: 'failed', result: 'NotSupported' })
    const failed = await sendList({ entries: [entry('TAG-1')] }, ['Failed'])
    expect(failed.send).toMatchObject({ state: 'failed', result: 'Failed' })
    expect(await view(h)).toMatchObject({ entries: [] })
    expect((await view(h)).expectedVersion).toBeUndefined()
  })

  it('TC_043_4_CSMS a Full list from the id-tag store: every entry carries idTagInfo, a version above 0, Accepted', async () => {
    await h.invoke('upsertIdTag', { idTag: 'TAG-001', status: 'Accepted', parentIdTag: 'FLEET' })
    await h.invoke('upsertIdTag', { idTag: 'TAG-BLOCKED', status: 'Blocked' })
    const { entries } = await h.invoke<{ entries: unknown[] }>('authListFromIdTags', {})
    const { record } = await h.invoke<{ record: AuthList }>('saveAuthList', { name: 'site', entries })
    const { calls, send } = await sendList({ listId: record.id }, ['Accepted'])
    const request = calls[0]![3] as { listVersion: number; updateType: string; localAuthorizationList: { idTag: string; idTagInfo?: unknown }[] }
    expect(request.updateType).toBe('Full')
    expect(request.listVersion).toBeGreaterThan(0)
    expect(request.localAuthorizationList).toEqual([
      { idTag: 'TAG-001', idTagInfo: { status: 'Accepted', parentIdTag: 'FLEET' } },
      { idTag: 'TAG-BLOCKED', idTagInfo: { status: 'Blocked' } },
    ])
    expect(send).toMatchObject({ state: 'accepted', listId: record.id })
    expect(await view(h)).toMatchObject({ expectedVersion: request.listVersion, entries: request.localAuthorizationList })
  })

  it('TC_043_5_CSMS after a Full list, a Differential with only the new idTag and a greater version; GetLocalListVersion matches', async () => {
    const full = await sendList({ entries: [entry('TAG-1')] }, ['Accepted'])
    const fullVersion = (full.calls[0]![3] as { listVersion: number }).listVersion
    await getVersion(fullVersion)
    expect((await view(h)).mismatch).toBe(false)
    const diff = await sendList({ entries: [entry('TAG-1'), entry('TAG-NEW')], updateType: 'Differential' }, ['Accepted'])
    const request = diff.calls[0]![3] as { listVersion: number; updateType: string; localAuthorizationList: unknown[] }
    expect(request).toEqual({ listVersion: expect.any(Number), updateType: 'Differential', localAuthorizationList: [entry('TAG-NEW')] })
    expect(request.listVersion).toBeGreaterThan(fullVersion)
    await getVersion(request.listVersion)
    expect(await view(h)).toMatchObject({ mismatch: false, expectedVersion: request.listVersion })
    expect((await view(h)).entries.map((e) => e.idTag)).toEqual(['TAG-1', 'TAG-NEW'])
  })
})

describe('local lists beyond the OCTT cases', () => {
  let h: Harness
  let dataDir: string | undefined
  afterEach(async () => {
    await h.stop()
    if (dataDir) await rm(dataDir, { recursive: true, force: true })
  })

  it('a list longer than SendLocalListMaxLength goes in chunks, a Full then Differentials, one at a time; warnings for LocalAuthListMaxLength', async () => {
    h = await startHarness()
    const answered: Frame[] = []
    const cp = await h.connect('CP-CHUNK', {
      autoAnswer: (action, payload) => {
        if (action === 'GetConfiguration') return { configurationKey: [{ key: 'SendLocalListMaxLength', readonly: true, value: '2' }, { key: 'LocalAuthListMaxLength', readonly: true, value: '4' }] }
        answered.push([2, '', action, payload])
        return { status: 'Accepted' }
      },
    })
    await cp.boot()
    await h.invoke('sendCall', { stationId: 'CP-CHUNK', action: 'GetConfiguration', payload: {}, wait: true })
    const entries = ['A', 'B', 'C', 'D', 'E'].map((t) => entry(t))
    const { sends } = await h.invoke<{ sends: ListSend[] }>('sendLocalList', { stationIds: ['CP-CHUNK'], entries, updateType: 'Full' })
    expect(sends[0]!.chunks.map((c) => [c.updateType, c.entries])).toEqual([['Full', 2], ['Differential', 2], ['Differential', 1]])
    expect(sends[0]!.warnings.join('\n')).toMatch(/LocalAuthListMaxLength \(4\)/)
    await expect.poll(async () => (await lastSend(h, 'CP-CHUNK')).state).toBe('accepted')
    const versions = answered.map((f) => (f[3] as { listVersion: number }).listVersion)
    expect(versions).toEqual([versions[0], versions[0]! + 1, versions[0]! + 2])
    expect((await view(h, 'CP-CHUNK')).entries).toHaveLength(5)
  })

  it('a chunk that fails stops the send; VersionMismatch on a Differential is resent as Full; sends to many stations go side by side', async () => {
    h = await startHarness()
    const answers: Record<string, string[]> = { 'CP-1': ['Accepted', 'VersionMismatch', 'Accepted'], 'CP-2': ['Accepted', 'Accepted', 'Accepted'] }
    for (const id of Object.keys(answers)) {
      const cp = await h.connect(id, { autoAnswer: (action) => (action === 'SendLocalList' ? { status: answers[id]!.shift() } : {}) })
      await cp.boot()
    }
    await h.invoke('sendLocalList', { stationIds: ['CP-1', 'CP-2'], entries: [entry('A')], updateType: 'Full' })
    await expect.poll(async () => (await lastSend(h, 'CP-2')).state).toBe('accepted')
    await h.invoke('sendLocalList', { stationIds: ['CP-1', 'CP-2'], entries: [entry('A'), entry('B')], updateType: 'Differential' })
    await expect.poll(async () => (await lastSend(h, 'CP-1')).state).toBe('failed')
    expect(await lastSend(h, 'CP-1')).toMatchObject({ result: 'VersionMismatch' })
    expect((await view(h, 'CP-1')).entries.map((e) => e.idTag)).toEqual(['A'])
    await expect.poll(async () => (await lastSend(h, 'CP-2')).state).toBe('accepted')
    await h.invoke('sendLocalList', { stationIds: ['CP-1'], entries: [entry('A'), entry('B')], updateType: 'Full' })
    await expect.poll(async () => (await lastSend(h, 'CP-1')).state).toBe('accepted')
    expect((await view(h, 'CP-1')).entries.map((e) => e.idTag)).toEqual(['A', 'B'])
  })

  it('a typed version of 0 is sent as typed with a warning; a computed Differential with nothing to change sends nothing', async () => {
    h = await startHarness()
    const cp = await h.connect('CP-T', { autoAnswer: () => ({ status: 'Accepted' }) })
    await cp.boot()
    const { sends } = await h.invoke<{ sends: ListSend[] }>('sendLocalList', { stationIds: ['CP-T'], entries: [entry('A')], updateType: 'Full', listVersion: 0 })
    expect(sends[0]!.chunks[0]!.listVersion).toBe(0)
    expect(sends[0]!.warnings.join()).toMatch(/errata 3.52/)
    await expect.poll(async () => (await lastSend(h, 'CP-T')).state).toBe('accepted')
    const { sends: nothing } = await h.invoke<{ sends: ListSend[] }>('sendLocalList', { stationIds: ['CP-T'], entries: [entry('A')], updateType: 'Differential' })
    expect(nothing[0]).toMatchObject({ state: 'accepted', chunks: [], result: expect.stringMatching(/already holds/) })
  })

  it('the library refuses entries that break the schema; the list and what each station holds survive a restart, versions keep rising', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'csms-ll-'))
    h = await startHarness({ inMemory: false, dataDir })
    const bad = await h.http('saveAuthList', { name: 'bad', entries: [{ idTag: 'A', idTagInfo: { status: 'Maybe' } }] })
    expect(bad.status).toBe(400)
    const cp = await h.connect('CP-KEEP', { autoAnswer: () => ({ status: 'Accepted' }) })
    await cp.boot()
    await h.invoke('saveAuthList', { name: 'kept', entries: [entry('A')] })
    await h.invoke('sendLocalList', { stationIds: ['CP-KEEP'], entries: [entry('A')], updateType: 'Full' })
    await expect.poll(async () => (await lastSend(h, 'CP-KEEP')).state).toBe('accepted')
    const before = (await view(h, 'CP-KEEP')).expectedVersion!
    await h.stop()
    h = await startHarness({ inMemory: false, dataDir })
    expect((await h.invoke<AuthList[]>('listAuthLists', {})).map((l) => l.name)).toEqual(['kept'])
    expect(await view(h, 'CP-KEEP')).toMatchObject({ expectedVersion: before, entries: [entry('A')] })
    const cp2 = await h.connect('CP-KEEP', { autoAnswer: () => ({ status: 'Accepted' }) })
    void cp2
    const { sends } = await h.invoke<{ sends: ListSend[] }>('sendLocalList', { stationIds: ['CP-KEEP'], entries: [entry('B')], updateType: 'Full' })
    expect(sends[0]!.chunks[0]!.listVersion).toBeGreaterThan(before)
  })
})
