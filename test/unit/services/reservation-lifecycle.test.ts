/**
 * The reservation lifecycle as the CSMS tracks it (OCPP 1.6 §3.11, §5.13): ReserveNow with an id
 * that never repeats, active on Accepted, then used, cancelled, ended, replaced, rejected or failed.
 * Unit tests of ReservationService on in-memory state; the OCPP side is in test/integration/reservation.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Reservation } from '@shared/contract/auth-dto'
import type { CallTask, ConnectorStatus, TransactionSummary } from '@shared/contract/dto'
import type { ReserveNowRequest } from '@shared/ocpp/payloads'
import { EventBus } from '../../../src/main/services/event-bus'
import { ReservationService, type ReservationServiceDeps } from '../../../src/main/services/reservations/reservation-service'
import { AuthRepository } from '../../../src/main/storage/auth-repository'
import { StateStore } from '../../../src/main/storage/state-store'

const T0 = Date.parse('2026-03-02T12:00:00.000Z')
const iso = (ms: number) => new Date(ms).toISOString()
const HOUR = 3_600_000
const stores: StateStore[] = []
const services: ReservationService[] = []
afterEach(async () => {
  vi.useRealTimers()
  for (const service of services.splice(0)) service.stop()
  await Promise.all(stores.splice(0).map((store) => store.close()))
})

async function setup(overrides: Partial<ReservationServiceDeps> & { finishAtOnce?: Partial<CallTask> } = {}) {
  const state = await StateStore.open({ logger: { warn: () => undefined, error: () => undefined } })
  stores.push(state)
  const clock = { now: T0 }
  const bus = new EventBus()
  const events: Reservation[] = []
  bus.on('reservationUpdated', (r) => void events.push(r))
  const tasks: CallTask[] = []
  const sent: { stationId: string; action: string; payload: ReserveNowRequest; warnings: string[] }[] = []
  const floors: number[] = []
  const repo = new AuthRepository(state)
  let createdAt = T0
  const service: ReservationService = new ReservationService({
    repo,
    bus,
    send: (stationId, action, payload, warnings) => {
      sent.push({ stationId, action, payload, warnings })
      // Each task a millisecond apart, as the call service stamps them.
      const task = { id: `t${tasks.length + 1}`, stationId, action, payload, state: 'sent', createdAt: iso(createdAt++) } as CallTask
      tasks.push(task)
      if (overrides.finishAtOnce) {
        // A task final at once (station offline, refused): the call service tells taskFinished before send returns.
        Object.assign(task, { finishedAt: iso(clock.now) }, overrides.finishAtOnce)
        service.taskFinished(task)
      }
      return { task }
    },
    warningsFor: () => [],
    nextReservationId: async (floor) => {
      floors.push(floor)
      return floor + 1
    },
    parentOf: () => undefined,
    now: () => clock.now,
    ...overrides,
  })
  services.push(service)
  const finish = (task: CallTask, change: Partial<CallTask>) => service.taskFinished({ ...task, finishedAt: iso(clock.now), ...change })
  const answer = (status: string | undefined, task = tasks.at(-1)!) => finish(task, { state: 'answered', response: status === undefined ? {} : { status } })
  const reserve = (args: Partial<Parameters<ReservationService['reserve']>[0]> = {}) =>
    service.reserve({ stationId: 'CP1', connectorId: 1, idTag: 'TAG', expiryDate: iso(T0 + HOUR), ...args })
  /** Reserve and have it Accepted: an active reservation. */
  const active = async (args: Partial<Parameters<ReservationService['reserve']>[0]> = {}) => {
    const task = await reserve(args)
    answer('Accepted', task)
    return byId(task.payload as ReserveNowRequest, task.stationId)
  }
  const byId = (p: { reservationId: number }, stationId = 'CP1') => repo.reservations().find((r) => r.reservationId === p.reservationId && r.stationId === stationId)!
  const stateOf = (p: { reservationId: number }, stationId = 'CP1') => byId(p, stationId).state
  return { service, repo, clock, events, tasks, sent, floors, finish, answer, reserve, active, byId, stateOf }
}

