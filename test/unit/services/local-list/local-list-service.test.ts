/**
 * Local Authorization Lists in the CSMS (OCPP 1.6 §3.5, §5.15, §5.16): the library of lists, what
 * each station holds as far as the CSMS knows, and sends (Full or a computed Differential, chunked
 * by SendLocalListMaxLength, one message at a time per station, versions that only go up).
 * Unit tests of LocalListService on in-memory state; the OCPP side is in test/integration/local-auth-list.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { AuthList, StationLocalList } from '@shared/contract/auth-dto'
import type { CallTask, ConfigurationEntry, ConfigurationSnapshot, IdTagRecord } from '@shared/contract/dto'
import type { AuthorizationData, SendLocalListRequest } from '@shared/ocpp/payloads'
import { idRecord } from '@shared/util/id-record'
import { createOcppValidator } from '../../../../src/main/ocpp/validator'
import { EventBus } from '../../../../src/main/services/event-bus'
import { ListSchemaError, ListVersionError, LocalListService, MAX_LIST_VERSION, UnknownListError } from '../../../../src/main/services/local-list/local-list-service'
import { AuthRepository } from '../../../../src/main/storage/auth-repository'
import { StateStore } from '../../../../src/main/storage/state-store'

const validator = createOcppValidator()
const stores: StateStore[] = []
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()))
})

const ok = (idTag: string, status: 'Accepted' | 'Blocked' = 'Accepted'): AuthorizationData => ({ idTag, idTagInfo: { status } })
const bare = (idTag: string): AuthorizationData => ({ idTag })

interface Sent {
  stationId: string
  payload: SendLocalListRequest
  warnings: string[]
  task: CallTask
  finish(change: Partial<CallTask>): void
}

async function setup(opts: { config?: Record<string, string>; idTags?: Partial<IdTagRecord>[]; store?: StateStore; durable?: () => Promise<void> } = {}) {
  const store = opts.store ?? (await StateStore.open({ logger: { warn: () => undefined, error: () => undefined } }))
  if (!opts.store) stores.push(store)
  const repo = new AuthRepository(store)
  const bus = new EventBus()
  const listEvents: AuthList[][] = []
  const views: StationLocalList[] = []
  bus.on('authListsChanged', (lists) => void listEvents.push(lists))
  bus.on('localListChanged', (view) => void views.push(view))
  const sent: Sent[] = []
  const floors: number[] = []
  let version = 0
  const config = opts.config ?? {}
  const service = new LocalListService({
    repo,
    bus,
    validator,
    send: (stationId, action, payload, warnings) => {
      const task = { id: `t${sent.length + 1}`, stationId, action, payload, state: 'sent', createdAt: '2026-01-01T00:00:00.000Z' } as CallTask
      let resolve!: (t: CallTask) => void
      const done = new Promise<CallTask>((r) => (resolve = r))
      sent.push({ stationId, payload, warnings, task, finish: (change) => resolve({ ...task, finishedAt: '2026-01-01T00:00:01.000Z', ...change }) })
      return { task, done }
    },
    nextVersion: async (_stationId, floor) => {
      floors.push(floor)
      return (version = Math.max(version, floor) + 1)
    },
    configuration: (stationId): ConfigurationSnapshot => ({
      stationId,
      keys: idRecord(Object.entries(config).map(([key, value]): [string, ConfigurationEntry] => [key, { key, value, readonly: true, updatedAt: 'now', source: 'GetConfiguration' }])),
      unknownKeys: [],
    }),
    idTags: () => (opts.idTags ?? []) as IdTagRecord[],
    ...(opts.durable ? { durable: opts.durable } : {}),
  })
  const accept = (i = sent.length - 1) => sent[i]!.finish({ state: 'answered', response: { status: 'Accepted' } })
  const view = (stationId = 'CP1') => service.stationView(stationId)
  const last = (stationId = 'CP1') => view(stationId).history[0]!
  const settled = (stationId = 'CP1') => expect.poll(() => last(stationId).state).not.toBe('sending')
  const sentCount = (n: number) => expect.poll(() => sent.length).toBe(n)
  /** An answered GetLocalListVersion. */
  const report = (listVersion: unknown, stationId = 'CP1', finishedAt: string | undefined = '2026-01-01T00:00:05.000Z') =>
    service.taskFinished({ id: `g-${String(listVersion)}`, stationId, action: 'GetLocalListVersion', payload: {}, state: 'answered', response: { listVersion }, createdAt: 'x', ...(finishedAt ? { finishedAt } : {}) } as CallTask)
  return { service, repo, store, listEvents, views, sent, floors, accept, view, last, settled, sentCount, report }
}

