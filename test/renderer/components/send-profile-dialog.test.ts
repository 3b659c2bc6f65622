import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { CallTask, CommandArgs, ProfileCheck } from '@shared/contract'
import { ApiError, setClient } from '@renderer/api'
import SendProfileDialog from '@renderer/components/charging/SendProfileDialog.vue'
import { FakeClient } from '../fake-client'
import { station, task } from '../fixtures'
import { flush, mountWithApp } from '../mount-helpers'
import { template } from '../charging-fixtures'
import { tx } from '../transaction-fixtures'

let client: FakeClient
let wrapper: VueWrapper | undefined
let check: (args: CommandArgs<'checkChargingProfile'>) => ProfileCheck

const connectors = (...ids: number[]) =>
  Object.fromEntries(ids.map((id) => [String(id), { connectorId: id, status: id === 1 ? 'Charging' : 'Available', errorCode: 'NoError', receivedAt: '2024-05-01T12:00:00.000Z' }]))

const TX_PROFILE = template({ chargingProfilePurpose: 'TxProfile', chargingProfileKind: 'Relative', chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 10 }] } })

function setTask(id: string, target: { stationId: string; connectorId: number }, state: CallTask['state'], extra: Partial<CallTask> = {}): CallTask {
  return task(id, state, { stationId: target.stationId, action: 'SetChargingProfile', payload: { connectorId: target.connectorId, csChargingProfiles: { chargingProfileId: 500 } }, ...extra })
}