function tx(over: Partial<TransactionSummary> = {}): TransactionSummary {
  return {
    transactionId: 7,
    stationId: 'CP1',
    connectorId: 1,
    idTag: 'TAG',
    idTagInfo: { status: 'Accepted' },
    meterStart: 0,
    startTimestamp: iso(T0),
    receivedAt: iso(T0),
    active: true,
    ...over,
  } as TransactionSummary
}

const status = (connectorId: number, s: string) => ({ connectorId, status: s, errorCode: 'NoError', receivedAt: iso(T0) }) as ConnectorStatus

describe('ReserveNow: what is sent', () => {
  it('a new reservationId is above every reservationId already used, also one a person typed', async () => {
    const s = await setup()
    await s.reserve({ reservationId: 40 })
    await s.reserve({ reservationId: 12 })
    const task = await s.reserve()
    expect(s.floors).toEqual([40])
    expect((task.payload as ReserveNowRequest).reservationId).toBe(41)
  })

  it('a typed reservationId is sent as typed, without asking the counter', async () => {
    const s = await setup()
    const task = await s.reserve({ reservationId: 5 })
    expect((task.payload as ReserveNowRequest).reservationId).toBe(5)
    expect(s.floors).toEqual([])
  })

  it('the parent comes from the id-tag store unless the operator gave one (null: none)', async () => {
    const s = await setup({ parentOf: (tag) => (tag === 'TAG' ? 'STORE-PARENT' : undefined) })
    await s.reserve()
    await s.reserve({ parentIdTag: 'TYPED' })
    await s.reserve({ parentIdTag: null })
    expect(s.sent.map((x) => x.payload.parentIdTag)).toEqual(['STORE-PARENT', 'TYPED', undefined])
    expect(s.sent[2]!.payload).not.toHaveProperty('parentIdTag')
    expect(s.repo.reservations().find((r) => r.parentIdTag === 'STORE-PARENT')).toBeDefined()
    expect(s.byId(s.sent[2]!.payload)).not.toHaveProperty('parentIdTag')
  })

  it('the payload carries connector, idTag and the expiryDate as an ISO instant; warnings are asked for ReserveNow and sent along', async () => {
    const asked: [string, string, unknown][] = []
    const s = await setup({ warningsFor: (stationId, action, payload) => (asked.push([stationId, action, payload]), ['unknown connector']) })
    await s.reserve({ connectorId: 2, idTag: 'abc', expiryDate: '2026-03-02T13:00:00+01:00' })
    expect(s.sent[0]).toMatchObject({ stationId: 'CP1', action: 'ReserveNow', warnings: ['unknown connector'] })
    expect(s.sent[0]!.payload).toMatchObject({ connectorId: 2, idTag: 'abc', expiryDate: '2026-03-02T12:00:00.000Z' })
    expect(asked).toEqual([['CP1', 'ReserveNow', s.sent[0]!.payload]])
  })

  it('a sent ReserveNow is recorded as requested, with its task, and announced once', async () => {
    const s = await setup()
    const task = await s.reserve()
    expect(s.events.map((e) => e.state)).toEqual(['requested'])
    expect(s.byId(task.payload as ReserveNowRequest)).toMatchObject({ state: 'requested', taskId: task.id, stationId: 'CP1', connectorId: 1, idTag: 'TAG', createdAt: task.createdAt })
    expect(s.byId(task.payload as ReserveNowRequest).endedAt).toBeUndefined()
  })

  it('a ReserveNow that is final at once (station offline) stays failed: it is not recorded again as requested', async () => {
    const s = await setup({ finishAtOnce: { state: 'offline', reason: 'The station is not connected' } })
    const task = await s.reserve()
    expect(s.byId(task.payload as ReserveNowRequest)).toMatchObject({ state: 'failed', answer: 'offline', endReason: 'The station is not connected' })
    expect(s.events.map((e) => e.state)).toEqual(['requested', 'failed'])
  })
})

