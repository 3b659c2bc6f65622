/**
 * DESIGN rule 9 over a real socket: the CALLRESULT of a StartTransaction, StopTransaction or
 * MeterValues leaves only once its record is durable. The durable write of the transaction and
 * meter-value journals is held at a gate; while it is closed the station must not get the answer.
 *
 * How "nothing left" is proven without sleeping: once a write waits at the gate (the CSMS got the
 * CALL and reached its durable write), the station sends a Heartbeat and waits for its answer. An
 * answer sent before that would arrive before it (one TCP stream), so when the Heartbeat's answer is
 * in, the held CALL's answer is known not to have been sent.
 */
import { randomUUID } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startHarness, type Harness } from '../../support/csms-harness'
import { durabilityGate, type DurabilityGate } from '../../support/durability-gate'
import type { Frame, ScriptedChargePoint } from '../../support/scripted-charge-point'

const now = () => new Date().toISOString()
const sample = (wh: string) => [{ timestamp: now(), sampledValue: [{ value: wh, measurand: 'Energy.Active.Import.Register', unit: 'Wh' }] }]

describe('StartTransaction, StopTransaction and MeterValues are answered only once durable', () => {
  let h: Harness
  let gate: DurabilityGate
  let cp: ScriptedChargePoint
  beforeEach(async () => {
    gate = durabilityGate()
    h = await startHarness({ core: { recordJournals: { datasync: gate.datasync } } })
    await h.invoke('upsertIdTag', { idTag: 'TAG-1', status: 'Accepted' })
    cp = await h.booted('CP-DURABLE')
  })
  afterEach(async () => {
    gate.open()
    await h.stop()
  })

  /** Sends the CALL with the gate closed; returns its answer once the gate opens, after checking none left before. */
  async function heldCall(action: string, payload: unknown): Promise<Frame> {
    gate.close()
    const id = randomUUID()
    const answer = cp.next((frame) => frame[1] === id, 10_000)
    cp.sendRaw(JSON.stringify([2, id, action, payload]))
    await gate.whenWaiting(1)
    expect((await cp.call('Heartbeat', {}))[0]).toBe(3)
    expect(
      cp.received.filter((frame) => frame[1] === id),
      `the ${action} CALLRESULT left before its record was durable`,
    ).toEqual([])
    gate.open()
    return answer
  }

  it('StartTransaction: no CALLRESULT while the start is not durable; the transactionId afterwards', async () => {
    const answer = await heldCall('StartTransaction', { connectorId: 1, idTag: 'TAG-1', meterStart: 0, timestamp: now() })
    expect(answer).toEqual([3, answer[1], { transactionId: expect.any(Number), idTagInfo: { status: 'Accepted' } }])
  })

  it('StopTransaction: no CALLRESULT while the stop is not durable', async () => {
    const started = await cp.call('StartTransaction', { connectorId: 1, idTag: 'TAG-1', meterStart: 0, timestamp: now() })
    const { transactionId } = started[2] as { transactionId: number }
    const answer = await heldCall('StopTransaction', { transactionId, meterStop: 500, timestamp: now(), reason: 'Local' })
    expect(answer[0]).toBe(3)
    const detail = await h.invoke<{ active: boolean }>('getTransaction', { transactionId })
    expect(detail.active).toBe(false)
  })

  it('MeterValues: no CALLRESULT while the values are not durable', async () => {
    const started = await cp.call('StartTransaction', { connectorId: 1, idTag: 'TAG-1', meterStart: 0, timestamp: now() })
    const { transactionId } = started[2] as { transactionId: number }
    const answer = await heldCall('MeterValues', { connectorId: 1, transactionId, meterValue: sample('1500') })
    expect(answer).toEqual([3, answer[1], {}])
  })
})
