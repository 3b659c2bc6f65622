/**
 * Issue 20 §4, records that stay true: a start answered with anything but Accepted holds no tag; a
 * new start on a connector ends what the station left running there; the operator can close a
 * transaction the station will never stop; a StopTransaction that comes after all replaces the closure.
 */
import { describe, expect, it } from 'vitest'
import type { IdTagInfo } from '@shared/ocpp/payloads'
import { energy, mv, setup, startReq, stopReq } from './transaction-fixture'

describe('a start answered with anything but Accepted holds no tag', () => {
  it('a ConcurrentTx start the station never stops does not keep the tag ConcurrentTx once the first one stopped, also after a restart', async () => {
    const first = await setup()
    const running = await first.svc.start('CP1', startReq())
    const concurrent = await first.svc.start('CP2', startReq({ meterStart: 5 }))
    expect(concurrent.idTagInfo.status).toBe('ConcurrentTx')
    await first.svc.stop('CP1', stopReq(running.transactionId))
    expect((await first.svc.start('CP3', startReq({ meterStart: 7 }))).idTagInfo.status).toBe('Accepted')
    await first.close()
    const second = await setup({}, first.dir)
    expect(second.transactions.hasActiveTag('GOOD')).toBe(true) // CP3's, Accepted
    await second.svc.stop('CP3', stopReq(3))
    expect(second.transactions.hasActiveTag('GOOD')).toBe(false) // CP2's ConcurrentTx start still runs, holding nothing
    expect(second.transactions.get(concurrent.transactionId)?.stop).toBeUndefined()
  })

  it('a start answered Invalid holds nothing when the operator accepts the tag afterwards', async () => {
    const status: Record<string, IdTagInfo> = { NEW: { status: 'Invalid' } }
    const s = await setup({ authorize: (idTag) => status[idTag] ?? { status: 'Invalid' } })
    expect((await s.svc.start('CP1', startReq({ idTag: 'NEW' }))).idTagInfo.status).toBe('Invalid')
    status.NEW = { status: 'Accepted' }
    expect((await s.svc.start('CP2', startReq({ idTag: 'NEW' }))).idTagInfo.status).toBe('Accepted')
  })
})

describe('a new start on a connector ends what the station left running there', () => {
  it('the old transaction is stopped at the last register reading, reason Other, naming the new start, before the start is answered; clients are told', async () => {
    const s = await setup()
    const old = await s.svc.start('CP1', startReq({ meterStart: 1000 }))
    await s.svc.meterValues('CP1', mv({ transactionId: old.transactionId, meterValue: energy(1500) }))
    const next = await s.svc.start('CP1', startReq({ meterStart: 1600, timestamp: '2026-01-01T12:00:00Z' }))
    const ended = s.transactions.get(old.transactionId)!
    expect(ended.stop).toMatchObject({ meterStop: 1500, reason: 'Other', timestamp: '2026-01-01T12:00:00Z', closedBy: { by: 'newStart', transactionId: next.transactionId } })
    expect(s.transactions.activeOn('CP1', 1)?.transactionId).toBe(next.transactionId)
    expect(s.events.at(-1)).toMatchObject({ transactionId: old.transactionId, active: false, energyWh: 500, stop: { closedBy: { by: 'newStart', transactionId: next.transactionId } } })
    await s.close()
    const reopened = await setup({}, s.dir)
    expect(reopened.transactions.get(old.transactionId)?.stop?.closedBy).toEqual({ by: 'newStart', transactionId: next.transactionId })
    expect(reopened.transactions.active().map((t) => t.transactionId)).toEqual([next.transactionId])
  })

  it('without a reading the new start’s meterStart closes it; one below the old meterStart (a meter reset) counts as no energy', async () => {
    const s = await setup()
    const a = await s.svc.start('CP1', startReq({ meterStart: 1000 }))
    const b = await s.svc.start('CP1', startReq({ meterStart: 4000, timestamp: '2026-01-01T11:00:00Z' }))
    expect(s.transactions.get(a.transactionId)?.stop?.meterStop).toBe(4000)
    await s.svc.start('CP1', startReq({ meterStart: 10, timestamp: '2026-01-01T12:00:00Z' }))
    expect(s.transactions.get(b.transactionId)?.stop?.meterStop).toBe(4000)
  })

  it('the same tag starting again where its stop was lost is Accepted, not ConcurrentTx', async () => {
    const s = await setup()
    await s.svc.start('CP1', startReq())
    expect((await s.svc.start('CP1', startReq({ meterStart: 2000, timestamp: '2026-01-01T12:00:00Z' }))).idTagInfo.status).toBe('Accepted')
    // Elsewhere the same tag is still concurrent.
    expect((await s.svc.start('CP2', startReq({ meterStart: 3000 }))).idTagInfo.status).toBe('ConcurrentTx')
  })

  it('other connectors, other stations and a retransmitted start are left alone', async () => {
    const s = await setup()
    const mine = await s.svc.start('CP1', startReq({ idTag: 'OTHER' }))
    const otherConnector = await s.svc.start('CP1', startReq({ connectorId: 2, meterStart: 1 }))
    const otherStation = await s.svc.start('CP2', startReq({ idTag: 'BAD', meterStart: 2 }))
    const again = await s.svc.start('CP1', startReq({ idTag: 'OTHER' }))
    expect(again.transactionId).toBe(mine.transactionId)
    expect(s.transactions.active().map((t) => t.transactionId)).toEqual([mine.transactionId, otherConnector.transactionId, otherStation.transactionId])
  })

  it('a StopTransaction the station sends after all replaces the closure with its own figures; a second one is a duplicate', async () => {
    const s = await setup()
    const old = await s.svc.start('CP1', startReq())
    await s.svc.start('CP1', startReq({ meterStart: 3000, timestamp: '2026-01-01T12:00:00Z' }))
    await s.svc.stop('CP1', stopReq(old.transactionId, { meterStop: 2900, reason: 'EVDisconnected' }))
    expect(s.transactions.get(old.transactionId)?.stop).toMatchObject({ meterStop: 2900, reason: 'EVDisconnected' })
    expect(s.transactions.get(old.transactionId)?.stop?.closedBy).toBeUndefined()
    const events = s.events.length
    await s.svc.stop('CP1', stopReq(old.transactionId, { meterStop: 1 }))
    expect(s.transactions.get(old.transactionId)?.stop?.meterStop).toBe(2900)
    expect(s.events).toHaveLength(events)
    // Another station cannot replace it through an id it does not own.
    await s.svc.stop('CP9', stopReq(old.transactionId, { meterStop: 7 }))
    expect(s.transactions.get(old.transactionId)?.stop?.meterStop).toBe(2900)
  })
})

