import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { CallCheck, CallTask, ConfigurationSnapshot } from '@shared/contract'
import { setClient } from '@renderer/api'
import ConfigurationCard from '@renderer/components/configuration/ConfigurationCard.vue'
import { FakeClient } from '../fake-client'
import { task } from '../fixtures'
import { flush, mountWithApp } from '../mount-helpers'

let client: FakeClient
let wrapper: VueWrapper | undefined
let current: ConfigurationSnapshot
let nextTask: number

const AT = '2024-05-01T12:00:00.000Z'
const OK: CallCheck = { sendable: true, violations: [], warnings: [] }

function makeSnapshot(extra: Partial<ConfigurationSnapshot> = {}): ConfigurationSnapshot {
  return {
    stationId: 'CP1',
    keys: {
      HeartbeatInterval: { key: 'HeartbeatInterval', value: '300', readonly: false, updatedAt: AT, source: 'GetConfiguration' },
      NumberOfConnectors: { key: 'NumberOfConnectors', value: '2', readonly: true, updatedAt: AT, source: 'GetConfiguration' },
      MeterValueSampleInterval: { key: 'MeterValueSampleInterval', value: '60', readonly: false, updatedAt: AT, source: 'ChangeConfiguration', pendingReboot: true },
      // A snapshot should never carry it, but if it did the card must still not show it.
      AuthorizationKey: { key: 'AuthorizationKey', value: 'deadbeefcafe', readonly: false, updatedAt: AT, source: 'ChangeConfiguration' },
    },
    lastChanges: {
      HeartbeatInterval: { key: 'HeartbeatInterval', value: '300', status: 'Accepted', at: AT, taskId: 'old-1' },
      MeterValueSampleInterval: { key: 'MeterValueSampleInterval', value: '60', status: 'RebootRequired', at: AT, taskId: 'old-2' },
      NumberOfConnectors: { key: 'NumberOfConnectors', value: '4', status: 'Rejected', at: AT, taskId: 'old-3' },
      VendorThing: { key: 'VendorThing', value: 'x', status: 'NotSupported', at: AT, taskId: 'old-4' },
      LocalPreAuthorize: { key: 'LocalPreAuthorize', value: 'maybe', status: 'FormationViolation', callError: true, at: AT, taskId: 'old-5' },
    },
    unknownKeys: ['NoSuchKey'],
    fullFetchAt: AT,
    ...extra,
  }
}

