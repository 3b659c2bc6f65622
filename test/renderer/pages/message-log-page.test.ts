import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { setClient } from '@renderer/api'
import MessageLogPage from '@renderer/pages/MessageLogPage.vue'
import { FakeClient } from '../fake-client'
import { entry } from '../fixtures'
import { flush, mountWithApp } from '../mount-helpers'

let client: FakeClient
let wrapper: VueWrapper | undefined

beforeEach(() => {
  client = new FakeClient()
  client.handle('listStations', () => [])
  client.handle('queryLog', () => ({
    entries: [
      entry(2, { kind: 'CALLRESULT', action: 'BootNotification', direction: 'out', payload: { status: 'Accepted' } }),
      entry(1, { action: 'BootNotification', payload: { chargePointVendor: 'Acme' } }),
    ],
  }))
  setClient(client)
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

describe('Message Log page', () => {
  it('renders a row per frame with its time in UTC, direction arrow, kind and action', async () => {
    ;({ wrapper } = await mountWithApp(MessageLogPage))
    await flush()
    const rows = wrapper.findAll('[data-testid="log-row"]')
    expect(rows).toHaveLength(2)
    expect(rows[0]?.text()).toContain('BootNotification')
    expect(rows[0]?.text()).toContain('→ CP')
    expect(rows[0]?.text()).toContain('CALLRESULT')
    expect(rows[1]?.text()).toContain('← CP')
    expect(rows[1]?.text()).toContain('2024-05-01 12:00:01.000')
  })

  it('shows frames pushed live, and counts them while paused', async () => {
    ;({ wrapper } = await mountWithApp(MessageLogPage))
    await flush()
    client.emit('messagesLogged', [entry(3, { action: 'Heartbeat' })])
    await flush()
    expect(wrapper.findAll('[data-testid="log-row"]')[0]?.text()).toContain('Heartbeat')

    await wrapper.find('[data-testid="log-pause"]').trigger('click')
    client.emit('messagesLogged', [entry(4, { action: 'StatusNotification' }), entry(5, { action: 'MeterValues' })])
    await flush()
    expect(wrapper.findAll('[data-testid="log-row"]')).toHaveLength(3)
    expect(wrapper.find('[data-testid="log-pause"]').text()).toBe('2 new — resume')

    await wrapper.find('[data-testid="log-pause"]').trigger('click')
    await flush()
    expect(wrapper.findAll('[data-testid="log-row"]')).toHaveLength(5)
  })

  it('coming back with another station after frames went by loads once, for that station', async () => {
    const { wrapper: mounted, router, shown } = await mountWithApp(MessageLogPage)
    wrapper = mounted
    await flush()
    shown.value = false // leave the page: frames go by unseen
    await flush()
    client.emit('messagesLogged', [entry(3, { action: 'Heartbeat' })])
    await router.push({ path: '/log', query: { stationId: 'CP-2' } })
    const before = client.callsOf('queryLog').length
    shown.value = true
    await flush()
    expect(client.callsOf('queryLog').slice(before)).toEqual([expect.objectContaining({ stationId: 'CP-2' })])
  })

  it('a frame too large to show whole: the row and the detail show its start and size, and point to the export', async () => {
    client.handle('queryLog', () => ({ entries: [entry(7, { action: 'DataTransfer', payload: undefined, payloadOmitted: { bytes: 1_047_000, preview: '{"vendorId":"com.acme","data":"dddd' } })] }))
    ;({ wrapper } = await mountWithApp(MessageLogPage))
    await flush()
    const row = wrapper.findAll('[data-testid="log-row"]')[0]!
    expect(row.text()).toContain('[1022 KiB, not shown whole] {"vendorId":"com.acme"')
    await row.trigger('click')
    await flush()
    const detail = wrapper.find('[data-testid="log-entry-detail"]')
    expect(detail.find('[data-testid="log-entry-omitted"]').text()).toContain('This frame is 1022 KiB: too large to show whole')
    expect(detail.text()).toContain('Export the message log (NDJSON)')
    expect(detail.text()).toContain('{"vendorId":"com.acme","data":"dddd')
  })

  it('expands a clicked row into the full frame as pretty JSON', async () => {
    ;({ wrapper } = await mountWithApp(MessageLogPage))
    await flush()
    await wrapper.findAll('[data-testid="log-row"]')[1]?.trigger('click')
    await flush()
    const detail = wrapper.find('[data-testid="log-entry-detail"]')
    expect(detail.exists()).toBe(true)
    expect(detail.text()).toContain('"BootNotification"')
    expect(detail.text()).toContain('"chargePointVendor": "Acme"')
  })

  it('shows the CSMS’s own CALLs (direction out) as sent, masked values as they come', async () => {
    client.handle('queryLog', () => ({
      entries: [entry(7, { direction: 'out', kind: 'CALL', action: 'ChangeConfiguration', messageId: 'out-1', payload: { key: 'AuthorizationKey', value: '<hidden: 40 characters>' } })],
    }))
    ;({ wrapper } = await mountWithApp(MessageLogPage))
    await flush()
    const row = wrapper.findAll('[data-testid="log-row"]')[0]!
    expect(row.text()).toContain('→ CP')
    expect(row.text()).toContain('CALL')
    expect(row.text()).toContain('ChangeConfiguration')
    await row.trigger('click')
    await flush()
    const detail = wrapper.find('[data-testid="log-entry-detail"]')
    expect(detail.text()).toContain('Sent by the CSMS')
    expect(detail.text()).toContain('"<hidden: 40 characters>"')
  })

  it('says how many messages of the pages loaded could not be shown, adding up as older pages load (issue 18 §2)', async () => {
    client.handle('queryLog', (args) => (args.before === undefined ? { entries: [entry(9), entry(8)], nextBefore: 8, skipped: 1 } : { entries: [entry(5)], skipped: 2 }))
    ;({ wrapper } = await mountWithApp(MessageLogPage))
    await flush()
    expect(wrapper.find('[data-testid="skipped-records"]').text()).toContain('1 stored messages could not be shown')
    await wrapper.find('[data-testid="log-load-older"]').trigger('click')
    await flush()
    expect(wrapper.find('[data-testid="skipped-records"]').text()).toContain('3 stored messages could not be shown')
  })
})