describe('the library of lists', () => {
  it('saves a list with its name and note trimmed, a new id, and tells the UI', async () => {
    const s = await setup()
    const { record, warnings } = s.service.saveList({ name: '  Fleet  ', note: ' night shift ', entries: [ok('A')] })
    expect(record).toMatchObject({ name: 'Fleet', note: 'night shift', entries: [ok('A')] })
    expect(record.id).toMatch(/^[0-9a-f-]{36}$/)
    expect(record.createdAt).toBe(record.updatedAt)
    expect(warnings).toEqual([])
    expect(s.listEvents.at(-1)).toEqual([record])
    expect(s.service.lists()).toEqual([record])
  })

  it('a blank note is not kept; saving again under the same id keeps when it was created', async () => {
    const s = await setup()
    const first = s.service.saveList({ id: 'L1', name: 'One', note: '   ', entries: [] }).record
    expect(first).not.toHaveProperty('note')
    const again = s.service.saveList({ id: 'L1', name: 'One again', entries: [] }).record
    expect(again.id).toBe('L1')
    expect(again.createdAt).toBe(first.createdAt)
    expect(s.service.lists()).toHaveLength(1)
  })

  it('warns about idTags listed twice (case-insensitive; the first ten named) and about entries without idTagInfo', async () => {
    const s = await setup()
    const dupes = Array.from({ length: 12 }, (_, i) => [ok(`d${i}`), ok(`D${i}`)]).flat()
    const { warnings } = s.service.saveList({ name: 'x', entries: [...dupes, bare('B1')] })
    expect(warnings).toHaveLength(2)
    expect(warnings[0]).toContain('listed twice')
    expect(warnings[0]).toContain('D0, D1, D2, D3, D4, D5, D6, D7, D8, D9;')
    expect(warnings[0]).not.toContain('D10')
    expect(warnings[0]).toContain('the last one wins')
    expect(warnings[1]).toMatch(/^1 entry has no idTagInfo: sent as a Full list they are left out; in a Differential they remove the idTag$/)
    expect(s.service.saveList({ name: 'y', entries: [bare('B1'), bare('B2')] }).warnings).toEqual([expect.stringMatching(/^2 entries have no idTagInfo/)])
  })

  it('refuses entries that break the OCPP schema, naming the entry path, and saves nothing', async () => {
    const s = await setup()
    let error: unknown
    try {
      s.service.saveList({ name: 'bad', entries: [{ idTag: 'A'.repeat(21), idTagInfo: { status: 'Accepted' } }] })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ListSchemaError)
    expect((error as ListSchemaError).name).toBe('ListSchemaError')
    expect((error as ListSchemaError).message).toContain('breaks the OCPP 1.6 schema')
    expect((error as ListSchemaError).violations[0]!.path).toMatch(/^\/entries\/0/)
    expect(s.service.lists()).toEqual([])
  })

  it('deletes a list, and says so when there is no such list', async () => {
    const s = await setup()
    const { record } = s.service.saveList({ name: 'x', entries: [] })
    s.service.deleteList(record.id)
    expect(s.service.lists()).toEqual([])
    expect(s.listEvents.at(-1)).toEqual([])
    expect(() => s.service.deleteList('nope')).toThrow(UnknownListError)
    expect(() => s.service.deleteList('nope')).toThrow('No local list "nope"')
  })

  it('takes entries from the id-tag store: all, or the tags named (any case), naming those it does not know', async () => {
    const s = await setup({
      idTags: [
        { idTag: 'A', status: 'Accepted', expiryDate: '2027-01-01T00:00:00.000Z', parentIdTag: 'P' },
        { idTag: 'B', status: 'Blocked' },
      ],
    })
    expect(s.service.fromIdTags()).toEqual({
      entries: [
        { idTag: 'A', idTagInfo: { status: 'Accepted', expiryDate: '2027-01-01T00:00:00.000Z', parentIdTag: 'P' } },
        { idTag: 'B', idTagInfo: { status: 'Blocked' } },
      ],
      warnings: [],
    })
    const named = s.service.fromIdTags(['b', 'X', 'Y'])
    expect(named.entries).toEqual([{ idTag: 'B', idTagInfo: { status: 'Blocked' } }])
    expect(named.warnings).toEqual(['Not in the id-tag store, left out: X, Y'])
  })
})

