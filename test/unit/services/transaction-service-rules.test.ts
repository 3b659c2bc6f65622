/**
 * Transaction rules held by TransactionService beyond ids (see transaction-service.test.ts): what a
 * stop keeps, meter values linked to their transaction and turned into live readings (one coalesced
 * event per transaction), a station never touching another station's transaction through an id it
 * does not own, the list with what it leaves out counted, and the detail with its bounded meter values.
 */
import { describe, expect, it, vi } from 'vitest'
import { DETAIL_METER_BYTES, TransactionService } from '../../../src/main/services/transaction-service'
import { TransactionStore, type TransactionRecord } from '../../../src/main/storage/transaction-store'
import { energy, mv, power, setup, startReq, stopReq } from './transaction-fixture'

describe('StartTransaction', () => {
  it('an Accepted tag without another transaction stays Accepted; the reservationId is kept only when sent; clients are told', async () => {
    const s = await setup()
    const first = await s.svc.start('CP1', startReq({ reservationId: 4 }))
    expect(first.idTagInfo.status).toBe('Accepted')
    expect(s.transactions.get(first.transactionId)!.reservationId).toBe(4)
    expect(s.events.at(-1)).toMatchObject({ transactionId: first.transactionId, reservationId: 4, active: true })
    const second = await s.svc.start('CP1', startReq({ connectorId: 2, idTag: 'OTHER' }))
    expect(s.transactions.get(second.transactionId)).not.toHaveProperty('reservationId')
    expect(second.idTagInfo.status).toBe('Accepted')
  })
})

describe('StartTransaction answers', () => {
  it('a Blocked tag stays Blocked even while it has a transaction running (ConcurrentTx is for Accepted tags)', async () => {
    const s = await setup()
    await s.svc.start('CP1', startReq({ idTag: 'BAD' }))
    expect((await s.svc.start('CP1', startReq({ idTag: 'BAD', connectorId: 2 }))).idTagInfo.status).toBe('Blocked')
  })
})

describe('StopTransaction', () => {
  it('keeps the energy register of its transactionData as the stop reading, and the idTag only when sent', async () => {
    const s = await setup()
    const { transactionId } = await s.svc.start('CP1', startReq({ connectorId: 2 }))
    await s.svc.stop('CP1', stopReq(transactionId, { transactionData: energy(4800) }))
    const stop = s.transactions.get(transactionId)!.stop!
    expect(stop.registerWh).toBe(4800)
    expect(stop).not.toHaveProperty('idTag')
    expect(stop).not.toHaveProperty('idTagInfo')
    expect(s.events.at(-1)).toMatchObject({ active: false, registerEnergyWh: 3800, meter: { registerWh: 4800 } })
    const [batch] = await s.meterValues.forTransaction(transactionId)
    expect(batch).toMatchObject({ connectorId: 2, source: 'StopTransaction' })
  })

  it('keeps the idTag of the stop and what the CSMS answered for it', async () => {
    const s = await setup()
    const { transactionId } = await s.svc.start('CP1', startReq())
    await s.svc.stop('CP1', stopReq(transactionId, { idTag: 'OTHER' }))
    expect(s.transactions.get(transactionId)!.stop).toMatchObject({ idTag: 'OTHER', idTagInfo: { status: 'Accepted' } })
  })

  it('a stop without meter values keeps no register reading; empty transactionData stores no batch', async () => {
    const s = await setup()
    const { transactionId } = await s.svc.start('CP1', startReq())
    await s.svc.stop('CP1', stopReq(transactionId, { transactionData: [] }))
    expect(s.transactions.get(transactionId)!.stop).not.toHaveProperty('registerWh')
    expect(await s.meterValues.forTransaction(transactionId)).toEqual([])
  })

  it('the live reading of a running transaction is the stop reading when the stop carries none', async () => {
    const s = await setup()
    const { transactionId } = await s.svc.start('CP1', startReq())
    await s.svc.meterValues('CP1', mv({ transactionId, meterValue: energy(2500) }))
    await s.svc.stop('CP1', stopReq(transactionId))
    expect(s.transactions.get(transactionId)!.stop!.registerWh).toBe(2500)
  })

  it('a stop for an id the CSMS never gave out is stored on connector 0 and told once; a repeat of it tells nothing', async () => {
    const s = await setup()
    await s.svc.stop('CP1', stopReq(77, { transactionData: energy(10) }))
    expect((await s.meterValues.forTransaction(77))[0]).toMatchObject({ connectorId: 0 })
    expect(s.events).toHaveLength(1)
    expect(s.events[0]).toMatchObject({ transactionId: 77, orphan: true })
    await s.svc.stop('CP1', stopReq(77, { transactionData: energy(10) }))
    expect(s.events, 'a repeated stop was told again').toHaveLength(1)
  })

  it('a repeated stop tells nothing and does not bring back a live reading', async () => {
    const s = await setup()
    const { transactionId } = await s.svc.start('CP1', startReq())
    await s.svc.stop('CP1', stopReq(transactionId, { transactionData: energy(4000) }))
    const told = s.events.length
    await s.svc.stop('CP1', stopReq(transactionId, { transactionData: energy(9000, '2026-01-01T11:30:00Z') }))
    expect(s.events).toHaveLength(told)
    expect(s.svc.list().items[0]).toMatchObject({ registerEnergyWh: 3000, meter: { registerWh: 4000 } })
  })

  it('after the stop the summary shows the stop reading, not the live power of the run', async () => {
    const s = await setup()
    const { transactionId } = await s.svc.start('CP1', startReq())
    await s.svc.meterValues('CP1', mv({ transactionId, meterValue: [...energy(2000), ...power(7400)] }))
    expect(s.svc.list().items[0]!.meter).toMatchObject({ powerW: 7400 })
    await s.svc.stop('CP1', stopReq(transactionId))
    expect(s.svc.list().items[0]!.meter).toEqual({ registerWh: 2000 })
  })

  it('another station stopping the same transactionId touches neither the reading nor the pending event of the real one', async () => {
    const s = await setup()
    const { transactionId } = await s.svc.start('CP1', startReq())
    await s.svc.meterValues('CP1', mv({ transactionId, meterValue: energy(2000) }))
    await s.svc.stop('CP2', stopReq(transactionId, { transactionData: energy(99_000) }))
    const orphan = s.transactions.list().find((t) => t.stationId === 'CP2')!
    expect(orphan.orphan).toBe(true)
    expect(orphan.stop, 'the orphan took the reading of the CP1 transaction').not.toHaveProperty('registerWh')
    const real = s.svc.list({ stationId: 'CP1' }).items[0]!
    expect(real).toMatchObject({ active: true, registerEnergyWh: 1000, meter: { registerWh: 2000 } })
    const before = s.events.length
    s.svc.flushEvents()
    expect(s.events.slice(before).map((e) => [e.stationId, e.transactionId]), 'the pending meter event of CP1 was dropped').toEqual([['CP1', transactionId]])
  })
})

