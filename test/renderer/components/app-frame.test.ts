import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { setClient } from '@renderer/api'
import App from '@renderer/App.vue'
import { FakeClient } from '../fake-client'
import { fileSettings, securitySettings, serverInfo, station } from '../fixtures'
import { flush, mountWithApp } from '../mount-helpers'

let client: FakeClient
let wrapper: VueWrapper | undefined
/** The wss:// endpoints the fake CSMS reports (empty = started with --no-tls). */
let tlsUrls: string[]

beforeEach(() => {
  tlsUrls = []
  client = new FakeClient()
  client.handle('listStations', () => [station('CP1', true), station('CP2', false)])
  client.handle('getServerInfo', () => serverInfo({ ocppUrls: ['ws://10.0.0.2:8887/ocpp', 'ws://127.0.0.1:8887/ocpp'], ocppTlsUrls: tlsUrls }))
  client.handle('getSettings', () => ({ ocpp: settings(false), files: FILES, security: securitySettings() }))
  setClient(client)
})

const FILES = fileSettings()

function settings(certificationMode: boolean) {
  return { heartbeatIntervalSec: 300, pingIntervalSec: 60, callTimeoutSec: 30, lenient: false, rejectConcurrentTx: true, requireBasicAuth: false, unknownStations: 'accept' as const, certificationMode, fetchConfigurationAfterBoot: true, nominalVoltage: 230, maxMessagesPerSecond: 100 }
}
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

describe('app frame', () => {
  it('shows the OCPP endpoint URLs and the online count in the frame', async () => {
    ;({ wrapper } = await mountWithApp(App))
    await flush()
    const urls = wrapper.findAll('[data-testid="ocpp-url"]').map((w) => w.text())
    expect(urls).toEqual(['ws://10.0.0.2:8887/ocpp', 'ws://127.0.0.1:8887/ocpp'])
    expect(wrapper.find('[data-testid="nav-stations"]').text()).toContain('1/2')
    expect(wrapper.find('[data-testid="api-state"]').text()).toBe('API connected')
  })

  it('shows the wss:// endpoint URLs for security profile 2 next to the plain ones', async () => {
    tlsUrls.push('wss://10.0.0.2:9443/ocpp', 'wss://127.0.0.1:9443/ocpp')
    ;({ wrapper } = await mountWithApp(App))
    await flush()
    expect(wrapper.findAll('[data-testid="ocpp-tls-url"]').map((w) => w.text())).toEqual(['wss://10.0.0.2:9443/ocpp', 'wss://127.0.0.1:9443/ocpp'])
    expect(wrapper.text()).toContain('wss:// (security profile 2)')
    expect(wrapper.find('[data-testid="ocpp-tls-off"]').exists()).toBe(false)
  })

  it('says "TLS endpoint off" in the frame when the CSMS runs without wss://', async () => {
    ;({ wrapper } = await mountWithApp(App))
    await flush()
    expect(wrapper.findAll('[data-testid="ocpp-tls-url"]')).toHaveLength(0)
    expect(wrapper.find('[data-testid="ocpp-tls-off"]').text()).toBe('TLS endpoint off')
  })

  it('says "API disconnected, reconnecting…" when the event channel drops, and clears it once back', async () => {
    ;({ wrapper } = await mountWithApp(App))
    await flush()
    client.setState('closed')
    await flush()
    expect(wrapper.find('[data-testid="api-state"]').text()).toBe('API disconnected, reconnecting…')
    expect(wrapper.find('[data-testid="api-disconnected"]').exists()).toBe(true)
    client.setState('connecting')
    await flush()
    expect(wrapper.find('[data-testid="api-disconnected"]').exists()).toBe(true)
    client.setState('open')
    await flush()
    expect(wrapper.find('[data-testid="api-disconnected"]').exists()).toBe(false)
  })

  it('shows a Certification mode badge in the frame while the setting is on, live', async () => {
    ;({ wrapper } = await mountWithApp(App))
    await flush()
    expect(wrapper.find('[data-testid="certification-mode-badge"]').exists()).toBe(false)
    client.emit('settingsUpdated', { ocpp: settings(true), files: FILES, security: securitySettings() })
    await flush()
    expect(wrapper.find('[data-testid="certification-mode-badge"]').text()).toBe('Certification mode')
    expect(wrapper.find('[data-testid="nav-settings"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="nav-transactions"]').exists()).toBe(true)
  })
})
