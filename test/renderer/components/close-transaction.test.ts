/** Issue 20 §4: the operator closes a transaction the station will never stop, from its drawer. */
import { describe, expect, it, vi } from 'vitest'
import TransactionDetailView from '@renderer/components/transactions/TransactionDetailView.vue'
import TransactionFacts from '@renderer/components/transactions/TransactionFacts.vue'
import { flush, freshClientPerTest, mountWithApp } from '../mount-helpers'
import { detail, stopped, tx } from '../transaction-fixtures'

const each = freshClientPerTest()
const inDocument = (testid: string): HTMLElement | null => document.querySelector(`[data-testid="${testid}"]`)
const mount = async (component: typeof TransactionFacts | typeof TransactionDetailView, props: Record<string, unknown>) => each.mounted((await mountWithApp(component, props)).wrapper)

async function typeInto(testid: string, value: string): Promise<void> {
  const input = inDocument(testid)!.querySelector('input')!
  input.value = value
  input.dispatchEvent(new Event('input'))
  input.dispatchEvent(new Event('blur'))
  await flush()
}

describe('closing a transaction the station will never stop', () => {
  it('sends closeTransaction with the note and meter value typed, and says what it closed', async () => {
    const running = tx(7, { meter: { registerWh: 1800 } })
    each.client().handle('getTransaction', () => detail(running, []))
    each.client().handle('closeTransaction', (args) => stopped(7, args.meterStop ?? 1800))
    const wrapper = await mount(TransactionDetailView, { transaction: running })
    await flush()
    await wrapper.find('[data-testid="close-transaction"]').trigger('click')
    await vi.waitFor(() => expect(inDocument('close-transaction-dialog')).not.toBeNull())
    expect(inDocument('close-transaction-dialog')!.textContent).toContain('last register reading, 1,800 Wh')
    expect(inDocument('close-transaction-dialog')!.textContent).toContain('RemoteStopTransaction')
    await typeInto('close-transaction-note', 'station replaced')
    await typeInto('close-transaction-meter', '2500')
    inDocument('close-transaction-submit')!.click()
    await vi.waitFor(() => expect(each.client().callsOf('closeTransaction')).toEqual([{ transactionId: 7, note: 'station replaced', meterStop: 2500 }]))
    await vi.waitFor(() => expect(document.body.textContent).toContain('Transaction 7 closed at 2,500 Wh'))
  })

  it('a meter value below meterStart is refused before sending; a refusal of the Central System is shown', async () => {
    const running = tx(8)
    each.client().handle('getTransaction', () => detail(running, []))
    each.client().handle('closeTransaction', () => {
      throw new Error('Transaction 8 is already stopped (Local); nothing was changed')
    })
    const wrapper = await mount(TransactionDetailView, { transaction: running })
    await flush()
    await wrapper.find('[data-testid="close-transaction"]').trigger('click')
    await vi.waitFor(() => expect(inDocument('close-transaction-dialog')).not.toBeNull())
    await typeInto('close-transaction-meter', '10')
    expect(inDocument('close-transaction-dialog')!.textContent).toContain('At least meterStart, 1,000 Wh')
    expect(inDocument('close-transaction-submit')!.hasAttribute('disabled')).toBe(true)
    await typeInto('close-transaction-meter', '')
    inDocument('close-transaction-submit')!.click()
    await vi.waitFor(() => expect(inDocument('close-transaction-error')?.textContent).toContain('Not closed: Transaction 8 is already stopped'))
    expect(each.client().callsOf('closeTransaction')).toEqual([{ transactionId: 8 }])
  })

  it('offers no close for a stopped transaction, and says who ended one the station did not stop', async () => {
    const ended = stopped(9, 3000)
    ended.stop = { ...ended.stop!, reason: 'Other', closedBy: { by: 'newStart', transactionId: 10 } }
    each.client().handle('getTransaction', () => detail(ended, []))
    const wrapper = await mount(TransactionDetailView, { transaction: ended })
    await flush()
    expect(wrapper.find('[data-testid="close-transaction"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="transaction-closed-by"]').text()).toContain('ended by the start of transaction 10')
    const byOperator = stopped(11, 3000)
    byOperator.stop = { ...byOperator.stop!, closedBy: { by: 'operator', note: 'charger swapped' } }
    const facts = await mount(TransactionFacts, { transaction: byOperator })
    expect(facts.find('[data-testid="transaction-closed-by"]').text()).toBe('closed by the operator: charger swapped')
  })
})