describe('what a station holds', () => {
  it('limits come from its configuration (key names in any case); values that are not integers or booleans are ignored', async () => {
    const s = await setup({ config: { sendlocallistmaxlength: '20', LocalAuthListMaxLength: '500', LocalAuthListEnabled: ' TRUE ' } })
    expect(s.service.limits('CP1')).toEqual({ sendLocalListMaxLength: 20, localAuthListMaxLength: 500, enabled: true })
    const off = await setup({ config: { LocalAuthListEnabled: 'False', SendLocalListMaxLength: '  ', LocalAuthListMaxLength: '1.5' } })
    expect(off.service.limits('CP1')).toEqual({ enabled: false })
    const odd = await setup({ config: { LocalAuthListEnabled: 'yes', SendLocalListMaxLength: 'ten' } })
    expect(odd.service.limits('CP1')).toEqual({})
    const none = await setup()
    expect(Object.keys(none.service.limits('CP1'))).toEqual([])
  })

  it('a station the CSMS never sent to: no version, no entries, no mismatch', async () => {
    const s = await setup()
    expect(s.view()).toEqual({ stationId: 'CP1', entries: [], mismatch: false, limits: {}, history: [] })
    expect(s.view()).not.toHaveProperty('expectedVersion')
  })

  it('a GetLocalListVersion answer is kept with its time and task; it is a mismatch when it differs from the expected version', async () => {
    const s = await setup()
    s.report(0)
    expect(s.view()).toMatchObject({ reported: { listVersion: 0, at: '2026-01-01T00:00:05.000Z', taskId: 'g-0' }, mismatch: false })
    s.report(4)
    expect(s.view()).toMatchObject({ reported: { listVersion: 4 }, mismatch: true })
    expect(s.views.at(-1)!.reported!.listVersion).toBe(4)
    s.report(6, 'CP1', undefined)
    expect(s.view().reported!.at).toEqual(expect.any(String))
  })

  it('an answer that is not a number, an unanswered task or another action changes nothing', async () => {
    const s = await setup()
    s.report('3')
    s.service.taskFinished({ id: 'g', stationId: 'CP1', action: 'GetLocalListVersion', payload: {}, state: 'answered', createdAt: 'x' } as CallTask)
    s.service.taskFinished({ id: 'g', stationId: 'CP1', action: 'GetLocalListVersion', payload: {}, state: 'timeout', response: { listVersion: 3 }, createdAt: 'x' } as CallTask)
    s.service.taskFinished({ id: 'g', stationId: 'CP1', action: 'Reset', payload: {}, state: 'answered', response: { listVersion: 3 }, createdAt: 'x' } as CallTask)
    expect(s.view()).not.toHaveProperty('reported')
    expect(s.views).toEqual([])
  })

  it('a SendLocalList someone sent by hand, once Accepted, is what the station holds; otherwise nothing changes', async () => {
    const s = await setup()
    const hand = (id: string, payload: SendLocalListRequest, response: unknown, state = 'answered') =>
      s.service.taskFinished({ id, stationId: 'CP1', action: 'SendLocalList', payload, state, response, createdAt: 'x' } as CallTask)
    hand('h1', { listVersion: 5, updateType: 'Full', localAuthorizationList: [ok('A'), ok('B')] }, { status: 'Accepted' })
    expect(s.view()).toMatchObject({ expectedVersion: 5, entries: [ok('A'), ok('B')] })
    hand('h2', { listVersion: 6, updateType: 'Differential', localAuthorizationList: [bare('A')] }, { status: 'VersionMismatch' })
    hand('h3', { listVersion: 6, updateType: 'Differential', localAuthorizationList: [bare('A')] }, undefined)
    hand('h4', { listVersion: 6, updateType: 'Differential', localAuthorizationList: [bare('A')] }, { status: 'Accepted' }, 'timeout')
    expect(s.view()).toMatchObject({ expectedVersion: 5, entries: [ok('A'), ok('B')] })
    hand('h5', { listVersion: 7, updateType: 'Differential', localAuthorizationList: [bare('A'), ok('C')] }, { status: 'Accepted' })
    expect(s.view()).toMatchObject({ expectedVersion: 7, entries: [ok('B'), ok('C')] })
    hand('h6', { listVersion: 8, updateType: 'Full' } as SendLocalListRequest, { status: 'Accepted' })
    expect(s.view()).toMatchObject({ expectedVersion: 8, entries: [] })
  })
})

