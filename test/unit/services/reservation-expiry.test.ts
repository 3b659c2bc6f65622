/**
 * Reservations end at their expiryDate, also when the CSMS was not running then: start() expires
 * at once what expired while the app was closed; an Accepted that arrives after expiryDate never
 * makes the reservation active.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { Reservation } from '@shared/contract/auth-dto'
import type { CallTask } from '@shared/contract/dto'
import { EventBus } from '../../../src/main/services/event-bus'
import { ReservationService } from '../../../src/main/services/reservations/reservation-service'
import { AuthRepository } from '../../../src/main/storage/auth-repository'
import { StateStore } from '../../../src/main/storage/state-store'

const T0 = Date.parse('2026-03-02T12:00:00.000Z')
const iso = (ms: number) => new Date(ms).toISOString()
const stores: StateStore[] = []
const services: ReservationService[] = []
afterEach(async () => {
  for (const service of services.splice(0)) service.stop()
  await Promise.all(stores.splice(0).map((store) => store.close()))
})

async function setup(store?: StateStore) {
  const state = store ?? (await StateStore.open({ logger: { warn: () => undefined, error: () => undefined } }))
  if (!store) stores.push(state)
  const clock = { now: T0 }
  const bus = new EventBus()
  const events: Reservation[] = []
  bus.on('reservationUpdated', (r) => void events.push(r))
  const tasks: CallTask[] = []
  const repo = new AuthRepository(state)
  const service = new ReservationService({
    repo,
    bus,
    send: (stationId, action, payload) => {
      const task = { id: `t${tasks.length + 1}`, stationId, action, payload, state: 'pending', createdAt: iso(clock.now) } as unknown as CallTask
      tasks.push(task)
      return { task }
    },
    warningsFor: () => [],
    nextReservationId: async (floor) => floor + 1,
    parentOf: () => undefined,
    now: () => clock.now,
  })
  services.push(service)
  const answer = (status: string) => service.taskFinished({ ...tasks.at(-1)!, state: 'answered', response: { status }, finishedAt: iso(clock.now) })
  return { service, repo, state, clock, events, answer }
}

describe('reservation expiry', () => {
  it('an Accepted answer that arrives after expiryDate leaves the reservation expired, never active', async () => {
    const s = await setup()
    await s.service.reserve({ stationId: 'CP1', connectorId: 1, idTag: 'TAG', expiryDate: iso(T0 + 10_000) })
    s.clock.now = T0 + 20_000
    s.answer('Accepted')
    expect(s.events.map((e) => e.state), 'the late Accepted made the reservation active').not.toContain('active')
    expect(s.service.list()[0]).toMatchObject({ state: 'expired', answer: 'Accepted', endReason: 'expiryDate passed' })
  })

  it('an Accepted answer before expiryDate makes it active, and it expires when expiryDate passes', async () => {
    const s = await setup()
    await s.service.reserve({ stationId: 'CP1', connectorId: 1, idTag: 'TAG', expiryDate: iso(T0 + 10_000) })
    s.answer('Accepted')
    expect(s.service.list()[0]!.state).toBe('active')
    s.clock.now = T0 + 10_000
    s.service.sweep()
    expect(s.service.list()[0]!.state).toBe('expired')
  })

  it('start() expires at once what expired while the app was closed (before any timer runs)', async () => {
    const first = await setup()
    await first.service.reserve({ stationId: 'CP1', connectorId: 1, idTag: 'TAG', expiryDate: iso(T0 + 60_000) })
    first.answer('Accepted')
    expect(first.service.list()[0]!.state).toBe('active')
    first.service.stop()
    // The app starts again two minutes later, on the same state.
    const second = await setup(first.state)
    second.clock.now = T0 + 120_000
    second.service.start()
    expect(second.service.list()[0]!.state, 'a reservation that expired while the app was closed is still active after start').toBe('expired')
  })
})
