import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CallTask, Reservation } from '@shared/contract'
import { startHarness, type Harness } from '../../support/csms-harness'
import type { Frame, ScriptedChargePoint } from '../../support/scripted-charge-point'

const CONNECTOR = 1
const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString()
const status = (connectorId: number, s: string, errorCode = 'NoError') => ({ connectorId, status: s, errorCode })

describe('Reservation OCTT cases (the CSMS reserves, a scripted charge point answers)', () => {
  let h: Harness
  let cp: ScriptedChargePoint
  beforeEach(async () => {
    h = await startHarness()
    await h.invoke('upsertIdTag', { idTag: 'TAG-001', status: 'Accepted', parentIdTag: 'FLEET' })
    await h.invoke('upsertIdTag', { idTag: 'TAG-002', status: 'Accepted', parentIdTag: 'FLEET' })
    cp = await h.booted('CP-RES')
    for (const connectorId of [0, 1, 2]) await cp.call('StatusNotification', status(connectorId, 'Available'))
  })
  afterEach(async () => h.stop())

  /** reserveNow through the API; the station answers `answer`; resolves with the CALL and the finished task. */
  async function reserve(args: Record<string, unknown>, answer: string): Promise<{ call: Frame; task: CallTask }> {
    const incoming = cp.nextCall('ReserveNow')
    const task = await h.invoke<CallTask>('reserveNow', { stationId: 'CP-RES', connectorId: CONNECTOR, idTag: 'TAG-001', expiryDate: inMinutes(30), ...args })
    const call = await incoming
    cp.answer(call, { status: answer })
    await expect.poll(async () => (await h.invoke<CallTask[]>('listTasks', { stationId: 'CP-RES' })).find((t) => t.id === task.id)?.finishedAt).toBeDefined()
    return { call, task }
  }
  async function cancel(reservationId: number, answer: string): Promise<Frame> {
    const incoming = cp.nextCall('CancelReservation')
    await h.invoke('sendCall', { stationId: 'CP-RES', action: 'CancelReservation', payload: { reservationId } })
    const call = await incoming
    cp.answer(call, { status: answer })
    return call
  }
  const reservations = () => h.invoke<Reservation[]>('listReservations', { stationId: 'CP-RES' })
  const state = async (reservationId: number) => (await reservations()).find((r) => r.reservationId === reservationId)?.state

  it('TC_046_CSMS reserve a connector, the StartTransaction carries the reservationId: the reservation is used', async () => {
    const { call } = await reserve({}, 'Accepted')
    const sent = call[3] as { reservationId: number; connectorId: number; idTag: string; expiryDate: string; parentIdTag?: string }
    expect(sent).toMatchObject({ connectorId: CONNECTOR, idTag: 'TAG-001', parentIdTag: 'FLEET', reservationId: expect.any(Number) })
    expect(sent.expiryDate).toMatch(/\.\d{3}Z$/)
    expect(await state(sent.reservationId)).toBe('active')
    await cp.call('StatusNotification', status(CONNECTOR, 'Reserved'))
    await cp.call('Authorize', { idTag: 'TAG-001' })
    await cp.call('StatusNotification', status(CONNECTOR, 'Preparing'))
    const start = await cp.call('StartTransaction', { connectorId: CONNECTOR, idTag: 'TAG-001', meterStart: 0, timestamp: new Date().toISOString(), reservationId: sent.reservationId })
    expect(start[2]).toMatchObject({ idTagInfo: { status: 'Accepted' } })
    const used = (await reservations())[0]!
    expect(used).toMatchObject({ state: 'used', usedByTransactionId: (start[2] as { transactionId: number }).transactionId })
  })

  it('TC_047_CSMS a reservation whose expiryDate passes is expired; the station goes Available', async () => {
    const { call } = await reserve({ expiryDate: new Date(Date.now() + 1500).toISOString() }, 'Accepted')
    const { reservationId } = call[3] as { reservationId: number }
    await cp.call('StatusNotification', status(CONNECTOR, 'Reserved'))
    await expect.poll(() => state(reservationId), { timeout: 5000 }).toBe('expired')
    expect((await cp.call('StatusNotification', status(CONNECTOR, 'Available')))[2]).toEqual({})
  })

  it('TC_048_1/2/3/4_CSMS Faulted, Occupied, Unavailable and Rejected answers leave no active reservation and are shown', async () => {
    const faulted = await reserve({}, 'Faulted')
    await cp.call('StatusNotification', status(CONNECTOR, 'Preparing'))
    const occupied = await reserve({}, 'Occupied')
    expect(occupied.task.warnings?.join()).toMatch(/Preparing: expect Occupied/)
    const change = cp.nextCall('ChangeAvailability')
    await h.invoke('sendCall', { stationId: 'CP-RES', action: 'ChangeAvailability', payload: { connectorId: CONNECTOR, type: 'Inoperative' } })
    cp.answer(await change, { status: 'Accepted' })
    await cp.call('StatusNotification', status(CONNECTOR, 'Unavailable'))
    const unavailable = await reserve({}, 'Unavailable')
    const rejected = await reserve({ connectorId: 2 }, 'Rejected')
    const all = await reservations()
    for (const [{ call }, answer] of [[faulted, 'Faulted'], [occupied, 'Occupied'], [unavailable, 'Unavailable'], [rejected, 'Rejected']] as const) {
      const id = (call[3] as { reservationId: number }).reservationId
      expect(all.find((r) => r.reservationId === id)).toMatchObject({ state: 'rejected', answer })
    }
    expect(all.filter((r) => r.state === 'active')).toEqual([])
  })

  it('TC_049_CSMS reserve the whole charge point (connector 0), warned unless ReserveConnectorZeroSupported, then a connector shows Reserved', async () => {
    const { call, task } = await reserve({ connectorId: 0 }, 'Accepted')
    expect(call[3]).toMatchObject({ connectorId: 0 })
    expect(task.warnings?.join()).toMatch(/ReserveConnectorZeroSupported/)
    expect((await cp.call('StatusNotification', status(2, 'Reserved')))[2]).toEqual({})
    const transaction = await cp.call('StartTransaction', { connectorId: 2, idTag: 'TAG-001', meterStart: 0, timestamp: new Date().toISOString(), reservationId: (call[3] as { reservationId: number }).reservationId })
    expect(transaction[2]).toMatchObject({ idTagInfo: { status: 'Accepted' } })
    expect((await reservations())[0]).toMatchObject({ state: 'used' })
  })

  it('TC_051_CSMS cancel a reservation with its id: cancelled; TC_052_CSMS an id that does not match is sent and Rejected, nothing changes', async () => {
    const { call } = await reserve({}, 'Accepted')
    const { reservationId } = call[3] as { reservationId: number }
    await cp.call('StatusNotification', status(CONNECTOR, 'Reserved'))
    const wrong = reservationId + 1000
    const rejectedCall = await cancel(wrong, 'Rejected')
    expect(rejectedCall[3]).toEqual({ reservationId: wrong })
    const warned = (await h.invoke<CallTask[]>('listTasks', { stationId: 'CP-RES' })).find((t) => t.action === 'CancelReservation')!
    expect(warned.warnings?.join()).toMatch(/expect Rejected/)
    expect(await state(reservationId)).toBe('active')
    expect((await cancel(reservationId, 'Accepted'))[3]).toEqual({ reservationId })
    await expect.poll(() => state(reservationId)).toBe('cancelled')
    await cp.call('StatusNotification', status(CONNECTOR, 'Available'))
  })

  it('TC_053_CSMS reserve with a parentIdTag; Authorize of another tag of that group is Accepted with the parentIdTag', async () => {
    const { call } = await reserve({ parentIdTag: 'FLEET' }, 'Accepted')
    expect(call[3]).toMatchObject({ parentIdTag: 'FLEET', idTag: 'TAG-001' })
    await cp.call('StatusNotification', status(CONNECTOR, 'Reserved'))
    const authorize = await cp.call('Authorize', { idTag: 'TAG-002' })
    expect(authorize[2]).toEqual({ idTagInfo: { status: 'Accepted', parentIdTag: 'FLEET' } })
    const start = await cp.call('StartTransaction', { connectorId: CONNECTOR, idTag: 'TAG-002', meterStart: 0, timestamp: new Date().toISOString() })
    expect((await reservations())[0]).toMatchObject({ state: 'used', usedByTransactionId: (start[2] as { transactionId: number }).transactionId })
    await cp.call('StopTransaction', { transactionId: (start[2] as { transactionId: number }).transactionId, idTag: 'TAG-002', meterStop: 10, timestamp: new Date().toISOString() })
    await cp.call('StatusNotification', status(CONNECTOR, 'Finishing'))
  })

  it('a typed reservationId is sent as typed; reserving it again replaces the old one; a Faulted connector ends a reservation', async () => {
    await reserve({ reservationId: 777 }, 'Accepted')
    const again = await reserve({ reservationId: 777, connectorId: 2 }, 'Accepted')
    expect(again.task.warnings?.join()).toMatch(/station replaces it/)
    const list = await reservations()
    expect(list.map((r) => [r.reservationId, r.connectorId, r.state])).toEqual([[777, 2, 'active'], [777, 1, 'replaced']])
    await cp.call('StatusNotification', status(2, 'Faulted', 'GroundFailure'))
    expect((await reservations())[0]).toMatchObject({ state: 'ended', endReason: 'Connector 2 went Faulted' })
    // Ids the CSMS allocates afterwards stay above the typed one.
    const next = await reserve({}, 'Accepted')
    expect((next.call[3] as { reservationId: number }).reservationId).toBeGreaterThan(777)
  })
})
