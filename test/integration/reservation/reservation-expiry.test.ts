/**
 * Reservation expiry the operator sees, over real sockets and a real data folder, with the CSMS's
 * clock injected (no waiting):
 * - a reservation that expired while the app was closed is expired as soon as the app is up
 *   (before any periodic sweep could run);
 * - an Accepted that arrives after expiryDate never makes the reservation active.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { CallTask, Reservation } from '@shared/contract'
import { startHarness, type Harness } from '../../support/csms-harness'

const T0 = Date.parse('2026-03-02T12:00:00.000Z')
const iso = (ms: number) => new Date(ms).toISOString()

describe('reservation expiry', () => {
  let dataDir: string | undefined
  const running: Harness[] = []
  afterEach(async () => {
    await Promise.all(running.splice(0).map((h) => h.stop()))
    if (dataDir) await rm(dataDir, { recursive: true, force: true })
    dataDir = undefined
  })

  async function start(clock: { now: number }, persistent = false): Promise<Harness> {
    const h = await startHarness({ clock: () => clock.now, ...(persistent ? { inMemory: false, dataDir } : {}) })
    running.push(h)
    return h
  }

  it('a reservation that expired while the app was closed is expired at start-up', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'csms-reservation-expiry-'))
    const clock = { now: T0 }
    const first = await start(clock, true)
    await first.invoke('upsertIdTag', { idTag: 'TAG-001', status: 'Accepted' })
    const cp = await first.booted('CP-EXP')
    const incoming = cp.nextCall('ReserveNow')
    await first.invoke<CallTask>('reserveNow', { stationId: 'CP-EXP', connectorId: 1, idTag: 'TAG-001', expiryDate: iso(T0 + 60_000) })
    cp.answer(await incoming, { status: 'Accepted' })
    await expect.poll(async () => (await first.invoke<Reservation[]>('listReservations', { stationId: 'CP-EXP' }))[0]?.state).toBe('active')
    await first.stop()
    running.splice(running.indexOf(first), 1)

    // Two minutes later the app starts again on the same data folder.
    clock.now = T0 + 120_000
    const second = await start(clock, true)
    // Read before any timer could run (no macrotask since start-up finished): the start-up sweep did it, not the periodic one.
    const atStart = second.csms.storage.auth.reservations().find((r) => r.stationId === 'CP-EXP')
    expect(atStart?.state, 'a reservation that expired while the app was closed was still active at start-up').toBe('expired')
    expect((await second.invoke<Reservation[]>('listReservations', { stationId: 'CP-EXP' }))[0]).toMatchObject({ state: 'expired', endReason: 'expiryDate passed' })
  })

  it('an Accepted arriving after expiryDate does not make the reservation active', async () => {
    const clock = { now: T0 }
    const h = await start(clock)
    await h.invoke('upsertIdTag', { idTag: 'TAG-001', status: 'Accepted' })
    const cp = await h.booted('CP-LATE')
    const states: string[] = []
    h.csms.bus.on('reservationUpdated', (r) => void states.push(r.state))
    const incoming = cp.nextCall('ReserveNow')
    const task = await h.invoke<CallTask>('reserveNow', { stationId: 'CP-LATE', connectorId: 1, idTag: 'TAG-001', expiryDate: iso(T0 + 10_000) })
    const call = await incoming
    // The station answers late: its expiryDate has passed by then.
    clock.now = T0 + 20_000
    const finished = new Promise<void>((resolve) => {
      const off = h.csms.bus.on('taskUpdated', (t) => {
        if (t.id !== task.id || !t.finishedAt) return
        off()
        resolve()
      })
    })
    cp.answer(call, { status: 'Accepted' })
    await finished
    expect(states, 'the late Accepted made the reservation active').not.toContain('active')
    expect((await h.invoke<Reservation[]>('listReservations', { stationId: 'CP-LATE' }))[0]).toMatchObject({ state: 'expired', answer: 'Accepted' })
  })
})
