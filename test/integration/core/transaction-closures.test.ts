/**
 * Issue 20 §4 over real sockets and HTTP: a station that lost a StopTransaction and starts again on
 * the same connector ends its old transaction; the operator closes one the station will never stop
 * (closeTransaction), with clear refusals; ConcurrentTx counts only what is still open.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { TransactionPage, TransactionSummary } from '@shared/contract/dto'
import { startHarness, type Harness } from '../../support/csms-harness'
import type { ScriptedChargePoint } from '../../support/scripted-charge-point'

const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 10, minutes)).toISOString()

describe('transactions the station never stopped', () => {
  let h: Harness
  let cp: ScriptedChargePoint
  beforeEach(async () => {
    h = await startHarness()
    await h.invoke('upsertIdTag', { idTag: 'TAG-001', status: 'Accepted' })
    cp = await h.booted('CP-CLOSE')
  })
  afterEach(async () => h.stop())

  async function start(station: ScriptedChargePoint, connectorId: number, meterStart: number, minutes = 0): Promise<{ transactionId: number; status: string }> {
    const answer = (await station.call('StartTransaction', { connectorId, idTag: 'TAG-001', meterStart, timestamp: at(minutes) }))[2] as { transactionId: number; idTagInfo: { status: string } }
    return { transactionId: answer.transactionId, status: answer.idTagInfo.status }
  }

  it('a second StartTransaction on a connector ends the first (its stop was lost); the same tag is Accepted there', async () => {
    const first = await start(cp, 1, 1000)
    const second = await start(cp, 1, 2500, 30)
    expect(second.status).toBe('Accepted')
    const page = await h.invoke<TransactionPage>('listTransactions', { stationId: 'CP-CLOSE' })
    expect(page.items.find((t) => t.transactionId === first.transactionId)).toMatchObject({
      active: false,
      energyWh: 1500,
      stop: { reason: 'Other', timestamp: at(30), closedBy: { by: 'newStart', transactionId: second.transactionId } },
    })
    expect((await h.invoke<TransactionPage>('listTransactions', { active: true })).items.map((t) => t.transactionId)).toEqual([second.transactionId])
  })

  it('closeTransaction closes a running one for the operator; the tag is no longer ConcurrentTx elsewhere', async () => {
    const tx = await start(cp, 1, 1000)
    const other = await h.booted('CP-OTHER')
    expect((await start(other, 1, 50)).status).toBe('ConcurrentTx')
    const closed = await h.http('closeTransaction', { transactionId: tx.transactionId, note: 'charger swapped', meterStop: 4200 })
    expect(closed.status).toBe(200)
    expect(closed.body as TransactionSummary).toMatchObject({ active: false, energyWh: 3200, stop: { reason: 'Other', meterStop: 4200, closedBy: { by: 'operator', note: 'charger swapped' } } })
    expect((await start(other, 2, 60)).status).toBe('Accepted')
  })

  it('refuses with what to do: an unknown id (404), a stopped one (409), a meter value below meterStart (400), a wrong argument (400)', async () => {
    const tx = await start(cp, 1, 1000)
    const unknown = await h.http('closeTransaction', { transactionId: 424242 })
    expect(unknown.status).toBe(404)
    expect(JSON.stringify(unknown.body)).toContain('nothing to close')
    const below = await h.http('closeTransaction', { transactionId: tx.transactionId, meterStop: 10 })
    expect(below.status).toBe(400)
    expect(JSON.stringify(below.body)).toContain('at least 1000 Wh')
    expect((await h.http('closeTransaction', { transactionId: String(tx.transactionId) })).status).toBe(400)
    await cp.call('StopTransaction', { transactionId: tx.transactionId, meterStop: 1800, timestamp: at(20) })
    const stopped = await h.http('closeTransaction', { transactionId: tx.transactionId })
    expect(stopped.status).toBe(409)
    expect(JSON.stringify(stopped.body)).toContain('already stopped')
    expect((await h.invoke<TransactionPage>('listTransactions', {})).items[0]?.stop).toMatchObject({ meterStop: 1800 })
  })
})