describe('the ReserveNow answer', () => {
  it('Accepted: active, announced once per change, not ended', async () => {
    const s = await setup()
    const r = await s.active()
    expect(r).toMatchObject({ state: 'active', answer: 'Accepted' })
    expect(r.endedAt).toBeUndefined()
    expect(r.endReason).toBeUndefined()
    expect(s.events.map((e) => e.state)).toEqual(['requested', 'active'])
  })

  it('Accepted at exactly expiryDate: expired at once', async () => {
    const s = await setup()
    const task = await s.reserve({ expiryDate: iso(T0 + 1000) })
    s.clock.now = T0 + 1000
    s.answer('Accepted', task)
    expect(s.byId(task.payload as ReserveNowRequest)).toMatchObject({ state: 'expired', endReason: 'expiryDate passed' })
  })

  it('another answer: rejected, with the status in the reason and an end time', async () => {
    const s = await setup()
    const task = await s.reserve()
    s.answer('Occupied', task)
    const r = s.byId(task.payload as ReserveNowRequest)
    expect(r).toMatchObject({ state: 'rejected', answer: 'Occupied' })
    expect(r.endReason).toContain('Occupied')
    expect(r.endedAt).toEqual(expect.any(String))
  })

  it('an answer without a status is rejected as unknown', async () => {
    const s = await setup()
    const task = await s.reserve()
    s.finish(task, { state: 'answered', response: undefined })
    expect(s.byId(task.payload as ReserveNowRequest)).toMatchObject({ state: 'rejected', answer: 'unknown' })
  })

  it('a CALLERROR fails it with the error code; without one, just CALLERROR', async () => {
    const s = await setup()
    const a = await s.reserve()
    const b = await s.reserve()
    s.finish(a, { state: 'callerror', error: { code: 'NotSupported', description: '', details: {} } })
    s.finish(b, { state: 'callerror' })
    expect(s.byId(a.payload as ReserveNowRequest)).toMatchObject({ state: 'failed', answer: 'callerror', endReason: 'CALLERROR NotSupported' })
    expect(s.byId(b.payload as ReserveNowRequest)).toMatchObject({ state: 'failed', endReason: 'CALLERROR' })
  })

  it('a timeout fails it with the task reason, or the task state when there is none', async () => {
    const s = await setup()
    const a = await s.reserve()
    const b = await s.reserve()
    s.finish(a, { state: 'timeout', reason: 'No answer in 30 s' })
    s.finish(b, { state: 'timeout' })
    expect(s.byId(a.payload as ReserveNowRequest)).toMatchObject({ state: 'failed', answer: 'timeout', endReason: 'No answer in 30 s' })
    expect(s.byId(b.payload as ReserveNowRequest)).toMatchObject({ state: 'failed', endReason: 'timeout' })
  })

  it('Accepted for a reservationId already active on that station replaces the old one; other ids and stations stay', async () => {
    const s = await setup()
    const old = await s.active({ reservationId: 3 })
    const other = await s.active({ reservationId: 4 })
    const elsewhere = await s.active({ reservationId: 3, stationId: 'CP2' })
    const again = await s.reserve({ reservationId: 3, connectorId: 2 })
    s.answer('Accepted', again)
    const all = s.repo.reservations()
    expect(all.find((r) => r.createdAt === old.createdAt && r.stationId === 'CP1')).toMatchObject({ state: 'replaced', endReason: expect.stringContaining('same reservationId') })
    expect(all.find((r) => r.createdAt === again.createdAt)).toMatchObject({ state: 'active', connectorId: 2 })
    expect(s.stateOf(other)).toBe('active')
    expect(s.stateOf(elsewhere, 'CP2')).toBe('active')
  })

  it('a ReserveNow someone else sent (not through reserve) is recorded from its payload when it finishes', async () => {
    const s = await setup()
    const task = { id: 'x1', stationId: 'CP9', action: 'ReserveNow', createdAt: iso(T0), payload: { reservationId: 77, idTag: 'T', parentIdTag: 'P', expiryDate: iso(T0 + HOUR) } } as unknown as CallTask
    s.finish(task, { state: 'answered', response: { status: 'Accepted' } })
    expect(s.byId({ reservationId: 77 }, 'CP9')).toMatchObject({ state: 'active', connectorId: 0, idTag: 'T', parentIdTag: 'P', taskId: 'x1' })
    expect(s.events.map((e) => e.state)).toEqual(['requested', 'active'])
  })

  it('a foreign ReserveNow keeps the connector and an empty expiryDate as they were', async () => {
    const s = await setup()
    const task = { id: 'x2', stationId: 'CP9', action: 'ReserveNow', createdAt: iso(T0), payload: { reservationId: 78, idTag: 'T', connectorId: 3 } } as unknown as CallTask
    s.finish(task, { state: 'timeout' })
    expect(s.byId({ reservationId: 78 }, 'CP9')).toMatchObject({ connectorId: 3, expiryDate: '', state: 'failed' })
    expect(s.byId({ reservationId: 78 }, 'CP9')).not.toHaveProperty('parentIdTag')
  })

  it('a finished ReserveNow without a usable payload (no number id, no string idTag, none at all) records nothing', async () => {
    const s = await setup()
    const base = { stationId: 'CP9', action: 'ReserveNow', createdAt: iso(T0), state: 'answered', response: { status: 'Accepted' } }
    for (const [id, payload] of [
      ['a', { reservationId: '1', idTag: 'T' }],
      ['b', { reservationId: 1, idTag: 5 }],
      ['c', { idTag: 'T' }],
      ['d', undefined],
    ] as const) {
      s.service.taskFinished({ ...base, id, payload } as unknown as CallTask)
    }
    expect(s.repo.reservations()).toEqual([])
    expect(s.events).toEqual([])
  })
})