describe('MeterValues', () => {
  it('values without a transactionId on a connector with a running transaction are linked to it, marked as linked by connector', async () => {
    const s = await setup()
    const { transactionId } = await s.svc.start('CP1', startReq({ connectorId: 2 }))
    await s.svc.meterValues('CP1', mv({ connectorId: 2 }))
    const [batch] = await s.meterValues.forTransaction(transactionId)
    expect(batch).toMatchObject({ transactionId, linkedByConnector: true, source: 'MeterValues', connectorId: 2 })
    expect(s.svc.list().items[0]!.meter).toMatchObject({ registerWh: 1500 })
  })

  it('values on connector 0 are never linked, even to a transaction a station started on connector 0', async () => {
    const s = await setup()
    const { transactionId } = await s.svc.start('CP1', startReq({ connectorId: 0 }))
    await s.svc.meterValues('CP1', mv({ connectorId: 0 }))
    expect(await s.meterValues.forTransaction(transactionId)).toEqual([])
  })

  it('values with their transactionId are not marked as linked by connector', async () => {
    const s = await setup()
    const { transactionId } = await s.svc.start('CP1', startReq())
    await s.svc.meterValues('CP1', mv({ transactionId }))
    const [batch] = await s.meterValues.forTransaction(transactionId)
    expect(batch).not.toHaveProperty('linkedByConnector')
  })

  it('values on connector 0, or on a connector with nothing running, are kept without a transaction', async () => {
    const s = await setup()
    await s.svc.start('CP1', startReq({ connectorId: 1 }))
    const appended: unknown[] = []
    const append = s.meterValues.append.bind(s.meterValues)
    vi.spyOn(s.meterValues, 'append').mockImplementation(async (record) => {
      appended.push(record)
      return append(record)
    })
    await s.svc.meterValues('CP1', mv({ connectorId: 0 }))
    await s.svc.meterValues('CP1', mv({ connectorId: 3 }))
    expect(appended).toHaveLength(2)
    for (const record of appended) {
      expect(record).not.toHaveProperty('transactionId')
      expect(record).not.toHaveProperty('linkedByConnector')
    }
    expect(s.svc.list().items[0]).not.toHaveProperty('meter')
  })

  it('values for a transaction of another station, a stopped one or an unknown id are stored but change no reading', async () => {
    const s = await setup()
    const { transactionId } = await s.svc.start('CP1', startReq())
    const stopped = (await s.svc.start('CP1', startReq({ connectorId: 2, idTag: 'OTHER' }))).transactionId
    await s.svc.stop('CP1', stopReq(stopped))
    const told = s.events.length
    await s.svc.meterValues('CP2', mv({ transactionId }))
    await s.svc.meterValues('CP1', mv({ transactionId: stopped, connectorId: 2 }))
    await s.svc.meterValues('CP1', mv({ transactionId: 999 }))
    s.svc.flushEvents()
    expect(s.events).toHaveLength(told)
    expect(s.svc.list({ stationId: 'CP1' }).items.every((t) => t.meter === undefined)).toBe(true)
    expect(await s.meterValues.forTransaction(transactionId)).toHaveLength(1)
  })

  it('updates of one transaction are gathered into one event, sent when the delay passes', async () => {
    const s = await setup({ meterEventDelayMs: 30 })
    const { transactionId } = await s.svc.start('CP1', startReq())
    const told = s.events.length
    await s.svc.meterValues('CP1', mv({ transactionId, meterValue: energy(1200) }))
    await s.svc.meterValues('CP1', mv({ transactionId, meterValue: energy(1300, '2026-01-01T10:06:00Z') }))
    await expect.poll(() => s.events.length).toBe(told + 1)
    expect(s.events.at(-1)).toMatchObject({ transactionId, registerEnergyWh: 300 })
    await s.svc.meterValues('CP1', mv({ transactionId, meterValue: energy(1400, '2026-01-01T10:07:00Z') }))
    await expect.poll(() => s.events.length).toBe(told + 2)
  })

  it('the default delay is a second: nothing is told at once, flushEvents tells it now', async () => {
    const s = await setup({ meterEventDelayMs: undefined })
    const { transactionId } = await s.svc.start('CP1', startReq())
    const told = s.events.length
    await s.svc.meterValues('CP1', mv({ transactionId }))
    await new Promise((r) => setTimeout(r, 50))
    expect(s.events, 'the meter event came before its delay').toHaveLength(told)
    s.svc.flushEvents()
    expect(s.events).toHaveLength(told + 1)
    s.svc.flushEvents()
    expect(s.events, 'a flushed event was told twice').toHaveLength(told + 1)
  })

  it('a start or stop told since the update replaces its pending event', async () => {
    const s = await setup()
    const { transactionId } = await s.svc.start('CP1', startReq())
    await s.svc.meterValues('CP1', mv({ transactionId }))
    await s.svc.stop('CP1', stopReq(transactionId))
    const told = s.events.length
    s.svc.flushEvents()
    expect(s.events).toHaveLength(told)
  })

  it('without an onChange listener nothing breaks', async () => {
    const s = await setup({ onChange: undefined })
    const { transactionId } = await s.svc.start('CP1', startReq())
    await s.svc.meterValues('CP1', mv({ transactionId }))
    expect(() => s.svc.flushEvents()).not.toThrow()
  })
})

