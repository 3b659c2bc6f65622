/**
 * ReservationIds are never handed out twice: an id the operator typed, equal to the one the
 * counter would hand out next, is skipped by the next allocated id (over real sockets: the ids the
 * station receives in ReserveNow).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CallTask } from '@shared/contract'
import { startHarness, type Harness } from '../../support/csms-harness'
import type { ScriptedChargePoint } from '../../support/scripted-charge-point'

const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString()

describe('reservation ids', () => {
  let h: Harness
  let cp: ScriptedChargePoint
  beforeEach(async () => {
    h = await startHarness()
    await h.invoke('upsertIdTag', { idTag: 'TAG-001', status: 'Accepted' })
    cp = await h.booted('CP-RID')
  })
  afterEach(async () => h.stop())

  /** reserveNow through the API, answered Accepted; the reservationId the station received. */
  async function reserve(args: Record<string, unknown> = {}): Promise<number> {
    const incoming = cp.nextCall('ReserveNow')
    const task = await h.invoke<CallTask>('reserveNow', { stationId: 'CP-RID', connectorId: 1, idTag: 'TAG-001', expiryDate: inMinutes(30), ...args })
    const call = await incoming
    cp.answer(call, { status: 'Accepted' })
    await expect.poll(async () => (await h.invoke<CallTask[]>('listTasks', { stationId: 'CP-RID' })).find((t) => t.id === task.id)?.finishedAt).toBeDefined()
    return (call[3] as { reservationId: number }).reservationId
  }

  it('an id the operator typed that equals the next one is not allocated again', async () => {
    const first = await reserve()
    expect(first).toBe(1)
    // The counter would hand out 2 next: the operator types it.
    expect(await reserve({ reservationId: 2, connectorId: 2 })).toBe(2)
    const allocated = await reserve({ connectorId: 0 })
    expect(allocated, 'the allocated reservationId repeats the one the operator typed').toBe(3)
  })

  it('an id typed above the counter moves every later id past it', async () => {
    await reserve({ reservationId: 50 })
    expect(await reserve({ connectorId: 2 })).toBe(51)
  })
})