describe('CancelReservation', () => {
  const cancel = (stationId: string, reservationId: unknown, change: Partial<CallTask> = {}) =>
    ({ id: `c-${stationId}-${String(reservationId)}`, stationId, action: 'CancelReservation', payload: { reservationId }, createdAt: iso(T0), state: 'answered', response: { status: 'Accepted' }, ...change }) as CallTask

  it('Accepted cancels the active reservation with that id on that station, naming the cancel task', async () => {
    const s = await setup()
    const r = await s.active({ reservationId: 3 })
    const other = await s.active({ reservationId: 4 })
    const elsewhere = await s.active({ reservationId: 3, stationId: 'CP2' })
    s.service.taskFinished(cancel('CP1', 3))
    const cancelled = s.byId(r)
    expect(cancelled).toMatchObject({ state: 'cancelled', cancelTaskId: 'c-CP1-3', endReason: expect.stringContaining('CancelReservation') })
    expect(cancelled.endedAt).toEqual(expect.any(String))
    expect(s.stateOf(other)).toBe('active')
    expect(s.stateOf(elsewhere, 'CP2')).toBe('active')
  })

  it('a Rejected answer, a CALLERROR or a timeout cancels nothing', async () => {
    const s = await setup()
    const r = await s.active({ reservationId: 3 })
    s.service.taskFinished(cancel('CP1', 3, { response: { status: 'Rejected' } }))
    s.service.taskFinished(cancel('CP1', 3, { response: undefined }))
    s.service.taskFinished(cancel('CP1', 3, { state: 'callerror' }))
    s.service.taskFinished(cancel('CP1', 3, { state: 'timeout' }))
    s.service.taskFinished(cancel('CP1', 3, { action: 'ChangeAvailability' }))
    expect(s.stateOf(r)).toBe('active')
  })

  it('cancels only an active reservation: a requested one (no answer yet) stays requested', async () => {
    const s = await setup()
    const task = await s.reserve({ reservationId: 3 })
    s.service.taskFinished(cancel('CP1', 3))
    expect(s.stateOf(task.payload as ReserveNowRequest)).toBe('requested')
  })

  it('a CancelReservation task without a payload cancels nothing', async () => {
    const s = await setup()
    const r = await s.active({ reservationId: 3 })
    s.service.taskFinished(cancel('CP1', 3, { payload: undefined }))
    expect(s.stateOf(r)).toBe('active')
  })
})