beforeEach(() => {
  current = makeSnapshot()
  nextTask = 0
  client = new FakeClient()
  client
    .handle('getConfigurationSnapshot', () => current)
    .handle('checkCall', () => OK)
    .handle('sendCall', (args) => task(`t${++nextTask}`, 'queued', { stationId: args.stationId, action: args.action, payload: args.payload }))
  setClient(client)
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

async function mountCard(online = true): Promise<VueWrapper> {
  ;({ wrapper } = await mountWithApp(ConfigurationCard, { stationId: 'CP1', online }))
  await flush()
  return wrapper
}

const row = (w: VueWrapper, key: string) => w.find(`[data-testid="config-row-${key}"]`)
const status = (w: VueWrapper, key: string) => w.find(`[data-testid="config-change-status-${key}"]`)
const tone = (w: VueWrapper, key: string) => status(w, key).find('[data-tone]').attributes('data-tone')

function finish(id: string, state: CallTask['state'], extra: Partial<CallTask> = {}): void {
  client.emit('taskUpdated', task(id, state, { finishedAt: '2024-05-01T12:05:00.000Z', ...extra }))
}

describe('configuration card', () => {
  it('lists the keys of the snapshot with value, access and pending reboot', async () => {
    const w = await mountCard()
    expect(row(w, 'HeartbeatInterval').text()).toContain('300')
    expect(row(w, 'HeartbeatInterval').find('[data-testid="config-access"]').text()).toBe('RW')
    expect(row(w, 'NumberOfConnectors').find('[data-testid="config-access"]').text()).toBe('R')
    expect(row(w, 'MeterValueSampleInterval').text()).toContain('pending reboot')
    expect(w.find('[data-testid="config-unknown-keys"]').text()).toContain('NoSuchKey')
  })

  it('never shows a value for the write-only AuthorizationKey', async () => {
    const w = await mountCard()
    expect(row(w, 'AuthorizationKey').text()).toContain('write-only')
    expect(w.text()).not.toContain('deadbeefcafe')
    await w.find('[data-testid="config-edit-AuthorizationKey"]').trigger('click')
    await flush()
    expect((w.find('[data-testid="config-value-input"]').element as HTMLInputElement).value).toBe('')
  })

  it('treats vendor keys named like passwords as write-only too: no value shown, none put into the editor', async () => {
    current = makeSnapshot()
    current.keys.WifiPassword = { key: 'WifiPassword', value: 'hunter22-wifi', readonly: false, updatedAt: AT, source: 'GetConfiguration' }
    current.lastChanges = { ...current.lastChanges, WifiPassword: { key: 'WifiPassword', value: 'hunter22-wifi', status: 'Accepted', at: AT, taskId: 'old-6' } }
    const w = await mountCard()
    expect(row(w, 'WifiPassword').text()).toContain('write-only')
    expect(w.text()).not.toContain('hunter22-wifi')
    await w.find('[data-testid="config-edit-WifiPassword"]').trigger('click')
    await flush()
    const input = w.find('[data-testid="config-value-input"]').element as HTMLInputElement
    expect(input.value).toBe('')
    expect(input.type).toBe('password')
  })

  it('shows the last ChangeConfiguration answer per key with the value tried', async () => {
    const w = await mountCard()
    expect(status(w, 'HeartbeatInterval').text()).toContain('Accepted')
    expect(tone(w, 'HeartbeatInterval')).toBe('success')
    expect(tone(w, 'MeterValueSampleInterval')).toBe('warning')
    expect(status(w, 'NumberOfConnectors').text()).toContain('Rejected')
    expect(status(w, 'NumberOfConnectors').text()).toContain('4')
    expect(tone(w, 'NumberOfConnectors')).toBe('error')
    // A key only ever tried (the station does not know it) still gets its row.
    expect(status(w, 'VendorThing').text()).toContain('NotSupported')
    expect(tone(w, 'VendorThing')).toBe('error')
    expect(status(w, 'LocalPreAuthorize').text()).toContain('CALLERROR FormationViolation')
    expect(tone(w, 'LocalPreAuthorize')).toBe('error')
  })

  it('says what the CSMS did not keep of a very long answer', async () => {
    current = makeSnapshot({ truncated: ['The station reported 14,000 more keys than the 1,000 kept per station: they were left out.'] })
    const w = await mountCard()
    expect(w.find('[data-testid="config-truncated"]').text()).toContain('14,000 more keys than the 1,000 kept per station')
  })

  it('says how to get a configuration when none is known', async () => {
    current = { stationId: 'CP1', keys: {}, unknownKeys: [] }
    const w = await mountCard()
    expect(w.find('[data-testid="config-empty"]').text()).toBe('No configuration known yet: Fetch all asks the station (GetConfiguration).')
  })

  it('filters the rows by key or value', async () => {
    const w = await mountCard()
    await w.find('[data-testid="config-filter"]').setValue('heart')
    await flush()
    expect(row(w, 'HeartbeatInterval').exists()).toBe(true)
    expect(row(w, 'NumberOfConnectors').exists()).toBe(false)
  })

  it('Fetch all sends GetConfiguration {} and shows it is in progress until the task ends', async () => {
    const w = await mountCard()
    await w.find('[data-testid="configuration-fetch"]').trigger('click')
    await flush()
    expect(client.callsOf('sendCall')).toEqual([{ stationId: 'CP1', action: 'GetConfiguration', payload: {}, wait: false }])
    expect(w.find('[data-testid="config-fetch-progress"]').text()).toContain('queued')
    client.emit('taskUpdated', task('t1', 'sent', { action: 'GetConfiguration', payload: {} }))
    await flush()
    expect(w.find('[data-testid="config-fetch-progress"]').text()).toContain('waiting for the station')
    finish('t1', 'answered', { action: 'GetConfiguration', payload: {}, response: { configurationKey: [] } })
    await flush()
    expect(w.find('[data-testid="config-fetch-progress"]').exists()).toBe(false)
    expect(w.find('[data-testid="config-fetch-error"]').exists()).toBe(false)
  })

  it('Fetch all says why it failed when the station does not answer', async () => {
    const w = await mountCard()
    await w.find('[data-testid="configuration-fetch"]').trigger('click')
    await flush()
    finish('t1', 'timeout', { action: 'GetConfiguration', payload: {}, reason: 'No answer within 30 s' })
    await flush()
    const error = w.find('[data-testid="config-fetch-error"]').text()
    expect(error).toContain('No answer in time')
    expect(error).toContain('No answer within 30 s')
  })

  it('a configurationUpdated event for the station refreshes the table; one for another station does not', async () => {
    const w = await mountCard()
    client.emit('configurationUpdated', { ...makeSnapshot(), stationId: 'CP2', keys: {} })
    await flush()
    expect(row(w, 'HeartbeatInterval').exists()).toBe(true)
    const next = makeSnapshot()
    next.keys.HeartbeatInterval = { key: 'HeartbeatInterval', value: '900', readonly: false, updatedAt: AT, source: 'GetConfiguration' }
    next.keys.ClockAlignedDataInterval = { key: 'ClockAlignedDataInterval', value: '0', readonly: false, updatedAt: AT, source: 'GetConfiguration' }
    client.emit('configurationUpdated', next)
    await flush()
    expect(row(w, 'HeartbeatInterval').text()).toContain('900')
    expect(row(w, 'ClockAlignedDataInterval').exists()).toBe(true)
  })

  it('editing a value sends ChangeConfiguration with the typed value and follows the answer', async () => {
    const w = await mountCard()
    await w.find('[data-testid="config-edit-HeartbeatInterval"]').trigger('click')
    await flush()
    const input = w.find('[data-testid="config-value-input"]')
    expect((input.element as HTMLInputElement).value).toBe('300')
    await input.setValue('60')
    await w.find('[data-testid="config-save"]').trigger('click')
    await flush()
    expect(client.callsOf('sendCall')).toEqual([{ stationId: 'CP1', action: 'ChangeConfiguration', payload: { key: 'HeartbeatInterval', value: '60' }, wait: false }])
    expect(w.find('[data-testid="config-value-input"]').exists()).toBe(false)
    expect(status(w, 'HeartbeatInterval').text()).toContain('queued')
    expect(tone(w, 'HeartbeatInterval')).toBe('info')

    const payload = { key: 'HeartbeatInterval', value: '60' }
    finish('t1', 'answered', { action: 'ChangeConfiguration', payload, response: { status: 'RebootRequired' }, createdAt: '2024-05-01T12:04:00.000Z' })
    await flush()
    expect(status(w, 'HeartbeatInterval').text()).toContain('RebootRequired')
    expect(status(w, 'HeartbeatInterval').text()).toContain('60')
    expect(tone(w, 'HeartbeatInterval')).toBe('warning')
  })

  it('a change that ends offline says so against its key', async () => {
    const w = await mountCard()
    await w.find('[data-testid="config-edit-HeartbeatInterval"]').trigger('click')
    await flush()
    await w.find('[data-testid="config-value-input"]').setValue('45')
    await w.find('[data-testid="config-save"]').trigger('click')
    await flush()
    finish('t1', 'offline', { action: 'ChangeConfiguration', payload: { key: 'HeartbeatInterval', value: '45' }, reason: 'CP1 is not connected' })
    await flush()
    expect(status(w, 'HeartbeatInterval').text()).toContain('offline')
    expect(status(w, 'HeartbeatInterval').text()).toContain('CP1 is not connected')
  })

  it('lets a read-only key be tried, with a warning', async () => {
    const w = await mountCard()
    await w.find('[data-testid="config-edit-NumberOfConnectors"]').trigger('click')
    await flush()
    expect(row(w, 'NumberOfConnectors').text()).toContain('Read-only key')
    await w.find('[data-testid="config-value-input"]').setValue('3')
    await w.find('[data-testid="config-save"]').trigger('click')
    await flush()
    expect(client.callsOf('sendCall')).toEqual([{ stationId: 'CP1', action: 'ChangeConfiguration', payload: { key: 'NumberOfConnectors', value: '3' }, wait: false }])
  })

  it('changes any key, also one the station did not report', async () => {
    const w = await mountCard()
    await w.find('[data-testid="config-any-key"]').trigger('click')
    await flush()
    const form = w.find('[data-testid="config-any-key-form"]')
    await form.find('[data-testid="op-field-key"]').setValue('VendorThing')
    await form.find('[data-testid="op-field-value"]').setValue('y')
    await new Promise((r) => setTimeout(r, 320))
    await flush()
    await form.find('[data-testid="op-send"]').trigger('click')
    await flush()
    expect(client.callsOf('sendCall')).toEqual([{ stationId: 'CP1', action: 'ChangeConfiguration', payload: { key: 'VendorThing', value: 'y' }, wait: false }])
  })
})