beforeEach(() => {
  client = new FakeClient()
  check = () => ({ violations: [], warnings: [] })
  client.handle('listStations', () => [
    station('CP10', false, { connectors: connectors(0, 1) }),
    station('CP2', true, { connectors: connectors(0, 1, 2) }),
    station('CP1', true, { connectors: connectors(1) }),
  ])
  client.handle('listTransactions', () => ({ items: [tx(42, { stationId: 'CP1', connectorId: 1 })], total: 1 }))
  client.handle('checkChargingProfile', (args) => check(args))
  client.handle('sendChargingProfile', (args) => ({ tasks: args.targets.map((t, i) => setTask(`t${i + 1}`, t, 'queued')) }))
  setClient(client)
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

const q = (testid: string): HTMLElement | null => document.querySelector(`[data-testid="${testid}"]`)
const click = async (testid: string): Promise<void> => {
  const el = q(testid)
  if (!el) throw new Error(`no element ${testid}`)
  el.click()
  await flush()
}
const submit = (): HTMLButtonElement => q('send-submit') as HTMLButtonElement

async function mountDialog(profile: unknown = TX_PROFILE): Promise<void> {
  ;({ wrapper } = await mountWithApp(SendProfileDialog, { show: true, profile, name: 'TC_057 tx', libraryId: 'lib-2' }))
  await flush()
  await flush()
}

describe('Send profile dialog', () => {
  it('lists online stations first, offline ones with a warning, with connector 0 and every reported connector', async () => {
    await mountDialog()
    const order = [...document.querySelectorAll('[data-testid^="send-station-"]')].map((el) => el.getAttribute('data-testid'))
    expect(order).toEqual(['send-station-CP1', 'send-station-CP2', 'send-station-CP10'])
    expect(q('send-station-CP10')!.textContent).toContain('offline')
    expect(q('send-station-CP1')!.textContent).not.toContain('offline')
    expect(q('send-target-CP1-0')).not.toBeNull()
    expect(q('send-target-CP1-1')!.textContent).toContain('tx 42')
    expect(q('send-target-CP2-2')).not.toBeNull()
    expect(q('send-target-CP2-3')).toBeNull()
    expect(submit().disabled).toBe(true)
  })

  it('sends to two targets with the chosen options and follows each task to its answer or CALLERROR', async () => {
    await mountDialog()
    await click('send-target-CP2-0')
    await click('send-target-CP1-1')
    ;(q('send-id-typed')!.querySelector('input') as HTMLInputElement).click()
    await flush()
    const idInput = q('send-id-value') as HTMLInputElement
    idInput.value = '77'
    idInput.dispatchEvent(new Event('input'))
    await click('send-anchor-now')
    expect(submit().textContent).toContain('Send to 2 targets')
    submit().click()
    await flush()
    expect(client.callsOf('sendChargingProfile')).toEqual([
      {
        targets: [
          { stationId: 'CP1', connectorId: 1 },
          { stationId: 'CP2', connectorId: 0 },
        ],
        profile: TX_PROFILE,
        libraryId: 'lib-2',
        chargingProfileId: 77,
        transactionId: 'running',
        anchorNow: true,
      },
    ])
    expect(q('send-progress')).not.toBeNull()
    expect(q('send-counts')!.textContent).toBe('0 accepted, 2 pending')
    expect(q('send-row-CP1-1')!.textContent).toContain('queued')

    client.emit('taskUpdated', setTask('t1', { stationId: 'CP1', connectorId: 1 }, 'sent'))
    await flush()
    expect(q('send-row-CP1-1')!.textContent).toContain('sent')
    client.emit('taskUpdated', setTask('t1', { stationId: 'CP1', connectorId: 1 }, 'answered', { response: { status: 'Accepted' } }))
    client.emit('taskUpdated', setTask('t2', { stationId: 'CP2', connectorId: 0 }, 'callerror', { error: { code: 'PropertyConstraintViolation', description: 'TxProfile on connector 0', details: {} } }))
    await flush()
    const row1 = q('send-row-CP1-1')!.textContent
    expect(row1).toContain('answered')
    expect(row1).toContain('Accepted')
    const row2 = q('send-row-CP2-0')!.textContent
    expect(row2).toContain('callerror')
    expect(row2).toContain('PropertyConstraintViolation')
    expect(row2).toContain('TxProfile on connector 0')
    expect(q('send-counts')!.textContent).toBe('1 accepted, 1 failed')
  })

  it('shows the warnings of the check for the first target and does not block sending on them', async () => {
    check = (args) => ({ violations: [], warnings: args.stationId === 'CP1' ? ['CP1 reports ChargeProfileMaxStackLevel 0: stackLevel 0 only'] : [] })
    await mountDialog()
    await click('send-target-CP1-1')
    await vi.waitFor(() => expect(q('send-warnings')).not.toBeNull())
    expect(q('send-warnings')!.textContent).toContain('ChargeProfileMaxStackLevel 0')
    expect(client.callsOf('checkChargingProfile').at(-1)).toEqual({ profile: { ...TX_PROFILE, transactionId: 42 }, stationId: 'CP1', connectorId: 1, usage: 'SetChargingProfile' })
    expect(submit().disabled).toBe(false)
    submit().click()
    await flush()
    expect(client.callsOf('sendChargingProfile')).toHaveLength(1)
  })

  it('sends to a connector typed by hand, with a new id per target and no transaction', async () => {
    await mountDialog()
    const extra = q('send-extra-CP2') as HTMLInputElement
    extra.value = '7'
    extra.dispatchEvent(new Event('input'))
    await flush()
    await click('send-extra-add-CP2')
    expect(q('send-target-CP2-7')).not.toBeNull()
    ;(q('send-tx-none')!.querySelector('input') as HTMLInputElement).click()
    await flush()
    submit().click()
    await flush()
    expect(client.callsOf('sendChargingProfile')).toEqual([{ targets: [{ stationId: 'CP2', connectorId: 7 }], profile: TX_PROFILE, libraryId: 'lib-2', transactionId: null }])
  })

  it('warns that targets on offline stations end as offline, and sends to them anyway', async () => {
    await mountDialog(template())
    await click('send-target-CP10-0')
    expect(q('send-offline-warning')!.textContent).toContain('1 target is on offline stations')
    submit().click()
    await flush()
    client.emit('taskUpdated', setTask('t1', { stationId: 'CP10', connectorId: 0 }, 'offline', { reason: 'CP10 is not connected' }))
    await flush()
    expect(q('send-row-CP10-0')!.textContent).toContain('CP10 is not connected')
    expect(q('send-counts')!.textContent).toBe('0 accepted, 1 failed')
  })

  it('counts a Rejected answer as rejected and sends again only to the targets that did not accept', async () => {
    await mountDialog(template())
    await click('send-target-CP1-0')
    await click('send-target-CP2-0')
    submit().click()
    await flush()
    client.emit('taskUpdated', setTask('t1', { stationId: 'CP1', connectorId: 0 }, 'answered', { response: { status: 'Accepted' } }))
    client.emit('taskUpdated', setTask('t2', { stationId: 'CP2', connectorId: 0 }, 'answered', { response: { status: 'Rejected' } }))
    await flush()
    expect(q('send-counts')!.textContent).toBe('1 accepted, 1 rejected')
    expect(q('send-row-CP2-0')!.textContent).toContain('Rejected')
    await click('send-retry')
    expect((client.callsOf('sendChargingProfile')[1] as CommandArgs<'sendChargingProfile'>).targets).toEqual([{ stationId: 'CP2', connectorId: 0 }])
  })

  it('keeps the chargingProfileId the profile carries, unless “new per target” is chosen', async () => {
    const withId = template({ chargingProfileId: 12 })
    await mountDialog(withId)
    expect((q('send-id-value') as HTMLInputElement).value).toBe('12')
    await click('send-target-CP1-0')
    submit().click()
    await flush()
    expect(client.callsOf('sendChargingProfile')[0]).toMatchObject({ chargingProfileId: 12, profile: withId })
    await click('send-back')
    ;(q('send-id-auto')!.querySelector('input') as HTMLInputElement).click()
    await flush()
    submit().click()
    await flush()
    const second = client.callsOf('sendChargingProfile')[1] as CommandArgs<'sendChargingProfile'>
    expect(second.chargingProfileId).toBeUndefined()
    expect(second.profile).toEqual(template())
  })

  it('says why nothing was sent when the CSMS refuses the request, and keeps the choices', async () => {
    client.handle('sendChargingProfile', () => {
      throw new ApiError('BadRequest', 'chargingProfileId must be integer')
    })
    await mountDialog(template())
    await click('send-target-CP1-0')
    submit().click()
    await flush()
    expect(q('send-error')!.textContent).toContain('Nothing was sent: chargingProfileId must be integer')
    expect(q('send-progress')).toBeNull()
    expect(q('send-selected-count')!.textContent).toContain('1 target chosen')
  })
})
