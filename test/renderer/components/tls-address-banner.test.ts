import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { TlsStatus } from '@shared/contract'
import { setClient } from '@renderer/api'
import App from '@renderer/App.vue'
import { FakeClient } from '../fake-client'
import { securitySettings, serverInfo, station } from '../fixtures'
import { settingsWithFiles } from '../file-services-fixtures'
import { flush, mountWithApp } from '../mount-helpers'
import { tlsStatus, tlsStatusMoved } from '../tls-fixtures'

let client: FakeClient
let wrapper: VueWrapper | undefined
let status: TlsStatus

beforeEach(() => {
  status = tlsStatus()
  client = new FakeClient()
  client.handle('listStations', () => [station('CP1', true)])
  client.handle('getServerInfo', () => serverInfo({ ocppTlsUrls: ['wss://127.0.0.1:9443/ocpp'] }))
  client.handle('getSettings', () => ({ ...settingsWithFiles(), security: securitySettings() }))
  client.handle('getTlsStatus', () => status)
  setClient(client)
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

const banner = (w: VueWrapper) => w.find('[data-testid="tls-address-banner"]')
const navWarning = (w: VueWrapper) => w.find('[data-testid="nav-settings-tls-warning"]')

describe('app frame: TLS certificates and this PC’s addresses', () => {
  it('nothing is shown while the generated certificates name every current address', async () => {
    ;({ wrapper } = await mountWithApp(App))
    await flush()
    expect(banner(wrapper).exists()).toBe(false)
    expect(navWarning(wrapper).exists()).toBe(false)
  })

  it('on any page: a warning naming the new address with a way to Settings, and a marker on the Settings entry', async () => {
    status = tlsStatusMoved()
    const mounted = await mountWithApp(App)
    wrapper = mounted.wrapper
    await flush()
    expect(banner(wrapper).text()).toContain('10.1.2.3')
    expect(navWarning(wrapper).text()).toContain('TLS')
    await wrapper.find('[data-testid="tls-address-banner-open"]').trigger('click')
    await flush()
    expect(mounted.router.currentRoute.value.name).toBe('settings')
    // The Settings page's TLS card says it in full; the frame does not repeat it there.
    expect(banner(wrapper).exists()).toBe(false)
    expect(navWarning(wrapper).exists()).toBe(true)
  })

  it('appears live when main pushes tlsStatusChanged, and goes once regenerated', async () => {
    ;({ wrapper } = await mountWithApp(App))
    await flush()
    client.emit('tlsStatusChanged', tlsStatusMoved())
    await flush()
    expect(banner(wrapper).exists()).toBe(true)
    client.emit('tlsStatusChanged', tlsStatus())
    await flush()
    expect(banner(wrapper).exists()).toBe(false)
    expect(navWarning(wrapper).exists()).toBe(false)
  })
})