describe('sending a list', () => {
  it('a Full list goes as it is, one message per station, with a new version above what each holds', async () => {
    const s = await setup()
    s.report(9, 'CP2')
    const { sends } = await s.service.send({ stationIds: ['CP1', 'CP2'], entries: [ok('A'), ok('B')], updateType: 'Full' })
    expect(sends.map((x) => x.stationId)).toEqual(['CP1', 'CP2'])
    await s.sentCount(2)
    expect(s.sent.map((x) => [x.stationId, x.payload])).toEqual([
      ['CP1', { listVersion: 1, updateType: 'Full', localAuthorizationList: [ok('A'), ok('B')] }],
      ['CP2', { listVersion: 10, updateType: 'Full', localAuthorizationList: [ok('A'), ok('B')] }],
    ])
    expect(sends[0]).toMatchObject({ state: 'sending', updateType: 'Full', targetEntries: 2, chunks: [{ listVersion: 1, updateType: 'Full', entries: 2 }], warnings: [] })
    expect(sends[0]).not.toHaveProperty('listId')
    expect(sends[0]).not.toHaveProperty('finishedAt')
    s.accept(0)
    await s.settled()
    expect(s.view()).toMatchObject({ expectedVersion: 1, entries: [ok('A'), ok('B')] })
    expect(s.last()).toMatchObject({ state: 'accepted', result: 'Accepted', chunks: [{ listVersion: 1, status: 'Accepted', taskId: 't1' }] })
    expect(s.last().finishedAt).toEqual(expect.any(String))
    expect(s.view('CP2').expectedVersion).toBeUndefined()
  })

  it('a list from the library is sent by its id, and the send names it; an unknown id is refused', async () => {
    const s = await setup()
    const { record } = s.service.saveList({ id: 'L1', name: 'x', entries: [ok('A')] })
    const { sends } = await s.service.send({ stationIds: ['CP1'], listId: record.id, updateType: 'Full' })
    expect(sends[0]!.listId).toBe('L1')
    await s.sentCount(1)
    expect(s.sent[0]!.payload.localAuthorizationList).toEqual([ok('A')])
    await expect(s.service.send({ stationIds: ['CP1'], listId: 'nope', updateType: 'Full' })).rejects.toThrow(UnknownListError)
  })

  it('without entries a Full send clears the list; entries that break the schema are refused before anything is sent', async () => {
    const s = await setup()
    await s.service.send({ stationIds: ['CP1'], updateType: 'Full' })
    await s.sentCount(1)
    expect(s.sent[0]!.payload).toMatchObject({ updateType: 'Full', localAuthorizationList: [] })
    await expect(s.service.send({ stationIds: ['CP1'], entries: [{ idTag: 7 }], updateType: 'Full' })).rejects.toThrow(ListSchemaError)
    expect(s.sent).toHaveLength(1)
  })

  it('a Differential is computed against what the station holds; asIs sends the entries as given', async () => {
    const s = await setup()
    await s.service.send({ stationIds: ['CP1'], entries: [ok('A'), ok('B')], updateType: 'Full' })
    await s.sentCount(1)
    s.accept()
    await s.settled()
    await s.service.send({ stationIds: ['CP1'], entries: [ok('A'), ok('C')], updateType: 'Differential' })
    await s.sentCount(2)
    expect(s.sent[1]!.payload).toEqual({ listVersion: 2, updateType: 'Differential', localAuthorizationList: [ok('C'), bare('B')] })
    s.accept()
    await s.settled()
    expect(s.view()).toMatchObject({ expectedVersion: 2, entries: [ok('A'), ok('C')] })
    await s.service.send({ stationIds: ['CP1'], entries: [ok('A')], updateType: 'Differential', asIs: true })
    await s.sentCount(3)
    expect(s.sent[2]!.payload.localAuthorizationList).toEqual([ok('A')])
  })

  it('a Differential with nothing to change sends nothing and says the station already holds the list', async () => {
    const s = await setup()
    await s.service.send({ stationIds: ['CP1'], entries: [ok('A')], updateType: 'Full' })
    await s.sentCount(1)
    s.accept()
    await s.settled()
    const floorsBefore = s.floors.length
    const { sends } = await s.service.send({ stationIds: ['CP1'], entries: [ok('a')], updateType: 'Differential' })
    expect(sends[0]).toMatchObject({ state: 'accepted', chunks: [], targetEntries: 1, result: expect.stringContaining('already holds') })
    expect(sends[0]!.finishedAt).toEqual(expect.any(String))
    expect(s.floors).toHaveLength(floorsBefore)
    // A Full send of the same list still goes (it replaces the list).
    await s.service.send({ stationIds: ['CP1'], entries: [ok('A')], updateType: 'Full' })
    await s.sentCount(2)
  })

  it('a long list goes in chunks of SendLocalListMaxLength (or the size asked for): a Full first, Differentials after, consecutive new versions', async () => {
    const s = await setup({ config: { SendLocalListMaxLength: '2' } })
    const entries = ['A', 'B', 'C', 'D', 'E'].map((t) => ok(t))
    const { sends } = await s.service.send({ stationIds: ['CP1'], entries, updateType: 'Full' })
    expect(sends[0]!.chunks).toEqual([
      { listVersion: 1, updateType: 'Full', entries: 2 },
      { listVersion: 2, updateType: 'Differential', entries: 2 },
      { listVersion: 3, updateType: 'Differential', entries: 1 },
    ])
    expect(sends[0]!.warnings).toContain('Sent in 3 messages of at most 2 entries (SendLocalListMaxLength)')
    expect(s.floors).toEqual([0, 1, 2])
    for (let i = 0; i < 3; i++) {
      await s.sentCount(i + 1)
      expect(s.last().chunks[i]!.taskId).toBe(`t${i + 1}`)
      expect(s.last().chunks.slice(i + 1).map((c) => c.taskId), 'a later chunk got the task of this one').toEqual(Array(2 - i).fill(undefined))
      expect(s.sent[i]!.task.action).toBe('SendLocalList')
      if (i < 2) expect(s.last().state, 'the send was finished before its last chunk').toBe('sending')
      s.accept(i)
    }
    await s.settled()
    expect(s.view()).toMatchObject({ expectedVersion: 3, entries })
    expect(s.last()).toMatchObject({ state: 'accepted', result: 'Accepted' })
    expect(s.sent.map((x) => x.warnings.length > 0)).toEqual([true, false, false])

    const asked = await setup({ config: { SendLocalListMaxLength: '2' } })
    const one = await asked.service.send({ stationIds: ['CP1'], entries, updateType: 'Full', chunkSize: 5 })
    expect(one.sends[0]!.chunks).toHaveLength(1)
    expect(one.sends[0]!.warnings.join(' ')).not.toContain('Sent in')
  })

  it('a chunk the station does not accept stops the send: the chunks before it are what the station holds', async () => {
    const s = await setup({ config: { SendLocalListMaxLength: '1' } })
    await s.service.send({ stationIds: ['CP1'], entries: [ok('A'), ok('B'), ok('C')], updateType: 'Full' })
    await s.sentCount(1)
    s.accept()
    await s.sentCount(2)
    s.sent[1]!.finish({ state: 'answered', response: { status: 'Failed' } })
    await s.settled()
    expect(s.last()).toMatchObject({ state: 'failed', result: 'Failed', chunks: [{ status: 'Accepted' }, { status: 'Failed' }, {}] })
    expect(s.last().chunks[2]).not.toHaveProperty('status')
    expect(s.view()).toMatchObject({ expectedVersion: 1, entries: [ok('A')] })
    await new Promise((r) => setTimeout(r, 10))
    expect(s.sent, 'a chunk was sent after one failed').toHaveLength(2)
  })

  it('a failed send says why: the answer, an answer without a status, the CALLERROR code, or the task state', async () => {
    const cases: [Partial<CallTask>, string][] = [
      [{ state: 'answered', response: { status: 'VersionMismatch' } }, 'VersionMismatch'],
      [{ state: 'answered', response: undefined }, 'unknown'],
      [{ state: 'callerror', error: { code: 'NotSupported', description: '', details: {} } }, 'NotSupported'],
      [{ state: 'callerror' }, 'callerror'],
      [{ state: 'timeout' }, 'timeout'],
    ]
    for (const [answer, result] of cases) {
      const s = await setup()
      await s.service.send({ stationIds: ['CP1'], entries: [ok('A')], updateType: 'Full' })
      await s.sentCount(1)
      s.sent[0]!.finish(answer)
      await s.settled()
      expect(s.last(), result).toMatchObject({ state: 'failed', result, chunks: [{ status: result }] })
      expect(s.last().finishedAt).toEqual(expect.any(String))
      expect(s.view(), result).toMatchObject({ entries: [] })
      expect(s.view().expectedVersion).toBeUndefined()
    }
  })

  it('one message at a time per station: a second send waits for the first, and a third for the second', async () => {
    const s = await setup()
    await s.service.send({ stationIds: ['CP1'], entries: [ok('A')], updateType: 'Full' })
    await s.service.send({ stationIds: ['CP1'], entries: [ok('B')], updateType: 'Full' })
    await s.service.send({ stationIds: ['CP2'], entries: [ok('C')], updateType: 'Full' })
    await s.sentCount(2)
    expect(s.sent.map((x) => x.stationId), 'another station waited, or the same station did not').toEqual(['CP1', 'CP2'])
    s.accept(0)
    await s.sentCount(3)
    expect(s.sent[2]!.payload.localAuthorizationList).toEqual([ok('B')])
    await s.service.send({ stationIds: ['CP1'], entries: [ok('D')], updateType: 'Full' })
    await new Promise((r) => setTimeout(r, 10))
    expect(s.sent, 'the third send to CP1 went while the second was under way').toHaveLength(3)
    s.accept(2)
    await s.sentCount(4)
    expect(s.sent[3]!.payload.localAuthorizationList).toEqual([ok('D')])
  })

  it('a send after the queue emptied goes at once', async () => {
    const s = await setup()
    await s.service.send({ stationIds: ['CP1'], entries: [ok('A')], updateType: 'Full' })
    await s.sentCount(1)
    s.accept()
    await s.settled()
    await s.service.send({ stationIds: ['CP1'], entries: [ok('B')], updateType: 'Full' })
    await s.sentCount(2)
  })

  it('a typed listVersion is used as typed (and the next ones for further chunks), without asking the counter', async () => {
    const s = await setup({ config: { SendLocalListMaxLength: '1' } })
    const { sends } = await s.service.send({ stationIds: ['CP1'], entries: [ok('A'), ok('B')], updateType: 'Full', listVersion: 7 })
    expect(sends[0]!.chunks.map((c) => c.listVersion)).toEqual([7, 8])
    expect(s.floors).toEqual([])
  })

  it('new versions are above the expected, the reported and every version sent before, even one that failed', async () => {
    const s = await setup()
    await s.service.send({ stationIds: ['CP1'], entries: [ok('A')], updateType: 'Full', listVersion: 30 })
    await s.sentCount(1)
    s.sent[0]!.finish({ state: 'timeout' })
    await s.settled()
    s.report(12)
    await s.service.send({ stationIds: ['CP1'], entries: [ok('A')], updateType: 'Full' })
    expect(s.floors.at(-1)).toBe(30)
  })

  it('no new version beyond 32 bits: the send is refused with what to do; the last version that fits is handed out', async () => {
    const s = await setup()
    s.report(MAX_LIST_VERSION - 1)
    const { sends } = await s.service.send({ stationIds: ['CP1'], entries: [ok('A')], updateType: 'Full' })
    expect(sends[0]!.chunks[0]!.listVersion).toBe(MAX_LIST_VERSION)
    const full = await setup({ config: { SendLocalListMaxLength: '1' } })
    full.report(MAX_LIST_VERSION - 1)
    const error = await full.service.send({ stationIds: ['CP1'], entries: [ok('A'), ok('B')], updateType: 'Full' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ListVersionError)
    expect((error as Error).name).toBe('ListVersionError')
    expect((error as Error).message).toContain(`CP1 holds or was sent listVersion ${MAX_LIST_VERSION - 1}: no 2 higher versions fit a 32-bit integer`)
    expect((error as Error).message).toContain('Type a listVersion')
    const top = await setup()
    top.report(1e300)
    await expect(top.service.send({ stationIds: ['CP1'], entries: [ok('A')], updateType: 'Full' })).rejects.toThrow(/no higher version fits/)
    expect(full.sent.length + top.sent.length).toBe(0)
  })

  it('warns (once, with the first message) about what the station would refuse or ignore', async () => {
    const s = await setup({ config: { LocalAuthListMaxLength: '2', LocalAuthListEnabled: 'false', SendLocalListMaxLength: '2' } })
    const { sends } = await s.service.send({ stationIds: ['CP1'], entries: [ok('A'), ok('B'), ok('C')], updateType: 'Full' })
    const warnings = sends[0]!.warnings
    expect(warnings.filter((w) => w.includes('LocalAuthListEnabled is false')), 'a warning repeated per chunk').toHaveLength(1)
    expect(warnings).toContain("The list would hold 3 entries, more than the station's LocalAuthListMaxLength (2)")
    expect(warnings.join(' '), 'the chunked messages were warned about as too long').not.toContain('in one message')
    await s.sentCount(1)
    expect(s.sent[0]!.warnings).toEqual(warnings)
    const fits = await setup({ config: { LocalAuthListMaxLength: '2' } })
    const two = await fits.service.send({ stationIds: ['CP1'], entries: [ok('A'), ok('B')], updateType: 'Full' })
    expect(two.sends[0]!.warnings).toEqual([])
  })

  it('a Differential not above the version the station holds is warned about', async () => {
    const s = await setup()
    s.report(5)
    const { sends } = await s.service.send({ stationIds: ['CP1'], entries: [ok('A')], updateType: 'Differential', listVersion: 5 })
    expect(sends[0]!.warnings.join(' ')).toContain('expect VersionMismatch')
  })

  it('the answer to one send changes that send only, not the others in the history', async () => {
    const s = await setup()
    await s.service.send({ stationIds: ['CP1'], entries: [ok('A')], updateType: 'Full' })
    await s.sentCount(1)
    s.sent[0]!.finish({ state: 'answered', response: { status: 'Failed' } })
    await s.settled()
    await s.service.send({ stationIds: ['CP1'], entries: [ok('B')], updateType: 'Full' })
    await s.sentCount(2)
    s.accept(1)
    await s.settled()
    const [second, first] = s.view().history
    expect(first).toMatchObject({ state: 'failed', result: 'Failed', chunks: [{ status: 'Failed', taskId: 't1' }] })
    expect(second).toMatchObject({ state: 'accepted', chunks: [{ status: 'Accepted', taskId: 't2' }] })
  })

  it('the history keeps the newest send first', async () => {
    const s = await setup()
    await s.service.send({ stationIds: ['CP1'], entries: [ok('A')], updateType: 'Full' })
    await s.service.send({ stationIds: ['CP1'], entries: [ok('B')], updateType: 'Full', listVersion: 40 })
    expect(s.view().history.map((h) => h.chunks[0]!.listVersion)).toEqual([40, 1])
  })
})

describe('what a station acknowledged survives a crash, and an interrupted send leaves the list unknown (issue 20 §2)', () => {
  it('a chunk’s answer is stored while its task is being finished, before the task is final', async () => {
    const s = await setup()
    await s.service.send({ stationIds: ['CP1'], entries: [ok('A')], updateType: 'Full' })
    await s.sentCount(1)
    const sent = s.sent[0]!
    // The call service applies the answer (onFinished → taskFinished), waits for the write, then resolves done.
    s.service.taskFinished({ ...sent.task, state: 'answered', response: { status: 'Accepted' }, finishedAt: '2026-01-01T00:00:01.000Z' })
    expect(s.view().expectedVersion).toBe(1)
    expect(s.last().state).toBe('accepted')
    sent.finish({ state: 'answered', response: { status: 'Accepted' } })
    await s.settled()
    expect(s.view().entries).toEqual([ok('A')])
  })

  it('nothing reaches the station before the send is on disk', async () => {
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    const s = await setup({ durable: () => gate })
    await s.service.send({ stationIds: ['CP1'], entries: [ok('A')], updateType: 'Full' })
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(s.sent).toHaveLength(0)
    expect(s.last().state).toBe('sending')
    release()
    await s.sentCount(1)
  })

  it('a send cut off by a crash is marked failed at the next start and the list unknown; the next computed Differential goes Full, so a revoked tag leaves the station; an accepted Full makes it known', async () => {
    const before = await setup()
    await before.service.send({ stationIds: ['CP1'], entries: [ok('A'), ok('B')], updateType: 'Full' })
    await before.sentCount(1)
    before.accept()
    await before.settled()
    // Revoking A: a Differential is on its way when the app dies (never answered).
    await before.service.send({ stationIds: ['CP1'], entries: [ok('B')], updateType: 'Differential' })
    await before.sentCount(2)
    const after = await setup({ store: before.store })
    const view = after.view()
    expect(view.unknown?.reason).toContain('interrupted')
    expect(view.history[0]).toMatchObject({ state: 'failed' })
    expect(view.history[0]!.result).toContain('Interrupted')
    await after.service.send({ stationIds: ['CP1'], entries: [ok('B')], updateType: 'Differential' })
    await after.sentCount(1)
    expect(after.sent[0]!.payload).toMatchObject({ updateType: 'Full', localAuthorizationList: [ok('B')] })
    expect(after.sent[0]!.warnings.join(' ')).toContain('the whole list is sent as Full')
    after.accept()
    await after.settled()
    expect(after.view().unknown).toBeUndefined()
    expect(after.view().entries).toEqual([ok('B')])
  })

  it('an unknown list stays unknown after an accepted Differential sent as it is', async () => {
    const before = await setup()
    await before.service.send({ stationIds: ['CP1'], entries: [ok('A')], updateType: 'Full' })
    await before.sentCount(1)
    const after = await setup({ store: before.store })
    await after.service.send({ stationIds: ['CP1'], entries: [ok('C')], updateType: 'Differential', asIs: true })
    await after.sentCount(1)
    expect(after.sent[0]!.payload.updateType).toBe('Differential')
    after.accept()
    await after.settled()
    expect(after.view().unknown).toBeDefined()
  })
})
