import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { setClient } from '@renderer/api'
import StationsPage from '@renderer/pages/StationsPage.vue'
import { FakeClient } from '../fake-client'
import { serverInfo, station } from '../fixtures'
import { flush, mountWithApp } from '../mount-helpers'

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

const statusText = (w: VueWrapper, id: string): string => w.find(`[data-testid="station-status-${id}"]`).text()

describe('Stations page', () => {
  it('renders a row per station with an online / offline status', async () => {
    client.handle('listStations', () => [
      station('CP1', true),
      station('CP2', false, { boot: { chargePointVendor: 'Zed', chargePointModel: 'Z1', receivedAt: '2024-05-01T10:00:00.000Z' } }),
    ])
    ;({ wrapper } = await mountWithApp(StationsPage))
    await flush()

    expect(wrapper.find('[data-testid="station-row-CP1"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="station-row-CP2"]').text()).toContain('Zed')
    expect(statusText(wrapper, 'CP1')).toBe('online')
    expect(statusText(wrapper, 'CP2')).toBe('offline')
  })

  it('marks identities never accepted as not saved and says how many are kept and were forgotten', async () => {
    client.handle('listStations', () => [station('CP1', true), station('CP-NEW', true, { unsaved: true })])
    client.handle('getUnknownIdentityCounts', () => ({ kept: 1, dropped: 1500, cap: 1000 }))
    ;({ wrapper } = await mountWithApp(StationsPage))
    await flush()
    await flush()
    expect(wrapper.find('[data-testid="station-unsaved-CP-NEW"]').text()).toBe('not saved')
    expect(wrapper.find('[data-testid="station-unsaved-CP1"]').exists()).toBe(false)
    const note = wrapper.find('[data-testid="stations-unsaved"]').text()
    expect(note).toContain('1 identity connected but never accepted')
    expect(note).toContain('1,500 older ones were forgotten')
  })

  it('updates a row live when a station connects', async () => {
    client.handle('listStations', () => [station('CP1', false)])
    ;({ wrapper } = await mountWithApp(StationsPage))
    await flush()
    expect(statusText(wrapper, 'CP1')).toBe('offline')

    client.emit('stationConnected', station('CP1', true))
    await flush()
    expect(statusText(wrapper, 'CP1')).toBe('online')
  })

  it('filters the rows with the search box', async () => {
    client.handle('listStations', () => [station('ALPHA-1', true), station('BETA-2', true)])
    ;({ wrapper } = await mountWithApp(StationsPage))
    await flush()
    await wrapper.find('[data-testid="stations-search"] input').setValue('beta')
    await flush()
    expect(wrapper.find('[data-testid="station-row-ALPHA-1"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="station-row-BETA-2"]').exists()).toBe(true)
  })

  it('opens the station page when a row is clicked', async () => {
    client.handle('listStations', () => [station('CP 7', true)])
    let router
    ;({ wrapper, router } = await mountWithApp(StationsPage))
    await flush()
    await wrapper.find('[data-testid="station-row-CP 7"]').trigger('click')
    await flush()
    expect(router.currentRoute.value.name).toBe('station')
    expect(router.currentRoute.value.params.id).toBe('CP 7')
  })

  it('tells how to connect a charge point when none is known', async () => {
    client.handle('listStations', () => [])
    client.handle('getServerInfo', () => serverInfo())
    const { useServerStore } = await import('@renderer/stores/server')
    ;({ wrapper } = await mountWithApp(StationsPage))
    await useServerStore().load()
    await flush()
    const empty = wrapper.find('[data-testid="stations-empty"]')
    expect(empty.exists()).toBe(true)
    expect(empty.text()).toContain('ws://192.168.1.5:8887/ocpp/<identity>')
    expect(wrapper.find('[data-testid="stations-empty-tls-off"]').text()).toBe('TLS endpoint off')
  })

  it('tells the wss:// endpoint for security profile 2 when none is known yet', async () => {
    client.handle('listStations', () => [])
    client.handle('getServerInfo', () => serverInfo({ ocppTlsUrls: ['wss://192.168.1.5:9443/ocpp'] }))
    const { useServerStore } = await import('@renderer/stores/server')
    ;({ wrapper } = await mountWithApp(StationsPage))
    await useServerStore().load()
    await flush()
    expect(wrapper.findAll('[data-testid="stations-empty-tls-url"]').map((p) => p.text())).toEqual(['wss://192.168.1.5:9443/ocpp/<identity>'])
    expect(wrapper.find('[data-testid="stations-empty-tls-off"]').exists()).toBe(false)
  })

  it('a station whose record could not be shown whole is a row with its id, marked so (issue 18 §4)', async () => {
    client.handle('listStations', () => [station('CP1', true), { ...station('CP2', false), unreadable: 'This record could not be shown: it is nested too deeply to be written as JSON.' }])
    ;({ wrapper } = await mountWithApp(StationsPage))
    await flush()
    expect(wrapper.find('[data-testid="station-row-CP1"] [data-testid="unreadable"]').exists()).toBe(false)
    const tag = wrapper.find('[data-testid="station-row-CP2"] [data-testid="unreadable"]')
    expect(tag.text()).toBe('could not be shown')
    expect(tag.attributes('title')).toContain('nested too deeply')
  })
})