describe('list, all and active ids', () => {
  it('newest first; stored transactions that cannot be read or summarised are left out, counted and reported', async () => {
    const s = await setup()
    await s.svc.start('CP1', startReq())
    const log: string[] = []
    const broken = { transactionId: 42, get stationId(): string {
      throw new Error('no station')
    } } as unknown as TransactionRecord
    const good = s.transactions.list()
    const transactions = { page: () => ({ items: [broken, ...good], total: 2 }), list: () => [broken, ...good], unreadable: (stationId?: string) => (stationId === 'CP1' ? 2 : 5) }
    const svc = new TransactionService({ ...(await setup()).svc['deps'], transactions: transactions as unknown as TransactionStore, log: (line) => void log.push(line) })
    expect(svc.list({ stationId: 'CP1' })).toEqual({ items: [expect.objectContaining({ transactionId: good[0]!.transactionId })], total: 2, skipped: 3 })
    expect(svc.list().skipped).toBe(6)
    expect(log[0]).toContain('transaction 42 could not be summarised')
    expect(log[0]).toContain('no station')
    expect(svc.all()).toHaveLength(1)
  })

  it('no skipped count when nothing was left out', async () => {
    const s = await setup()
    await s.svc.start('CP1', startReq())
    expect(s.svc.list()).not.toHaveProperty('skipped')
    expect(s.svc.list().items).toHaveLength(1)
  })

  it('without a log, a transaction that cannot be summarised is reported with console.warn', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const broken = { transactionId: 43, get stationId(): string {
      throw new Error('bad record')
    } } as unknown as TransactionRecord
    const s = await setup()
    const svc = new TransactionService({ ...s.svc['deps'], log: undefined, transactions: { list: () => [broken] } as unknown as TransactionStore })
    expect(svc.all()).toEqual([])
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('transaction 43'))
  })

  it('all() filters like the list; activeIds are the running ones of that station', async () => {
    const s = await setup()
    const a = (await s.svc.start('CP1', startReq())).transactionId
    const b = (await s.svc.start('CP2', startReq({ idTag: 'OTHER' }))).transactionId
    const c = (await s.svc.start('CP1', startReq({ connectorId: 2, idTag: 'BAD' }))).transactionId
    await s.svc.stop('CP1', stopReq(c))
    expect(s.svc.all({ stationId: 'CP1' }).map((t) => t.transactionId)).toEqual([c, a])
    expect(s.svc.activeIds('CP1')).toEqual([a])
    expect(s.svc.activeIds('CP2')).toEqual([b])
  })
})