describe('a transaction uses a reservation', () => {
  it('by its reservationId, before a reservation held for its tag', async () => {
    const s = await setup()
    const forTag = await s.active({ reservationId: 1 })
    const named = await s.active({ reservationId: 2, idTag: 'OTHER', connectorId: 2 })
    s.service.transactionChanged(tx({ reservationId: 2 }))
    expect(s.byId(named)).toMatchObject({ state: 'used', usedByTransactionId: 7, endReason: 'Transaction 7 started with its reservationId' })
    expect(s.stateOf(forTag)).toBe('active')
  })

  it('by its idTag (any case) on its connector, or on a whole-station reservation (connector 0)', async () => {
    const s = await setup()
    const r1 = await s.active({ reservationId: 1, idTag: 'tag' })
    s.service.transactionChanged(tx({ reservationId: 99 }))
    expect(s.byId(r1)).toMatchObject({ state: 'used', endReason: 'Transaction 7 started for its idTag' })
    const r0 = await s.active({ reservationId: 2, connectorId: 0 })
    s.service.transactionChanged(tx({ transactionId: 8, connectorId: 3 }))
    expect(s.byId(r0)).toMatchObject({ state: 'used', usedByTransactionId: 8 })
  })

  it('not one for the tag on another connector, another station, or for another tag', async () => {
    const s = await setup()
    const r2 = await s.active({ reservationId: 1, connectorId: 2 })
    const other = await s.active({ reservationId: 2, idTag: 'SOMEONE' })
    const elsewhere = await s.active({ reservationId: 3, stationId: 'CP2' })
    s.service.transactionChanged(tx())
    expect([s.stateOf(r2), s.stateOf(other), s.stateOf(elsewhere, 'CP2')]).toEqual(['active', 'active', 'active'])
  })

  it('by the parent: a reservation with the same parentIdTag, or one made for the parent tag itself', async () => {
    const s = await setup()
    const sameParent = await s.active({ reservationId: 1, idTag: 'SIBLING', parentIdTag: 'group' })
    s.service.transactionChanged(tx({ idTag: 'CARD', idTagInfo: { status: 'Accepted', parentIdTag: 'GROUP' } }))
    expect(s.stateOf(sameParent)).toBe('used')
    const forParent = await s.active({ reservationId: 2, idTag: 'group' })
    s.service.transactionChanged(tx({ transactionId: 8, idTag: 'CARD', idTagInfo: { status: 'Accepted', parentIdTag: 'GROUP' } }))
    expect(s.stateOf(forParent)).toBe('used')
  })

  it('a tag without a parent does not use a reservation that has no parent either', async () => {
    const s = await setup()
    const r = await s.active({ reservationId: 1, idTag: 'SOMEONE', parentIdTag: null })
    s.service.transactionChanged(tx({ idTag: 'CARD' }))
    expect(s.stateOf(r)).toBe('active')
  })

  it('a stopped transaction, or an orphan StopTransaction, uses nothing', async () => {
    const s = await setup()
    const r = await s.active({ reservationId: 1 })
    s.service.transactionChanged(tx({ active: false, reservationId: 1 }))
    s.service.transactionChanged(tx({ orphan: true, reservationId: 1 }))
    expect(s.stateOf(r)).toBe('active')
  })

  it('a requested reservation (no answer yet) is not used', async () => {
    const s = await setup()
    const task = await s.reserve({ reservationId: 1 })
    s.service.transactionChanged(tx({ reservationId: 1 }))
    expect(s.stateOf(task.payload as ReserveNowRequest)).toBe('requested')
  })
})

describe('a connector going Faulted or Unavailable ends its reservations', () => {
  it('Faulted on a connector ends that connector’s active reservations only, saying which and why', async () => {
    const s = await setup()
    const r1 = await s.active({ reservationId: 1, connectorId: 1 })
    const r2 = await s.active({ reservationId: 2, connectorId: 2 })
    const elsewhere = await s.active({ reservationId: 3, stationId: 'CP2' })
    s.service.statusObserved('CP1', status(1, 'Faulted'))
    const ended = s.byId(r1)
    expect(ended).toMatchObject({ state: 'ended', endReason: 'Connector 1 went Faulted' })
    expect(ended.endedAt).toEqual(expect.any(String))
    expect(s.stateOf(r2)).toBe('active')
    expect(s.stateOf(elsewhere, 'CP2')).toBe('active')
  })

  it('Unavailable on connector 0 ends every active reservation of the station', async () => {
    const s = await setup()
    const r1 = await s.active({ reservationId: 1, connectorId: 1 })
    const r2 = await s.active({ reservationId: 2, connectorId: 2 })
    s.service.statusObserved('CP1', status(0, 'Unavailable'))
    expect(s.byId(r1)).toMatchObject({ state: 'ended', endReason: 'The charge point went Unavailable' })
    expect(s.stateOf(r2)).toBe('ended')
  })

  it('other statuses end nothing; a requested reservation is not ended', async () => {
    const s = await setup()
    const r = await s.active({ reservationId: 1 })
    const requested = await s.reserve({ reservationId: 2 })
    for (const st of ['Available', 'Preparing', 'Charging', 'Reserved', 'Finishing', 'SuspendedEV']) s.service.statusObserved('CP1', status(1, st))
    expect(s.stateOf(r)).toBe('active')
    s.service.statusObserved('CP1', status(1, 'Faulted'))
    expect(s.stateOf(requested.payload as ReserveNowRequest)).toBe('requested')
  })
})

