import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { AuthList, CommandArgs } from '@shared/contract'
import { ApiError, setClient } from '@renderer/api'
import LocalListsPage from '@renderer/pages/LocalListsPage.vue'
import { downloadText } from '@renderer/utils/download'
import { FakeClient } from '../fake-client'
import { flush, mountWithApp } from '../mount-helpers'
import { idTag } from '../id-tag-fixtures'
import { authEntry, authList, removal } from '../local-list-fixtures'

vi.mock('@renderer/utils/download', () => ({ downloadText: vi.fn() }))

let client: FakeClient
let wrapper: VueWrapper | undefined

const DEPOT = authList('list-1', 'Depot', [authEntry('TAG-1'), authEntry('TAG-2', 'Blocked', { expiryDate: '2030-01-01T00:00:00Z', parentIdTag: 'FLEET' }), removal('OLD-9')], { note: 'bench' })
const EMPTY = authList('list-2', 'Bench empty', [])

beforeEach(() => {
  vi.mocked(downloadText).mockReset()
  client = new FakeClient()
  client.handle('listAuthLists', () => [EMPTY, DEPOT])
  client.handle('listIdTags', () => [idTag('A-1'), idTag('B-2', { status: 'Blocked' }), idTag('C-3')])
  client.handle('listStations', () => [])
  setClient(client)
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

const find = (testid: string) => wrapper!.find(`[data-testid="${testid}"]`)
const row = (idTag: string) => find(`auth-entry-row-${idTag}`)
const q = (testid: string): HTMLElement | null => document.querySelector(`[data-testid="${testid}"]`)
const entryRows = (): string[] => wrapper!.findAll('tr.entry-row').map((r) => r.attributes('data-testid') ?? '')
const saveButton = (): HTMLButtonElement => find('auth-list-save').element as HTMLButtonElement

async function mountPage(): Promise<void> {
  ;({ wrapper } = await mountWithApp(LocalListsPage))
  await flush()
  await flush()
}

async function openList(name: string): Promise<void> {
  await find(`auth-list-row-${name}`).trigger('click')
  await flush()
}

async function importCsv(text: string, name = 'list.csv'): Promise<void> {
  const input = find('auth-list-file')
  Object.defineProperty(input.element, 'files', { value: [new File([text], name, { type: 'text/csv' })], configurable: true })
  await input.trigger('change')
  await vi.waitFor(() => expect(find('auth-list-import-result').exists()).toBe(true))
}

describe('Local Lists page', () => {
  it('lists the library with entry counts and opens the first list with each entry, removals shown as “remove”', async () => {
    await mountPage()
    expect(find('local-lists-page').exists()).toBe(true)
    expect(find('auth-lists-count').text()).toBe('2 in the library')
    expect(find('auth-list-row-Depot').findAll('td').map((td) => td.text()).slice(0, 2)).toEqual(['Depot', '3'])
    expect(find('auth-list-row-Bench empty').findAll('td')[1]?.text()).toBe('0')
    // Natural order by name: “Bench empty” first, and it opens by itself.
    expect((find('auth-list-name').element as HTMLInputElement).value).toBe('Bench empty')
    expect(find('auth-list-empty').exists()).toBe(true)

    await openList('Depot')
    expect(entryRows()).toEqual(['auth-entry-row-TAG-1', 'auth-entry-row-TAG-2', 'auth-entry-row-OLD-9'])
    const blocked = row('TAG-2')
    expect((blocked.find('[data-testid="entry-status"]').element as HTMLSelectElement).value).toBe('Blocked')
    expect((blocked.find('[data-testid="entry-expiryDate"]').element as HTMLInputElement).value).toBe('2030-01-01T00:00:00Z')
    expect((blocked.find('[data-testid="entry-parentIdTag"]').element as HTMLInputElement).value).toBe('FLEET')
    expect((row('OLD-9').find('[data-testid="entry-status"]').element as HTMLSelectElement).value).toBe('remove')
    expect((row('OLD-9').find('[data-testid="entry-expiryDate"]').element as HTMLInputElement).disabled).toBe(true)
    expect(find('auth-list-count').text()).toContain('3 entries · 1 without idTagInfo')
    expect(find('auth-list-state').text()).toBe('Saved')

    await find('auth-list-search').setValue('fleet')
    await flush()
    expect(entryRows()).toEqual(['auth-entry-row-TAG-2'])
    expect(find('auth-list-count').text()).toContain('1 shown')
  })

  it('edits an entry in place, adds and deletes lines, and saves exactly the entries shown', async () => {
    client.handle('saveAuthList', (args) => ({ record: authList('list-1', args.name, args.entries as AuthList['entries'], { note: args.note, updatedAt: '2024-05-02T00:00:00.000Z' }), warnings: [] }))
    await mountPage()
    await openList('Depot')
    expect(saveButton().disabled).toBe(true)

    await row('TAG-1').find('[data-testid="entry-status"]').setValue('Expired')
    await row('TAG-1').find('[data-testid="entry-parentIdTag"]').setValue('FLEET')
    await row('OLD-9').find('[data-testid="entry-delete"]').trigger('click')
    await find('auth-entry-add').trigger('click')
    await flush()
    await row('').find('[data-testid="entry-idTag"]').setValue('NEW-1')
    await flush()
    expect(find('auth-list-state').text()).toBe('Unsaved changes')
    expect(saveButton().disabled).toBe(false)

    await find('auth-list-save').trigger('click')
    await flush()
    expect(client.callsOf('saveAuthList')).toEqual([
      {
        id: 'list-1',
        name: 'Depot',
        note: 'bench',
        entries: [
          { idTag: 'NEW-1', idTagInfo: { status: 'Accepted' } },
          { idTag: 'TAG-1', idTagInfo: { status: 'Expired', parentIdTag: 'FLEET' } },
          { idTag: 'TAG-2', idTagInfo: { status: 'Blocked', expiryDate: '2030-01-01T00:00:00Z', parentIdTag: 'FLEET' } },
        ],
      },
    ])
    expect(find('auth-list-state').text()).toBe('Saved')
    expect(find('auth-list-row-Depot').findAll('td')[1]?.text()).toBe('3')
  })

  it('keeps the edits and shows the server message when a save is refused with BadRequest', async () => {
    client.handle('saveAuthList', () => {
      throw new ApiError('BadRequest', 'entries/0/idTag must NOT have more than 20 characters')
    })
    await mountPage()
    await openList('Depot')
    await row('TAG-1').find('[data-testid="entry-idTag"]').setValue('THIS-IDTAG-IS-WAY-TOO-LONG')
    await find('auth-list-name').setValue('Depot v2')
    await flush()
    // The form marks the line, but main decides: Save stays possible.
    expect(find('auth-list-problems').text()).toContain('1 line to look at')
    await find('auth-list-save').trigger('click')
    await flush()
    expect(find('auth-list-save-error').text()).toContain('The CSMS refused the list: entries/0/idTag must NOT have more than 20 characters')
    expect(find('auth-list-save-error').text()).toContain('Your edits are kept')
    expect((row('THIS-IDTAG-IS-WAY-TOO-LONG').find('[data-testid="entry-idTag"]').element as HTMLInputElement).value).toBe('THIS-IDTAG-IS-WAY-TOO-LONG')
    expect((find('auth-list-name').element as HTMLInputElement).value).toBe('Depot v2')
    expect(find('auth-list-state').text()).toBe('Not saved')
    expect(saveButton().disabled).toBe(false)
  })

  it('builds the entries from every idTag, or from the ones chosen, through main', async () => {
    client.handle('authListFromIdTags', (args) => ({
      entries: (args.idTags ?? ['A-1', 'B-2', 'C-3']).map((t) => authEntry(t, t === 'B-2' ? 'Blocked' : 'Accepted')),
      warnings: args.idTags ? [] : ['C-3 expired yesterday: its entry says Accepted with a past expiryDate'],
    }))
    await mountPage()
    await find('auth-list-from-id-tags').trigger('click')
    await flush()
    q('id-tag-pick-build')!.click()
    await flush()
    expect(client.callsOf('authListFromIdTags')).toEqual([{}])
    expect(entryRows()).toEqual(['auth-entry-row-A-1', 'auth-entry-row-B-2', 'auth-entry-row-C-3'])
    expect(find('auth-list-build-warnings').text()).toContain('C-3 expired yesterday')
    expect(find('auth-list-state').text()).toBe('Unsaved changes')

    await find('auth-list-from-id-tags').trigger('click')
    await flush()
    q('id-tag-pick-chosen')!.querySelector('input')!.click()
    await flush()
    q('id-tag-pick-A-1')!.click()
    q('id-tag-pick-C-3')!.click()
    await flush()
    expect(q('id-tag-pick-count')!.textContent).toBe('2 chosen')
    q('id-tag-pick-build')!.click()
    await flush()
    expect(client.callsOf('authListFromIdTags')[1]).toEqual({ idTags: ['A-1', 'C-3'] })
    expect(entryRows()).toEqual(['auth-entry-row-A-1', 'auth-entry-row-C-3'])
  })

  it('imports a CSV into the open list and lists every row main could not read', async () => {
    client.handle('importAuthListCsv', () => ({ entries: [authEntry('CSV-1'), removal('CSV-2')], errors: [{ row: 4, message: 'status must be Accepted, Blocked, Expired, Invalid or ConcurrentTx, got "Nope"' }] }))
    await mountPage()
    await openList('Depot')
    await importCsv('idTag,status\nCSV-1,Accepted\nCSV-2,\nCSV-3,Nope\n', 'depot.csv')
    expect(client.callsOf('importAuthListCsv')).toEqual([{ csv: 'idTag,status\nCSV-1,Accepted\nCSV-2,\nCSV-3,Nope\n' }])
    expect(find('auth-list-import-result').text()).toContain('depot.csv: 2 entries read, 1 row not imported')
    expect(find('auth-list-import-error-4').text()).toContain('got "Nope"')
    expect(entryRows()).toEqual(['auth-entry-row-CSV-1', 'auth-entry-row-CSV-2'])
    expect(find('auth-list-state').text()).toBe('Unsaved changes')
  })

  it('exports the entries shown (with the edits) as a CSV download', async () => {
    client.handle('exportAuthListCsv', (args) => ({ fileName: 'depot.csv', content: 'idTag,status\n', count: args.entries.length }))
    await mountPage()
    await openList('Depot')
    await row('OLD-9').find('[data-testid="entry-delete"]').trigger('click')
    await find('auth-list-export').trigger('click')
    await flush()
    expect(client.callsOf('exportAuthListCsv')).toEqual([{ entries: [DEPOT.entries[0], DEPOT.entries[1]], name: 'Depot' }])
    expect(downloadText).toHaveBeenCalledWith('depot.csv', 'idTag,status\n', 'text/csv')
  })

  it('creates a new list on Save, without an id', async () => {
    client.handle('saveAuthList', (args) => ({ record: authList('list-9', args.name, args.entries as AuthList['entries']), warnings: ['OCTT TC_043_4 needs at least one entry'] }))
    await mountPage()
    await find('auth-list-new').trigger('click')
    await flush()
    expect((find('auth-list-name').element as HTMLInputElement).value).toBe('New list')
    expect(find('auth-list-state').text()).toBe('New, not saved yet')
    await find('auth-list-name').setValue('Fleet')
    await find('auth-list-save').trigger('click')
    await flush()
    const [args] = client.callsOf('saveAuthList') as CommandArgs<'saveAuthList'>[]
    expect(args).toEqual({ name: 'Fleet', entries: [] })
    expect(find('auth-list-row-Fleet').exists()).toBe(true)
    expect(find('auth-list-state').text()).toBe('Saved')
    expect(find('auth-list-save-warnings').text()).toContain('OCTT TC_043_4 needs at least one entry')
  })

  it('asks before dropping unsaved edits when another list is opened', async () => {
    await mountPage()
    await openList('Depot')
    await row('TAG-1').find('[data-testid="entry-status"]').setValue('Invalid')
    await openList('Bench empty')
    expect(find('auth-list-pending-switch').exists()).toBe(true)
    expect((find('auth-list-name').element as HTMLInputElement).value).toBe('Depot')
    await find('auth-list-discard').trigger('click')
    await flush()
    expect((find('auth-list-name').element as HTMLInputElement).value).toBe('Bench empty')
  })

  it('follows authListsChanged: new lists appear and the open one reloads when it has no edits', async () => {
    await mountPage()
    await openList('Depot')
    client.emit('authListsChanged', [EMPTY, { ...DEPOT, entries: [authEntry('TAG-1')], updatedAt: '2024-05-03T00:00:00.000Z' }, authList('list-3', 'Night shift', [])])
    await flush()
    expect(find('auth-list-row-Night shift').exists()).toBe(true)
    expect(entryRows()).toEqual(['auth-entry-row-TAG-1'])
    expect(find('auth-list-state').text()).toBe('Saved')
  })

  it('opens the send dialog with the library list when it is saved, with the edited entries when it is not', async () => {
    client.handle('listStations', () => [])
    client.handle('sendLocalList', () => ({ sends: [] }))
    await mountPage()
    await openList('Depot')
    await find('auth-list-send').trigger('click')
    await flush()
    expect(q('send-list-dialog')?.textContent).toContain('Send “Depot”')
    expect(q('send-list-source')?.textContent).toContain('Depot: 3 entries')
    ;[...document.querySelectorAll<HTMLButtonElement>('[data-testid="send-list-dialog"] button')].find((b) => b.textContent?.trim() === 'Cancel')!.click()
    await flush()

    await row('OLD-9').find('[data-testid="entry-delete"]').trigger('click')
    await find('auth-list-send').trigger('click')
    await flush()
    expect(q('send-list-dialog')?.textContent).toContain('Send “Depot (unsaved edits)”')
    expect(q('send-list-source')?.textContent).toContain('2 entries')
  })

  it('a library list the CSMS could not show whole is a row marked so (issue 18 §4)', async () => {
    client.handle('listAuthLists', () => [{ ...DEPOT, unreadable: 'This record could not be shown: it is nested too deeply to be written as JSON.' }, EMPTY])
    await mountPage()
    expect(wrapper!.find('[data-testid="auth-list-row-Depot"] [data-testid="unreadable"]').exists()).toBe(true)
    expect(wrapper!.find('[data-testid="auth-list-row-Bench empty"] [data-testid="unreadable"]').exists()).toBe(false)
  })
})
