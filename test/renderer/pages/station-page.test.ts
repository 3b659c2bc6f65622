import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { StationDetail } from '@shared/contract'
import { setClient } from '@renderer/api'
import StationPage from '@renderer/pages/StationPage.vue'
import { FakeClient } from '../fake-client'
import { station, task } from '../fixtures'
import { chargingView } from '../charging-view-fixtures'
import { flush, mountWithApp } from '../mount-helpers'

let client: FakeClient
let wrapper: VueWrapper | undefined

function detail(): StationDetail {
  return {
    ...station('CP1', true, { registrationStatus: 'Pending', registrationPolicy: 'Pending' }),
    passwordSet: false,
    recentViolations: [],
    effective: { heartbeatIntervalSec: 300, pingIntervalSec: 60, callTimeoutSec: 30, lenient: false, nominalVoltage: 230 },
  }
}

beforeEach(() => {
  client = new FakeClient()
    .handle('getStation', () => detail())
    .handle('listTasks', () => [])
    .handle('queryLog', () => ({ entries: [] }))
    .handle('listTransactions', () => ({ items: [], total: 0 }))
    .handle('getConfigurationSnapshot', () => ({ stationId: 'CP1', keys: {}, unknownKeys: [] }))
    .handle('listIdTags', () => [])
    .handle('checkCall', () => ({ sendable: true, violations: [], warnings: [] }))
    .handle('getChargingView', () => chargingView())
  setClient(client)
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

async function clickTab(name: string): Promise<void> {
  const tab = wrapper!.findAll('.n-tabs-tab').find((w) => w.text() === name)
  if (!tab) throw new Error(`no tab ${name}`)
  await tab.trigger('click')
  await flush()
}

describe('Station page', () => {
  it('opens on Control: the operations, the command history and the station’s transactions', async () => {
    ;({ wrapper } = await mountWithApp(StationPage, { id: 'CP1' }))
    await flush()
    expect(wrapper.find('[data-testid="station-title"]').text()).toBe('CP1')
    expect(wrapper.find('[data-testid="operations-card"]').exists()).toBe(true)
    expect(wrapper.text()).toContain('Command history')
    expect(client.callsOf('listTransactions')).toContainEqual(expect.objectContaining({ stationId: 'CP1' }))
    // Other tabs are built only when first opened.
    expect(wrapper.find('[data-testid="configuration-card"]').exists()).toBe(false)
  })

  it('the Configuration tab shows the configuration the CSMS knows; the Station tab the registration and password', async () => {
    ;({ wrapper } = await mountWithApp(StationPage, { id: 'CP1' }))
    await flush()
    await clickTab('Configuration')
    expect(wrapper.find('[data-testid="configuration-card"]').exists()).toBe(true)
    expect(client.callsOf('getConfigurationSnapshot')).toEqual([{ stationId: 'CP1' }])
    await clickTab('Station')
    expect(wrapper.find('[data-testid="registration-card"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="password-state"]').text()).toMatch(/not set/i)
  })

  it('the Reservations & list tab shows what the station holds: its reservations and its local list', async () => {
    client
      .handle('listReservations', () => [])
      .handle('getStationLocalList', () => ({ stationId: 'CP1', entries: [], mismatch: false, limits: {}, history: [], reported: { listVersion: -1, at: '2024-05-01T12:00:00.000Z', taskId: 't1' } }))
    ;({ wrapper } = await mountWithApp(StationPage, { id: 'CP1' }))
    await flush()
    expect(client.callsOf('listReservations')).toEqual([])
    await clickTab('Reservations & list')
    await vi.waitFor(() => expect(wrapper!.find('[data-testid="station-local-list"]').exists()).toBe(true))
    expect(wrapper.find('[data-testid="station-reservations"]').exists()).toBe(true)
    expect(client.callsOf('getStationLocalList')).toEqual([{ stationId: 'CP1' }])
    expect(wrapper.find('[data-testid="local-list-reported"]').text()).toMatch(/not supported|-1/i)
  })

  it('the Smart charging tab, between Configuration and Station, shows the station’s charging view', async () => {
    ;({ wrapper } = await mountWithApp(StationPage, { id: 'CP1' }))
    await flush()
    expect(wrapper.findAll('.n-tabs-tab').map((t) => t.text())).toEqual(['Control', 'Configuration', 'Smart charging', 'Reservations & list', 'Firmware & diagnostics', 'Station', 'Messages'])
    expect(client.callsOf('getChargingView')).toEqual([])
    await clickTab('Smart charging')
    await vi.waitFor(() => expect(wrapper!.find('[data-testid="connector-verdict-1"]').exists()).toBe(true))
    expect(wrapper.find('[data-testid="station-charging"]').exists()).toBe(true)
    expect(client.callsOf('getChargingView')).toEqual([{ stationId: 'CP1', duration: 3600 }])
    expect(wrapper.find('[data-testid="connector-verdict-1"]').text()).toContain('no report yet')
  })

  it('an unknown station says so and offers no tabs', async () => {
    client.handle('getStation', () => {
      throw Object.assign(new Error('No charge point "X"'), { code: 'NotFound' })
    })
    ;({ wrapper } = await mountWithApp(StationPage, { id: 'X' }))
    await flush()
    expect(wrapper.text()).toContain('No station “X” is known')
    expect(wrapper.find('[data-testid="station-tabs"]').exists()).toBe(false)
  })

  it('names the station’s stored records that were moved aside, and shows a task that could not be shown as such (issue 18 §2, §4)', async () => {
    client
      .handle('getStation', () => ({
        ...detail(),
        quarantined: [
          { collection: 'transactions', stationId: 'CP1', key: 'transactions-000001.jsonl@120', reason: 'record.meterStart must be number', at: '2026-01-01T10:00:00.000Z', file: 'quarantine/transactions-000001-at-120-ab.jsonl' },
          { collection: 'configurations', stationId: 'CP1', key: 'CP1', reason: 'keys.X.value must be string', at: '2026-01-01T10:00:00.000Z' },
        ],
      }))
      .handle('listTasks', () => [
        task('t-good', 'answered'),
        { ...task('t-stub', 'answered'), payload: null, unreadable: 'This record could not be shown: it is nested too deeply to be written as JSON.' },
      ])
    ;({ wrapper } = await mountWithApp(StationPage, { id: 'CP1' }))
    await flush()
    const notes = wrapper.find('[data-testid="station-quarantine"]')
    expect(notes.text()).toContain('2 stored records of this station could not be used and were moved aside')
    expect(wrapper.find('[data-testid="station-quarantine-0"]').text()).toContain('transactions')
    expect(wrapper.find('[data-testid="station-quarantine-0"]').text()).toContain('record.meterStart must be number')
    expect(wrapper.find('[data-testid="station-quarantine-0"]').text()).toContain('kept in quarantine/transactions-000001-at-120-ab.jsonl in the data folder')
    expect(wrapper.find('[data-testid="station-quarantine-1"]').text()).toContain('kept in the state file')
    const history = wrapper.find('[data-testid="task-history"]')
    expect(history.findAll('[data-testid="unreadable"]')).toHaveLength(1)
    expect(history.find('[data-testid="task-unreadable"]').text()).toContain('nested too deeply')
  })

  it('the Messages tab says how many of the station’s messages could not be shown', async () => {
    client.handle('queryLog', () => ({ entries: [], skipped: 2 }))
    ;({ wrapper } = await mountWithApp(StationPage, { id: 'CP1' }))
    await flush()
    await clickTab('Messages')
    expect(wrapper.find('[data-testid="station-messages"] [data-testid="skipped-records"]').text()).toContain('2 stored messages could not be shown')
  })
})
