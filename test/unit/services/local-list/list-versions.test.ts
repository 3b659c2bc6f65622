/**
 * Local list versions where they are chosen (LocalListService) and warned about
 * (localListCommandWarnings): new versions above anything the station reported or was sent, never
 * one handed out before; a Differential not above the station's version is warned about.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { CallTask } from '@shared/contract/dto'
import type { SendLocalListRequest } from '@shared/ocpp/payloads'
import { createOcppValidator } from '../../../../src/main/ocpp/validator'
import { localListCommandWarnings } from '../../../../src/main/profiles/local-auth-list/command-warnings'
import { EventBus } from '../../../../src/main/services/event-bus'
import { LocalListService } from '../../../../src/main/services/local-list/local-list-service'
import { AuthRepository } from '../../../../src/main/storage/auth-repository'
import { CounterRepository } from '../../../../src/main/storage/counter-repository'
import { StateStore } from '../../../../src/main/storage/state-store'

const quiet = { warn: () => undefined, error: () => undefined }
const stores: StateStore[] = []
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()))
})

const validator = createOcppValidator()
const entry = (idTag: string) => ({ idTag, idTagInfo: { status: 'Accepted' as const } })

async function setup() {
  const store = await StateStore.open({ logger: quiet })
  stores.push(store)
  const counters = new CounterRepository(store)
  const sent: SendLocalListRequest[] = []
  let n = 0
  const task = (action: string, payload: unknown, response: unknown): CallTask =>
    ({ id: `t${++n}`, stationId: 'CP1', action, payload, state: 'answered', response, createdAt: '2026-01-01T00:00:00.000Z', finishedAt: '2026-01-01T00:00:01.000Z', origin: 'api' }) as unknown as CallTask
  const service = new LocalListService({
    repo: new AuthRepository(store),
    bus: new EventBus(),
    validator,
    send: (_stationId, action, payload) => {
      sent.push(payload)
      const done = task(action, payload, { status: 'Accepted' })
      return { task: done, done: Promise.resolve(done) }
    },
    nextVersion: (stationId, floor) => counters.nextAbove(`localListVersion:${stationId}`, floor),
    configuration: () => ({ stationId: 'CP1', keys: {}, unknownKeys: [] }) as never,
    idTags: () => [],
  })
  const report = (listVersion: number) => service.taskFinished(task('GetLocalListVersion', {}, { listVersion }))
  const send = async (updateType: 'Full' | 'Differential' = 'Full') => {
    const before = sent.length
    await service.send({ stationIds: ['CP1'], entries: [entry(`TAG-${before}`)], updateType })
    await expect.poll(() => sent.length).toBe(before + 1)
    // The send's chunk is applied once its (immediate) answer is handled.
    await expect.poll(() => service.stationView('CP1').history.at(-1)?.state).toBe('accepted')
    return sent.at(-1)!.listVersion
  }
  return { service, report, send }
}

describe('local list versions: chosen above the station', () => {
  it('the first version is above the one the station reported, even one the CSMS never sent', async () => {
    const s = await setup()
    s.report(41)
    expect(await s.send(), 'the version is not above the reported 41').toBe(42)
  })

  it('a reported version equal to the next one is not handed out again', async () => {
    const s = await setup()
    expect(await s.send()).toBe(1)
    s.report(2)
    expect(await s.send(), 'the version the station holds was handed out again').toBe(3)
  })

  it('after a station reports a lower version (a reset), new versions still never repeat', async () => {
    const s = await setup()
    expect(await s.send()).toBe(1)
    expect(await s.send()).toBe(2)
    s.report(0)
    expect(await s.send()).toBe(3)
  })
})

describe('local list warnings: a Differential not above the station', () => {
  const warn = (listVersion: number, updateType: string, ctx: { expectedVersion?: number; reportedVersion?: number }) =>
    localListCommandWarnings('SendLocalList', { listVersion, updateType, localAuthorizationList: [entry('T')] }, { ...ctx, limits: {} }).filter((w) => /is not above/.test(w))

  it('warns when the version equals or is below the reported or expected one', () => {
    expect(warn(5, 'Differential', { reportedVersion: 5 }), 'no warning for a Differential at the reported version').toEqual(["listVersion 5 is not above the station's 5: expect VersionMismatch"])
    expect(warn(4, 'Differential', { reportedVersion: 5 })).toEqual(["listVersion 4 is not above the station's 5: expect VersionMismatch"])
    expect(warn(7, 'Differential', { expectedVersion: 7, reportedVersion: 3 })).toEqual(["listVersion 7 is not above the station's 7: expect VersionMismatch"])
  })

  it('does not warn above it, for a Full list, or when the station holds no list', () => {
    expect(warn(6, 'Differential', { reportedVersion: 5 })).toEqual([])
    expect(warn(5, 'Full', { reportedVersion: 5 })).toEqual([])
    expect(warn(1, 'Differential', {})).toEqual([])
  })
})
