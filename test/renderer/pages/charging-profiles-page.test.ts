import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { CommandArgs, LibraryProfile, ProfileCheck, ProfileTemplate } from '@shared/contract'
import { ApiError, setClient } from '@renderer/api'
import ChargingProfilesPage from '@renderer/pages/ChargingProfilesPage.vue'
import { FakeClient } from '../fake-client'
import { flush, mountWithApp } from '../mount-helpers'
import { libraryProfile, previewOf, template } from '../charging-fixtures'

let client: FakeClient
let wrapper: VueWrapper | undefined
let check: (args: CommandArgs<'checkChargingProfile'>) => ProfileCheck

const DAILY = libraryProfile(
  'lib-1',
  'Daily cap',
  template({
    stackLevel: 2,
    chargingProfilePurpose: 'ChargePointMaxProfile',
    chargingProfileKind: 'Recurring',
    recurrencyKind: 'Daily',
    chargingSchedule: {
      startSchedule: '2024-05-01T00:00:00Z',
      chargingRateUnit: 'W',
      chargingSchedulePeriod: [
        { startPeriod: 0, limit: 11000 },
        { startPeriod: 3600, limit: 7400, numberPhases: 1 },
      ],
    },
  }),
  { note: 'depot evening cap' },
)
const TX = libraryProfile('lib-2', 'TC_057 tx', template({ chargingProfilePurpose: 'TxProfile', chargingProfileKind: 'Relative', chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 8 }] } }))