describe('detail', () => {
  it('an unknown transaction has none', async () => {
    const s = await setup()
    expect(await s.svc.detail(5)).toBeUndefined()
  })

  it('carries its meter values (all of a small transaction by default), with no omitted or skipped counts', async () => {
    const s = await setup()
    const { transactionId } = await s.svc.start('CP1', startReq())
    await s.svc.meterValues('CP1', mv({ transactionId, meterValue: energy(1100) }))
    await s.svc.meterValues('CP1', mv({ transactionId, meterValue: energy(1200, '2026-01-01T10:06:00Z') }))
    const detail = (await s.svc.detail(transactionId))!
    expect(detail.meterValues).toHaveLength(2)
    expect(detail).not.toHaveProperty('meterValuesOmitted')
    expect(detail).not.toHaveProperty('meterValuesSkipped')
    expect(detail.registerEnergyWh).toBe(200)
    expect(DETAIL_METER_BYTES).toBe(4 * 1024 * 1024)
  })

  it('the live reading of this run is shown even when older values with the power are beyond the byte budget', async () => {
    const s = await setup()
    const { transactionId } = await s.svc.start('CP1', startReq())
    await s.svc.meterValues('CP1', mv({ transactionId, meterValue: [...energy(1100), ...power(3000)] }))
    await s.svc.meterValues('CP1', mv({ transactionId, meterValue: energy(1200, '2026-01-01T10:06:00Z') }))
    expect((await s.svc.detail(transactionId, 1))!.meter).toMatchObject({ registerWh: 1200, powerW: 3000 })
  })

  it('keeps the newest meter values within its byte budget and says how many older ones were left out', async () => {
    const s = await setup()
    const { transactionId } = await s.svc.start('CP1', startReq())
    for (let i = 0; i < 3; i++) await s.svc.meterValues('CP1', mv({ transactionId, meterValue: energy(1100 + i) }))
    const detail = (await s.svc.detail(transactionId, 1))!
    expect(detail.meterValues).toHaveLength(1)
    expect(detail.meterValuesOmitted).toBe(2)
  })

  it('after a restart the reading is rebuilt from the stored values of its own station, and kept while it runs', async () => {
    const first = await setup()
    const { transactionId } = await first.svc.start('CP1', startReq())
    const stopped = (await first.svc.start('CP1', startReq({ connectorId: 2, idTag: 'OTHER' }))).transactionId
    await first.svc.meterValues('CP1', mv({ transactionId, meterValue: [...energy(1700), ...power(3000)] }))
    await first.svc.meterValues('CP1', mv({ transactionId: stopped, connectorId: 2, meterValue: energy(1900) }))
    await first.svc.stop('CP1', stopReq(stopped))
    // Values another station sent under the same id (stored, never its reading).
    await first.meterValues.append({ stationId: 'CP9', connectorId: 1, transactionId, meterValue: energy(50_000, '2026-01-01T10:09:00Z'), source: 'MeterValues', receivedAt: '2026-01-01T10:09:00.000Z' })
    await first.close()
    const second = await setup({}, first.dir)
    expect(second.svc.list({ stationId: 'CP1', active: true }).items[0], 'a new run has no reading yet').not.toHaveProperty('meter')
    const detail = (await second.svc.detail(transactionId))!
    expect(detail.meterValues, 'the detail left out the values another station sent under the id').toHaveLength(2)
    expect(detail.meter).toMatchObject({ registerWh: 1700, powerW: 3000 })
    expect(second.svc.list({ stationId: 'CP1', active: true }).items[0]!.meter, 'the rebuilt reading of a running transaction was not kept').toMatchObject({ registerWh: 1700, powerW: 3000 })
    expect((await second.svc.detail(stopped))!.meter).toMatchObject({ registerWh: 1900 })
  })

  it('a stopped transaction’s rebuilt reading is not kept as a live one', async () => {
    const first = await setup()
    const { transactionId } = await first.svc.start('CP1', startReq())
    await first.svc.meterValues('CP1', mv({ transactionId, meterValue: [...energy(1700), ...power(3000)] }))
    await first.close()
    const second = await setup({}, first.dir)
    await second.svc.stop('CP1', stopReq(transactionId, { meterStop: 1800 }))
    expect((await second.svc.detail(transactionId))!.meter).toMatchObject({ powerW: 3000 })
    expect(second.svc.list().items[0]!.meter).toBeUndefined()
  })
})
