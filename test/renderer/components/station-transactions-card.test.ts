import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { setClient } from '@renderer/api'
import StationTransactionsCard from '@renderer/components/transactions/StationTransactionsCard.vue'
import { FakeClient } from '../fake-client'
import { flush, mountWithApp } from '../mount-helpers'
import { detail, stopped, tx } from '../transaction-fixtures'

let client: FakeClient
let wrapper: VueWrapper | undefined

beforeEach(() => {
  client = new FakeClient()
  setClient(client)
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

describe('Station transactions card', () => {
  it('shows the running transactions apart from the last 20 finished, for this station only', async () => {
    client.handle('listTransactions', (args) =>
      args.active ? { items: [tx(9, { registerEnergyWh: 2100, meter: { powerW: 11000 } })], total: 1 } : { items: [stopped(8, 6000), stopped(7, 3000)], total: 42 },
    )
    ;({ wrapper } = await mountWithApp(StationTransactionsCard, { stationId: 'CP1' }))
    await flush()
    expect(client.callsOf('listTransactions')).toEqual(
      expect.arrayContaining([
        { stationId: 'CP1', active: true, offset: 0, limit: 100 },
        { stationId: 'CP1', active: false, offset: 0, limit: 20 },
      ]),
    )
    const running = wrapper.find('[data-testid="station-transactions-running"]')
    expect(running.text()).toContain('2.100 kWh live')
    expect(running.text()).toContain('11.00 kW')
    const finished = wrapper.find('[data-testid="station-transactions-finished"]')
    expect(finished.find('[data-testid="transaction-row-8"]').exists()).toBe(true)
    expect(finished.find('[data-testid="transaction-row-9"]').exists()).toBe(false)
    expect(wrapper.text()).toContain('1 running · 42 finished')
  })

  it('moves a transaction from running to finished when it stops', async () => {
    client.handle('listTransactions', (args) => (args.active ? { items: [tx(9)], total: 1 } : { items: [stopped(8, 6000)], total: 1 }))
    ;({ wrapper } = await mountWithApp(StationTransactionsCard, { stationId: 'CP1' }))
    await flush()
    client.emit('transactionUpdated', stopped(9, 4000))
    await flush()
    expect(wrapper.find('[data-testid="station-transactions-running"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="station-transactions-finished"] [data-testid="transaction-row-9"]').exists()).toBe(true)
  })

  it('links to all of the station’s transactions', async () => {
    client.handle('listTransactions', () => ({ items: [], total: 0 }))
    const mounted = await mountWithApp(StationTransactionsCard, { stationId: 'CP 7' })
    wrapper = mounted.wrapper
    await flush()
    expect(wrapper.find('[data-testid="station-transactions-empty"]').text()).toContain('StartTransaction')
    await wrapper.find('[data-testid="station-transactions-all"]').trigger('click')
    await vi.waitFor(() => expect(mounted.router.currentRoute.value.name).toBe('transactions'))
    expect(mounted.router.currentRoute.value.query).toEqual({ stationId: 'CP 7' })
  })

  it('opens the transaction drawer from a row', async () => {
    client.handle('listTransactions', (args) => (args.active ? { items: [tx(9)], total: 1 } : { items: [], total: 0 }))
    client.handle('getTransaction', () => detail(tx(9)))
    ;({ wrapper } = await mountWithApp(StationTransactionsCard, { stationId: 'CP1' }))
    await flush()
    await wrapper.find('[data-testid="transaction-row-9"]').trigger('click')
    await vi.waitFor(() => expect(document.querySelector('[data-testid="transaction-drawer"]')).not.toBeNull())
    expect(client.callsOf('getTransaction')).toEqual([{ transactionId: 9 }])
  })

  it('says how many of the station’s stored transactions could not be shown (issue 18 §2)', async () => {
    client.handle('listTransactions', (args) => (args.active ? { items: [], total: 0, skipped: 1 } : { items: [stopped(8, 6000)], total: 1, skipped: 1 }))
    ;({ wrapper } = await mountWithApp(StationTransactionsCard, { stationId: 'CP1' }))
    await flush()
    const note = wrapper.find('[data-testid="skipped-records"]')
    expect(note.text()).toContain('1 stored transactions of this station could not be shown')
    expect(wrapper.find('[data-testid="transaction-row-8"]').exists()).toBe(true)
  })
})
