import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { setClient } from '@renderer/api'
import IdTagsPage from '@renderer/pages/IdTagsPage.vue'
import { FakeClient } from '../fake-client'
import { flush, mountWithApp } from '../mount-helpers'
import { idTag } from '../id-tag-fixtures'

let client: FakeClient
let wrapper: VueWrapper | undefined

beforeEach(() => {
  client = new FakeClient()
  setClient(client)
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

describe('Id Tags page', () => {
  it('renders a row per idTag with its effective status, parent and note', async () => {
    client.handle('listIdTags', () => [
      idTag('GOOD', { parentIdTag: 'FLEET', note: 'van 3' }),
      idTag('LOST', { status: 'Blocked' }),
      idTag('OLD', { expiryDate: '2020-01-01T00:00:00.000Z' }),
    ])
    ;({ wrapper } = await mountWithApp(IdTagsPage))
    await flush()
    expect(wrapper.find('[data-testid="id-tags-count"]').text()).toBe('3 known')
    expect(wrapper.find('[data-testid="id-tag-row-GOOD"]').text()).toContain('FLEET')
    expect(wrapper.find('[data-testid="id-tag-row-GOOD"]').text()).toContain('van 3')
    expect(wrapper.find('[data-testid="id-tag-status-LOST"]').text()).toBe('Blocked')
    expect(wrapper.find('[data-testid="id-tag-status-OLD"]').text()).toContain('Expired')
  })

  it('says what an empty list means', async () => {
    client.handle('listIdTags', () => [])
    ;({ wrapper } = await mountWithApp(IdTagsPage))
    await flush()
    expect(wrapper.find('[data-testid="id-tags-empty"]').text()).toContain('Invalid')
  })

  it('blocks an idTag from its row and shows the change', async () => {
    client.handle('listIdTags', () => [idTag('T1')])
    client.handle('upsertIdTag', (args) => ({ record: idTag(args.idTag, { status: args.status }), created: false, warnings: [] }))
    ;({ wrapper } = await mountWithApp(IdTagsPage))
    await flush()
    await wrapper.find('[data-testid="id-tag-block-T1"]').trigger('click')
    await flush()
    expect(client.callsOf('upsertIdTag')).toMatchObject([{ idTag: 'T1', status: 'Blocked' }])
    expect(wrapper.find('[data-testid="id-tag-status-T1"]').text()).toBe('Blocked')
  })

  it('creates an idTag through the dialog', async () => {
    client.handle('listIdTags', () => [])
    client.handle('upsertIdTag', (args) => ({ record: idTag(args.idTag, { status: args.status }), created: true, warnings: [] }))
    ;({ wrapper } = await mountWithApp(IdTagsPage))
    await flush()
    await wrapper.find('[data-testid="id-tag-new"]').trigger('click')
    await flush()
    const input = document.querySelector<HTMLInputElement>('[data-testid="id-tag-input"] input')!
    input.value = 'NEW-1'
    input.dispatchEvent(new Event('input'))
    await flush()
    document.querySelector<HTMLButtonElement>('[data-testid="id-tag-save"]')!.click()
    await flush()
    expect(client.callsOf('upsertIdTag')).toEqual([{ idTag: 'NEW-1', status: 'Accepted', expiryDate: null, parentIdTag: null, note: null }])
    expect(wrapper.find('[data-testid="id-tag-row-NEW-1"]').exists()).toBe(true)
  })

  it('imports a chosen CSV file and lists the rows that were not imported', async () => {
    client.handle('listIdTags', () => [])
    client.handle('importIdTagsCsv', () => ({ imported: 1, updated: 0, errors: [{ row: 3, message: 'status must be Accepted, Blocked, Expired or Invalid, got "Nope"' }] }))
    ;({ wrapper } = await mountWithApp(IdTagsPage))
    await flush()
    const file = new File(['idTag,status\nA,Accepted\nB,Nope\n'], 'tags.csv', { type: 'text/csv' })
    const input = wrapper.find('[data-testid="id-tags-file"]')
    Object.defineProperty(input.element, 'files', { value: [file], configurable: true })
    await input.trigger('change')
    await vi.waitFor(() => expect(wrapper!.find('[data-testid="id-tag-import-result"]').exists()).toBe(true))
    expect(client.callsOf('importIdTagsCsv')).toEqual([{ csv: 'idTag,status\nA,Accepted\nB,Nope\n' }])
    expect(wrapper.find('[data-testid="id-tag-import-result"]').text()).toContain('1 new, 0 updated, 1 row not imported')
    expect(wrapper.find('[data-testid="id-tag-import-error-3"]').text()).toContain('Nope')
  })

  it('an idTag the CSMS could not show whole is a row marked so, its reason on hover (issue 18 §4)', async () => {
    client.handle('listIdTags', () => [idTag('GOOD'), { ...idTag('ODD'), unreadable: 'This record could not be shown: it is nested too deeply to be written as JSON.' }])
    ;({ wrapper } = await mountWithApp(IdTagsPage))
    await flush()
    expect(wrapper.find('[data-testid="id-tag-row-GOOD"] [data-testid="unreadable"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="id-tag-row-ODD"] [data-testid="unreadable"]').attributes('title')).toContain('nested too deeply')
  })
})