describe('expiry sweep', () => {
  it('expires only active reservations past expiryDate', async () => {
    const s = await setup()
    const soon = await s.active({ reservationId: 1, expiryDate: iso(T0 + 1000) })
    const later = await s.active({ reservationId: 2, expiryDate: iso(T0 + HOUR) })
    const requested = await s.reserve({ reservationId: 3, expiryDate: iso(T0 + 1000) })
    s.clock.now = T0 + 2000
    s.service.sweep()
    expect(s.byId(soon)).toMatchObject({ state: 'expired', endReason: 'expiryDate passed' })
    expect(s.stateOf(later)).toBe('active')
    expect(s.stateOf(requested.payload as ReserveNowRequest)).toBe('requested')
  })

  it('runs every second once started, and no more after stop', async () => {
    vi.useFakeTimers({ now: T0, toFake: ['setInterval', 'clearInterval', 'Date'] })
    const s = await setup({ now: undefined })
    const first = await s.active({ reservationId: 1, expiryDate: iso(T0 + 1500) })
    const second = await s.active({ reservationId: 2, expiryDate: iso(T0 + 4500) })
    s.service.start()
    vi.advanceTimersByTime(2000)
    expect(s.stateOf(first), 'the sweep did not run within two seconds').toBe('expired')
    s.service.stop()
    vi.advanceTimersByTime(5000)
    expect(s.stateOf(second), 'the sweep ran after stop').toBe('active')
  })

  it('uses the wall clock when no clock is given', async () => {
    const s = await setup({ now: undefined })
    const past = await s.reserve({ reservationId: 1, expiryDate: iso(Date.now() - 1000) })
    s.answer('Accepted', past)
    const future = await s.active({ reservationId: 2, expiryDate: iso(Date.now() + HOUR) })
    expect(s.stateOf(past.payload as ReserveNowRequest)).toBe('expired')
    expect(s.stateOf(future)).toBe('active')
  })
})

describe('list', () => {
  it('newest first (ties: the higher reservationId first), filtered by station and states, at most 1000 unless told', async () => {
    const s = await setup()
    const save = (reservationId: number, stationId: string, createdAt: string, state: Reservation['state']) =>
      s.repo.saveReservation({ reservationId, stationId, connectorId: 1, idTag: 'T', expiryDate: iso(T0 + HOUR), state, createdAt, taskId: `t${reservationId}` })
    save(1, 'CP1', iso(T0), 'active')
    save(2, 'CP1', iso(T0 + 1), 'expired')
    save(3, 'CP2', iso(T0 + 1), 'active')
    save(4, 'CP1', iso(T0), 'used')
    expect(s.service.list().map((r) => r.reservationId)).toEqual([3, 2, 4, 1])
    expect(s.service.list({ stationId: 'CP1' }).map((r) => r.reservationId)).toEqual([2, 4, 1])
    expect(s.service.list({ states: ['active'] }).map((r) => r.reservationId)).toEqual([3, 1])
    expect(s.service.list({ stationId: 'CP1', states: ['active', 'used'] }).map((r) => r.reservationId)).toEqual([4, 1])
    expect(s.service.list({ limit: 2 }).map((r) => r.reservationId)).toEqual([3, 2])
    for (let i = 10; i < 1010; i++) save(i, 'CP3', iso(T0 - i), 'expired')
    expect(s.service.list()).toHaveLength(1000)
    expect(s.service.list({ limit: 2000 })).toHaveLength(1004)
  })
})