beforeEach(() => {
  client = new FakeClient()
  check = () => ({ violations: [], warnings: [] })
  client.handle('listChargingProfiles', () => [TX, DAILY])
  client.handle('checkChargingProfile', (args) => check(args))
  client.handle('previewChargingProfile', (args) => previewOf(args))
  client.handle('listStations', () => [])
  setClient(client)
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

const find = (testid: string) => wrapper!.find(`[data-testid="${testid}"]`)
const inputValue = (testid: string): string => (find(testid).element as HTMLInputElement).value
const saveButton = (): HTMLButtonElement => find('profile-save').element as HTMLButtonElement
const profilesIn = (command: 'checkChargingProfile' | 'previewChargingProfile' | 'saveChargingProfile'): ProfileTemplate[] =>
  client.callsOf(command).map((args) => (args as { profile: ProfileTemplate }).profile)

async function mountPage(): Promise<void> {
  ;({ wrapper } = await mountWithApp(ChargingProfilesPage))
  await flush()
  await flush()
}

async function openProfile(name: string): Promise<void> {
  await find(`profile-row-${name}`).trigger('click')
  await flush()
}

describe('Charging Profiles page', () => {
  it('lists every library profile with its purpose, kind, unit, stack level and number of periods', async () => {
    await mountPage()
    expect(find('charging-profiles-page').exists()).toBe(true)
    expect(find('profiles-count').text()).toBe('2 in the library')
    const cells = find('profile-row-Daily cap').findAll('td').map((td) => td.text())
    expect(cells.slice(1, 6)).toEqual(['ChargePointMax', 'Recurring Daily', 'W', '2', '2'])
    expect(find('profile-row-TC_057 tx').findAll('td').map((td) => td.text()).slice(1, 6)).toEqual(['Tx', 'Relative', 'A', '0', '1'])
  })

  it('opens a profile with every field filled from the library', async () => {
    await mountPage()
    await openProfile('Daily cap')
    expect(inputValue('profile-name')).toBe('Daily cap')
    expect(inputValue('profile-field-stackLevel')).toBe('2')
    expect(inputValue('profile-field-chargingProfilePurpose')).toBe('ChargePointMaxProfile')
    expect(inputValue('profile-field-recurrencyKind')).toBe('Daily')
    expect(inputValue('profile-field-startSchedule')).toBe('2024-05-01T00:00:00Z')
    expect(inputValue('profile-field-chargingRateUnit')).toBe('W')
    expect(inputValue('profile-field-chargingProfileId')).toBe('')
    expect(find('period-row-1').exists()).toBe(true)
    expect(inputValue('period-limit-1')).toBe('7400')
    expect(inputValue('period-numberPhases-1')).toBe('1')
    expect(find('profile-state').text()).toBe('Saved')
  })

  it('asks main for a preview of the edited profile as a period is typed, and draws it', async () => {
    await mountPage()
    await openProfile('Daily cap')
    await find('period-limit-0').setValue('9000')
    await vi.waitFor(() => expect(profilesIn('previewChargingProfile').at(-1)?.chargingSchedule.chargingSchedulePeriod[0]).toEqual({ startPeriod: 0, limit: 9000 }))
    expect(profilesIn('checkChargingProfile').at(-1)?.chargingSchedule.chargingSchedulePeriod[0]?.limit).toBe(9000)
    expect((client.callsOf('checkChargingProfile').at(-1) as { usage?: string }).usage).toBe('library')
    const preview = client.callsOf('previewChargingProfile').at(-1) as CommandArgs<'previewChargingProfile'>
    expect(preview.duration).toBe(86_400)
    await vi.waitFor(() => expect(find('profile-preview-chart').exists()).toBe(true))
    expect(find('profile-preview-chart').find('svg').exists()).toBe(true)
    expect(find('profile-state').text()).toBe('Unsaved changes')
  })

  it('says what the preview left out when main cut it (a 1-second period list gives more spans than are drawn)', async () => {
    const note = 'The profile changes its limit more than 10,000 times in the window: the first 10,000 spans are shown, up to 2024-05-01T14:46:40.000Z.'
    client.handle('previewChargingProfile', (args) => ({ ...previewOf(args), truncated: [note] }))
    await mountPage()
    await openProfile('Daily cap')
    await vi.waitFor(() => expect(find('preview-truncated').exists()).toBe(true))
    expect(find('preview-truncated').text()).toBe(note)
  })

  it('adds a period row that starts an hour after the last one', async () => {
    await mountPage()
    await openProfile('Daily cap')
    await find('period-add').trigger('click')
    expect(inputValue('period-startPeriod-2')).toBe('7200')
    await find('period-limit-2').setValue('3700.5')
    await vi.waitFor(() => expect(profilesIn('previewChargingProfile').at(-1)?.chargingSchedule.chargingSchedulePeriod[2]).toEqual({ startPeriod: 7200, limit: 3700.5, numberPhases: 1 }))
  })

  it('refuses a value that is not a number in the form itself, without asking main', async () => {
    await mountPage()
    await openProfile('Daily cap')
    await vi.waitFor(() => expect(client.callsOf('checkChargingProfile').length).toBeGreaterThan(0))
    await find('profile-field-stackLevel').setValue('high')
    await new Promise((r) => setTimeout(r, 400))
    expect(wrapper!.text()).toContain('“high” is not a number')
    expect(saveButton().disabled).toBe(true)
    expect(profilesIn('checkChargingProfile').some((p) => (p.stackLevel as unknown) === 'high')).toBe(false)
  })

  it('shows the warnings of the check and still lets the profile be saved', async () => {
    check = (args) => ({ violations: [], warnings: (args.profile as ProfileTemplate).stackLevel > 3 ? ['stackLevel 9 is above the usual ChargeProfileMaxStackLevel'] : [] })
    client.handle('saveChargingProfile', (args) => ({ record: libraryProfile('lib-1', args.name, args.profile as ProfileTemplate, { updatedAt: '2024-05-02T00:00:00.000Z' }), warnings: ['stackLevel 9 is above the usual ChargeProfileMaxStackLevel'] }))
    await mountPage()
    await openProfile('Daily cap')
    await find('profile-field-stackLevel').setValue('9')
    await vi.waitFor(() => expect(find('profile-warnings').exists()).toBe(true))
    expect(find('profile-warnings').text()).toContain('stackLevel 9 is above')
    expect(saveButton().disabled).toBe(false)
    await find('profile-save').trigger('click')
    await flush()
    expect(client.callsOf('saveChargingProfile')).toMatchObject([{ id: 'lib-1', name: 'Daily cap', note: 'depot evening cap', profile: { stackLevel: 9 } }])
    expect(find('profile-state').text()).toBe('Saved')
  })

  it('disables Save and Send while main reports a schema violation', async () => {
    check = (args) => {
      const limit = (args.profile as ProfileTemplate).chargingSchedule.chargingSchedulePeriod[0]?.limit ?? 0
      return Number.isInteger(limit * 10) ? { violations: [], warnings: [] } : { violations: [{ code: 'PropertyConstraintViolation', path: '/chargingSchedule/chargingSchedulePeriod/0/limit', message: 'must be multiple of 0.1' }], warnings: [] }
    }
    await mountPage()
    await openProfile('Daily cap')
    await find('period-limit-0').setValue('16.25')
    await vi.waitFor(() => expect(find('profile-violations').exists()).toBe(true))
    expect(find('profile-violations').text()).toContain('/chargingSchedule/chargingSchedulePeriod/0/limit must be multiple of 0.1')
    expect(saveButton().disabled).toBe(true)
    expect((find('profile-send').element as HTMLButtonElement).disabled).toBe(true)
    await find('period-limit-0').setValue('16.2')
    await vi.waitFor(() => expect(find('profile-violations').exists()).toBe(false))
    expect(saveButton().disabled).toBe(false)
  })

  it('keeps the edits and shows the server message when a save is refused with BadRequest', async () => {
    client.handle('saveChargingProfile', () => {
      throw new ApiError('BadRequest', 'profile: /chargingSchedule/duration must be >= 0')
    })
    await mountPage()
    await openProfile('Daily cap')
    await find('profile-field-duration').setValue('-5')
    await find('profile-name').setValue('Daily cap v2')
    await flush()
    await find('profile-save').trigger('click')
    await flush()
    expect(find('profile-save-error').text()).toContain('The CSMS refused the profile: profile: /chargingSchedule/duration must be >= 0')
    expect(find('profile-save-error').text()).toContain('Your edits are kept')
    expect(inputValue('profile-field-duration')).toBe('-5')
    expect(inputValue('profile-name')).toBe('Daily cap v2')
    expect(find('profile-state').text()).toBe('Not saved')
    expect(saveButton().disabled).toBe(false)
  })

  it('duplicates the open profile as a new library entry named “… (copy)” and opens it', async () => {
    const saved: LibraryProfile[] = []
    client.handle('saveChargingProfile', (args) => {
      const record = libraryProfile(`lib-${10 + saved.length}`, args.name, args.profile as ProfileTemplate, { note: args.note })
      saved.push(record)
      return { record, warnings: [] }
    })
    await mountPage()
    await openProfile('Daily cap')
    await find('profile-duplicate').trigger('click')
    await flush()
    expect(client.callsOf('saveChargingProfile')).toEqual([{ name: 'Daily cap (copy)', note: 'depot evening cap', profile: DAILY.profile }])
    expect(find('profile-row-Daily cap (copy)').exists()).toBe(true)
    expect(inputValue('profile-name')).toBe('Daily cap (copy)')
    expect(find('profile-state').text()).toBe('Saved')
  })

  it('starts a new profile that is created on Save', async () => {
    client.handle('saveChargingProfile', (args) => ({ record: libraryProfile('lib-9', args.name, args.profile as ProfileTemplate), warnings: [] }))
    await mountPage()
    await find('profile-new').trigger('click')
    await flush()
    expect(inputValue('profile-name')).toBe('New profile')
    expect(find('profile-state').text()).toBe('New, not saved yet')
    await find('profile-name').setValue('Bench 10 A')
    await find('period-limit-0').setValue('10')
    await find('profile-save').trigger('click')
    await flush()
    const [args] = client.callsOf('saveChargingProfile') as CommandArgs<'saveChargingProfile'>[]
    expect(args).toMatchObject({ name: 'Bench 10 A', profile: { chargingProfilePurpose: 'TxDefaultProfile', chargingSchedule: { chargingSchedulePeriod: [{ startPeriod: 0, limit: 10 }] } } })
    expect(args!.id).toBeUndefined()
    expect(find('profile-row-Bench 10 A').exists()).toBe(true)
    expect(find('profile-state').text()).toBe('Saved')
  })

  it('asks before dropping unsaved edits when another profile is opened', async () => {
    await mountPage()
    await openProfile('Daily cap')
    await find('profile-field-stackLevel').setValue('5')
    await openProfile('TC_057 tx')
    expect(find('profile-pending-switch').exists()).toBe(true)
    expect(inputValue('profile-name')).toBe('Daily cap')
    await find('profile-discard').trigger('click')
    await flush()
    expect(inputValue('profile-name')).toBe('TC_057 tx')
    expect(find('preview-transaction-note').text()).toContain('assumes the transaction starts at')
  })

  it('deletes the open profile after confirmation', async () => {
    client.handle('deleteChargingProfile', () => ({ deleted: true }))
    await mountPage()
    await openProfile('Daily cap')
    await find('profile-delete').trigger('click')
    await flush()
    expect(client.callsOf('deleteChargingProfile')).toEqual([])
    const confirm = [...document.querySelectorAll<HTMLButtonElement>('.n-popconfirm button')].find((b) => b.textContent?.trim() === 'Delete')
    confirm!.click()
    await flush()
    expect(client.callsOf('deleteChargingProfile')).toEqual([{ id: 'lib-1' }])
    expect(find('profile-row-Daily cap').exists()).toBe(false)
  })

  it('takes a profile pasted as a whole SetChargingProfile.req in the JSON view', async () => {
    await mountPage()
    await openProfile('Daily cap')
    await find('profile-mode-json').find('input').setValue(true)
    await flush()
    const pasted = { connectorId: 1, csChargingProfiles: { chargingProfileId: 100, stackLevel: 1, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Absolute', chargingSchedule: { startSchedule: '2024-05-01T12:00:00Z', chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 6 }, { startPeriod: 100, limit: 8 }] } } }
    await find('profile-json').setValue(JSON.stringify(pasted))
    await vi.waitFor(() => expect(profilesIn('checkChargingProfile').at(-1)).toEqual(pasted.csChargingProfiles))
    expect(find('profile-json-unwrapped').text()).toContain('csChargingProfiles')
    await find('profile-mode-form').find('input').setValue(true)
    await flush()
    expect(inputValue('profile-field-chargingProfileId')).toBe('100')
    expect(inputValue('period-limit-1')).toBe('8')
  })

  it('follows chargingLibraryChanged: new entries appear and the open one reloads when it has no edits', async () => {
    await mountPage()
    await openProfile('Daily cap')
    client.emit('chargingLibraryChanged', [TX, { ...DAILY, name: 'Daily cap', profile: { ...DAILY.profile, stackLevel: 4 }, updatedAt: '2024-05-03T00:00:00.000Z' }, libraryProfile('lib-3', 'Pasted TC_066')])
    await flush()
    expect(find('profile-row-Pasted TC_066').exists()).toBe(true)
    expect(inputValue('profile-field-stackLevel')).toBe('4')
  })

  it('opens the send dialog with the profile being edited', async () => {
    await mountPage()
    await openProfile('Daily cap')
    await vi.waitFor(() => expect((find('profile-send').element as HTMLButtonElement).disabled).toBe(false))
    await find('profile-send').trigger('click')
    await flush()
    expect(document.querySelector('[data-testid="send-dialog"]')?.textContent).toContain('Send “Daily cap”')
  })

  it('a library profile the CSMS could not show whole is a row marked so (issue 18 §4)', async () => {
    client.handle('listChargingProfiles', () => [TX, { ...DAILY, unreadable: 'This record could not be shown: it is nested too deeply to be written as JSON.' }])
    await mountPage()
    expect(wrapper!.find('[data-testid="profile-row-Daily cap"] [data-testid="unreadable"]').exists()).toBe(true)
    expect(wrapper!.find('[data-testid="profile-row-TC_057 tx"] [data-testid="unreadable"]').exists()).toBe(false)
  })
})
