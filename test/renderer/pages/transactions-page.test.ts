import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { setClient } from '@renderer/api'
import TransactionsPage from '@renderer/pages/TransactionsPage.vue'
import { FakeClient } from '../fake-client'
import { flush, mountWithApp } from '../mount-helpers'
import { batch, detail, orphan, stopped, tx } from '../transaction-fixtures'

let client: FakeClient
let wrapper: VueWrapper | undefined
const createObjectURL = vi.fn((_blob: Blob) => 'blob:fake')

beforeEach(() => {
  client = new FakeClient()
  client.handle('listStations', () => [])
  setClient(client)
  createObjectURL.mockClear()
  Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() })
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

const text = (testid: string): string => wrapper!.find(`[data-testid="${testid}"]`).text()
const inDocument = (testid: string): HTMLElement | null => document.querySelector(`[data-testid="${testid}"]`)

async function mountPage(): Promise<void> {
  ;({ wrapper } = await mountWithApp(TransactionsPage))
  await flush()
}

describe('Transactions page', () => {
  it('lists running, finished and orphan transactions with their state, start status and energy', async () => {
    client.handle('listTransactions', () => ({
      items: [
        orphan('CP2', '2024-05-02T10:00:00.000Z'),
        tx(3, { registerEnergyWh: 500, meter: { registerWh: 1500, powerW: 7400 } }),
        stopped(2, 5000, { idTagInfo: { status: 'ConcurrentTx' } }),
      ],
      total: 3,
    }))
    await mountPage()
    expect(wrapper!.find('[data-testid="transactions-table"]').exists()).toBe(true)
    expect(text('transaction-state-3')).toBe('running')
    expect(text('transaction-state-2')).toBe('finished')
    expect(text('transaction-state--1')).toBe('orphan')
    expect(text('transaction-energy-2')).toBe('4.000 kWh')
    expect(text('transaction-energy-3')).toBe('0.500 kWh live')
    const running = text('transaction-row-3')
    expect(running).toContain('7.40 kW')
    expect(running).toContain('Accepted')
    expect(running).toContain('2024-05-01 12:00:00')
    expect(text('transaction-row-2')).toContain('ConcurrentTx')
    expect(text('transaction-row-2')).toContain('Local')
    expect(wrapper!.find('[data-testid="transaction-row-3"] a').text()).toBe('CP1')
    expect(text('transactions-count')).toContain('3 in all')
  })

  it('coming back with another station after updates went by loads once, for that station', async () => {
    client.handle('listTransactions', () => ({ items: [tx(7, { registerEnergyWh: 500 })], total: 1 }))
    const { wrapper: mounted, router, shown } = await mountWithApp(TransactionsPage)
    wrapper = mounted
    await flush()
    shown.value = false // leave the page: updates go by unseen
    await flush()
    client.emit('transactionUpdated', tx(7, { registerEnergyWh: 900 }))
    await router.push({ path: '/transactions', query: { stationId: 'CP-2' } })
    const before = client.callsOf('listTransactions').length
    shown.value = true
    await flush()
    expect(client.callsOf('listTransactions').slice(before)).toEqual([expect.objectContaining({ stationId: 'CP-2' })])
  })

  it('updates the live energy of a running transaction when a transactionUpdated arrives', async () => {
    client.handle('listTransactions', () => ({ items: [tx(7, { registerEnergyWh: 500 })], total: 1 }))
    await mountPage()
    expect(text('transaction-energy-7')).toBe('0.500 kWh live')
    client.emit('transactionUpdated', tx(7, { registerEnergyWh: 2750, meter: { registerWh: 3750, powerW: 11000 } }))
    await flush()
    expect(text('transaction-energy-7')).toBe('2.750 kWh live')
    expect(text('transaction-row-7')).toContain('11.00 kW')
    client.emit('transactionUpdated', stopped(7, 4000))
    await flush()
    expect(text('transaction-energy-7')).toBe('3.000 kWh')
    expect(text('transaction-state-7')).toBe('finished')
  })

  it('says how transactions appear when there are none', async () => {
    client.handle('listTransactions', () => ({ items: [], total: 0 }))
    await mountPage()
    expect(text('transactions-empty')).toBe('No transactions yet: they appear when a charge point sends StartTransaction.')
  })

  it('tells what failed and offers to try again when the list cannot be loaded', async () => {
    let fail = true
    client.handle('listTransactions', () => {
      if (fail) throw new Error('socket hang up')
      return { items: [tx(1)], total: 1 }
    })
    await mountPage()
    expect(wrapper!.text()).toContain('Could not load the transactions: socket hang up')
    fail = false
    const retry = wrapper!.findAll('button').find((b) => b.text() === 'try again')
    await retry!.trigger('click')
    await flush()
    expect(wrapper!.find('[data-testid="transaction-row-1"]').exists()).toBe(true)
  })

  it('filters on running transactions through listTransactions', async () => {
    client.handle('listTransactions', (args) => ({ items: args.active ? [tx(2)] : [tx(2), stopped(1, 2000)], total: args.active ? 1 : 2 }))
    await mountPage()
    await wrapper!.find('[data-testid="transactions-filter-running"] input').setValue(true)
    await flush()
    expect(client.callsOf('listTransactions').at(-1)).toEqual({ active: true, offset: 0, limit: 50 })
    expect(wrapper!.find('[data-testid="transaction-row-1"]').exists()).toBe(false)
    expect(text('transactions-count')).toContain('1 match')
  })

  it('exports the current filter as CSV and downloads the file', async () => {
    client.handle('listTransactions', () => ({ items: [stopped(1, 2000)], total: 1 }))
    client.handle('exportTransactionsCsv', () => ({ fileName: 'transactions-2024.csv', content: 'transactionId,stationId\n1,CP1\n', count: 1 }))
    await mountPage()
    await wrapper!.find('[data-testid="transactions-export"]').trigger('click')
    await flush()
    expect(client.callsOf('exportTransactionsCsv')).toEqual([{}])
    expect(createObjectURL).toHaveBeenCalledOnce()
    const blob = createObjectURL.mock.calls[0]![0]
    expect(blob.type).toContain('text/csv')
    expect(await blob.text()).toBe('transactionId,stationId\n1,CP1\n')
  })

  it('opens the drawer on a row click, with the meter values chart, table and CSV export', async () => {
    const summary = tx(4, { registerEnergyWh: 1200 })
    client.handle('listTransactions', () => ({ items: [summary], total: 1 }))
    client.handle('getTransaction', () =>
      detail(summary, [
        batch('2024-05-01T12:01:00.000Z', [{ value: '1600' }, { value: '7.2', measurand: 'Power.Active.Import', unit: 'kW' }]),
        batch('2024-05-01T12:02:00.000Z', [{ value: '2200' }, { value: '7.1', measurand: 'Power.Active.Import', unit: 'kW' }]),
      ]),
    )
    client.handle('exportMeterValuesCsv', () => ({ fileName: 'meter-values-4.csv', content: 'timestamp\n', count: 4 }))
    await mountPage()
    await wrapper!.find('[data-testid="transaction-row-4"]').trigger('click')
    await vi.waitFor(() => expect(inDocument('transaction-drawer')).not.toBeNull())
    expect(client.callsOf('getTransaction')).toEqual([{ transactionId: 4 }])
    await vi.waitFor(() => expect(inDocument('meter-values-chart')?.querySelector('svg')).toBeTruthy())
    expect(inDocument('meter-values-chart')?.textContent).toContain('Power.Active.Import (kW)')
    expect(inDocument('meter-values-table')?.textContent).toContain('7.2')
    expect(inDocument('transaction-energy-register')?.textContent).toContain('1.200 kWh')

    inDocument('meter-values-export')!.click()
    await vi.waitFor(() => expect(createObjectURL).toHaveBeenCalledOnce())
    expect(client.callsOf('exportMeterValuesCsv')).toEqual([{ transactionId: 4 }])
    expect(createObjectURL.mock.calls[0]![0].type).toContain('text/csv')
  })

  it('says so in the drawer when a transaction has no numeric meter values', async () => {
    const summary = stopped(5, 3000)
    client.handle('listTransactions', () => ({ items: [summary], total: 1 }))
    client.handle('getTransaction', () => detail(summary, [batch('2024-05-01T12:01:00.000Z', [{ value: 'AAEC', format: 'SignedData' }])]))
    await mountPage()
    await wrapper!.find('[data-testid="transaction-row-5"]').trigger('click')
    await vi.waitFor(() => expect(inDocument('meter-values-chart-empty')?.textContent).toContain('only signed or non-numeric values'))
  })

  it('says when older meter values were left out of the drawer, and that the CSV export has them all', async () => {
    const summary = tx(8)
    client.handle('listTransactions', () => ({ items: [summary], total: 1 }))
    client.handle('getTransaction', () => ({ ...detail(summary, [batch('2024-05-01T12:01:00.000Z', [{ value: '1600' }])]), meterValuesOmitted: 12 }))
    await mountPage()
    await wrapper!.find('[data-testid="transaction-row-8"]').trigger('click')
    await vi.waitFor(() => expect(inDocument('meter-values-omitted')?.textContent).toContain('12 older batches'))
    expect(inDocument('meter-values-omitted')?.textContent).toContain('Export meter values CSV to get them all')
  })

  it('reloads the open transaction at most once a second while updates for it arrive', async () => {
    const summary = tx(6)
    client.handle('listTransactions', () => ({ items: [summary], total: 1 }))
    let register = 1000
    client.handle('getTransaction', () => detail(tx(6, { registerEnergyWh: register - 1000 })))
    await mountPage()
    await wrapper!.find('[data-testid="transaction-row-6"]').trigger('click')
    await vi.waitFor(() => expect(client.callsOf('getTransaction')).toHaveLength(1))
    for (const wh of [1500, 2000, 2500]) {
      register = wh
      client.emit('transactionUpdated', tx(6, { registerEnergyWh: wh - 1000 }))
    }
    await flush()
    // The figures follow the event at once; the meter values wait for the throttle.
    expect(inDocument('transaction-energy-register')?.textContent).toContain('1.500 kWh')
    expect(client.callsOf('getTransaction')).toHaveLength(1)
    await vi.waitFor(() => expect(client.callsOf('getTransaction')).toHaveLength(2), { timeout: 2000 })
    await new Promise((r) => setTimeout(r, 300))
    expect(client.callsOf('getTransaction')).toHaveLength(2)
  })

  it('shows an orphan stop without asking for a transaction the CSMS never started', async () => {
    client.handle('listTransactions', () => ({ items: [orphan('CP3', '2024-05-02T10:00:00.000Z')], total: 1 }))
    await mountPage()
    await wrapper!.find('[data-testid="transaction-row--1"]').trigger('click')
    await vi.waitFor(() => expect(inDocument('transaction-drawer')?.textContent).toContain('never handed out'))
    expect(client.callsOf('getTransaction')).toEqual([])
    expect(inDocument('meter-values-export')).toBeNull()
  })

  it('says how many stored transactions could not be shown, where they went, and lists the rest (issue 18 §2)', async () => {
    client.handle('listTransactions', () => ({ items: [stopped(2, 5000)], total: 1, skipped: 2 }))
    await mountPage()
    expect(text('skipped-records')).toContain('2 stored transactions could not be shown')
    expect(text('skipped-records')).toContain('quarantine')
    expect(wrapper!.find('[data-testid="transaction-row-2"]').exists()).toBe(true)
    client.handle('listTransactions', () => ({ items: [stopped(2, 5000)], total: 1 }))
    await wrapper!.findAll('button').find((b) => b.text() === 'Reload')!.trigger('click')
    await flush()
    expect(wrapper!.find('[data-testid="skipped-records"]').exists()).toBe(false)
  })

  it('says in the drawer how many meter value batches could not be used, beside the ones shown', async () => {
    const summary = tx(9)
    client.handle('listTransactions', () => ({ items: [summary], total: 1 }))
    client.handle('getTransaction', () => ({ ...detail(summary, [batch('2024-05-01T12:01:00.000Z', [{ value: '1600' }])]), meterValuesSkipped: 1 }))
    await mountPage()
    await wrapper!.find('[data-testid="transaction-row-9"]').trigger('click')
    await vi.waitFor(() => expect(inDocument('skipped-records')?.textContent).toContain('1 stored meter value batches of this transaction could not be shown'))
    expect(inDocument('skipped-records')?.textContent).toContain('it was moved aside')
  })
})