describe('the operator closes a transaction the station will never stop', () => {
  it('closed now with the note, reason Other, at the last register reading; the tag is free again; durable', async () => {
    const s = await setup()
    const tx = await s.svc.start('CP1', startReq({ meterStart: 1000 }))
    await s.svc.meterValues('CP1', mv({ transactionId: tx.transactionId, meterValue: energy(1800) }))
    const result = await s.svc.closeByOperator(tx.transactionId, { note: 'station replaced' })
    expect(result).toMatchObject({ outcome: 'closed', summary: { active: false, energyWh: 800, stop: { reason: 'Other', meterStop: 1800, closedBy: { by: 'operator', note: 'station replaced' } } } })
    expect(Date.now() - Date.parse(s.transactions.get(tx.transactionId)!.stop!.timestamp)).toBeLessThan(60_000)
    expect((await s.svc.start('CP2', startReq({ meterStart: 5 }))).idTagInfo.status).toBe('Accepted')
    await s.close()
    const reopened = await setup({}, s.dir)
    expect(reopened.transactions.get(tx.transactionId)?.stop?.closedBy).toEqual({ by: 'operator', note: 'station replaced' })
  })

  it('at the meter value given, or meterStart without a reading', async () => {
    const s = await setup()
    const a = await s.svc.start('CP1', startReq({ meterStart: 1000 }))
    const b = await s.svc.start('CP1', startReq({ connectorId: 2, idTag: 'OTHER', meterStart: 500 }))
    expect(await s.svc.closeByOperator(a.transactionId, { meterStop: 1234 })).toMatchObject({ summary: { stop: { meterStop: 1234, closedBy: { by: 'operator' } } } })
    expect(await s.svc.closeByOperator(b.transactionId)).toMatchObject({ summary: { stop: { meterStop: 500 }, energyWh: 0 } })
  })

  it('refuses an unknown id, a stopped one and a meter value below meterStart, changing nothing', async () => {
    const s = await setup()
    const tx = await s.svc.start('CP1', startReq({ meterStart: 1000 }))
    expect(await s.svc.closeByOperator(999)).toEqual({ outcome: 'unknown' })
    expect(await s.svc.closeByOperator(tx.transactionId, { meterStop: 999 })).toEqual({ outcome: 'meterBelowStart', meterStart: 1000 })
    expect(s.transactions.get(tx.transactionId)?.stop).toBeUndefined()
    await s.svc.stop('CP1', stopReq(tx.transactionId))
    const again = await s.svc.closeByOperator(tx.transactionId)
    expect(again.outcome).toBe('alreadyStopped')
    expect(s.transactions.get(tx.transactionId)?.stop?.closedBy).toBeUndefined()
  })
})
