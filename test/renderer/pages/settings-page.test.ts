import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { OcppSettings, Settings } from '@shared/contract'
import { ApiError, setClient } from '@renderer/api'
import SettingsPage from '@renderer/pages/SettingsPage.vue'
import { FakeClient } from '../fake-client'
import { fileServices } from '../file-services-fixtures'
import { fileSettings, securitySettings, serverInfo } from '../fixtures'
import { flush, mountWithApp } from '../mount-helpers'

let client: FakeClient
let wrapper: VueWrapper | undefined
let stored: OcppSettings
/** The wss:// endpoints the fake CSMS reports (empty = started with --no-tls). */
let tlsUrls: string[]

function settings(extra: Partial<OcppSettings> = {}): Settings {
  return {
    ocpp: {
      heartbeatIntervalSec: 300,
      pingIntervalSec: 60,
      callTimeoutSec: 30,
      lenient: false,
      rejectConcurrentTx: true,
      requireBasicAuth: false,
      unknownStations: 'accept',
      certificationMode: false,
      fetchConfigurationAfterBoot: true,
      nominalVoltage: 230, maxMessagesPerSecond: 100,
      ...extra,
    },
    files: fileSettings(),
    security: securitySettings(),
  }
}

beforeEach(() => {
  stored = settings().ocpp
  tlsUrls = []
  client = new FakeClient()
  client.handle('getSettings', () => ({ ocpp: stored, files: fileSettings(), security: securitySettings() }))
  client.handle('updateSettings', (args) => {
    stored = { ...stored, ...args.ocpp }
    return { ocpp: stored, files: fileSettings(), security: securitySettings() }
  })
  client.handle('getFileServices', () => fileServices())
  client.handle('getServerInfo', () => serverInfo({ version: '0.3.0', dataDir: '/home/bench/.csms', ocppTlsUrls: tlsUrls }))
  setClient(client)
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

async function mountPage(): Promise<VueWrapper> {
  ;({ wrapper } = await mountWithApp(SettingsPage))
  await flush()
  return wrapper
}

const control = (w: VueWrapper, name: string) => w.find(`[data-testid="setting-${name}"]`)
const checked = (w: VueWrapper, name: string): string | undefined => control(w, name).attributes('aria-checked')
const numberInput = (w: VueWrapper, name: string) => w.find(`[data-testid="setting-${name}"] input`)

async function typeNumber(w: VueWrapper, name: string, value: string): Promise<void> {
  await numberInput(w, name).setValue(value)
  await numberInput(w, name).trigger('blur')
  await flush()
}

describe('Settings page', () => {
  it('shows the saved settings and the endpoints a station connects to', async () => {
    stored = settings({ heartbeatIntervalSec: 120, unknownStations: 'pending', requireBasicAuth: true }).ocpp
    const w = await mountPage()
    expect(w.find('[data-testid="settings-page"]').exists()).toBe(true)
    expect((numberInput(w, 'heartbeatIntervalSec').element as HTMLInputElement).value).toBe('120')
    expect(checked(w, 'requireBasicAuth')).toBe('true')
    expect(checked(w, 'certificationMode')).toBe('false')
    expect((w.find('[data-testid="setting-unknownStations-pending"] input').element as HTMLInputElement).checked).toBe(true)
    expect(w.find('[data-testid="endpoint-ocpp"]').text()).toBe('ws://192.168.1.5:8887/ocpp/<identity>')
    expect(w.find('[data-testid="settings-endpoints"]').text()).toContain('/home/bench/.csms')
  })

  it('shows the wss:// endpoints for security profile 2 with the plain OCPP ones', async () => {
    tlsUrls.push('wss://192.168.1.5:9443/ocpp')
    const w = await mountPage()
    expect(w.findAll('[data-testid="endpoint-ocpp-tls"]').map((e) => e.text())).toEqual(['wss://192.168.1.5:9443/ocpp/<identity>'])
    expect(w.find('[data-testid="settings-endpoints"]').text()).toContain('wss:// (security profile 2)')
    expect(w.find('[data-testid="endpoint-ocpp-tls-off"]').exists()).toBe(false)
  })

  it('says "TLS endpoint off" among the endpoints when the CSMS runs without wss://', async () => {
    const w = await mountPage()
    expect(w.findAll('[data-testid="endpoint-ocpp-tls"]')).toHaveLength(0)
    expect(w.find('[data-testid="endpoint-ocpp-tls-off"]').text()).toContain('TLS endpoint off')
    expect(w.find('[data-testid="endpoint-ocpp"]').text()).toBe('ws://192.168.1.5:8887/ocpp/<identity>')
  })

  it('shows the file services with the URLs stations are given', async () => {
    const w = await mountPage()
    expect(w.find('[data-testid="file-services-card"]').exists()).toBe(true)
    expect(w.find('[data-testid="files-http-url"]').text()).toBe('http://192.168.1.5:8181')
    expect(w.find('[data-testid="files-ftp-url"]').text()).toBe('ftp://192.168.1.5:2121')
  })

  it('turns certification mode on with one click, sending only that setting', async () => {
    const w = await mountPage()
    await control(w, 'certificationMode').trigger('click')
    await flush()
    expect(client.callsOf('updateSettings')).toEqual([{ ocpp: { certificationMode: true } }])
    expect(checked(w, 'certificationMode')).toBe('true')
    expect(document.body.textContent).toContain('Certification mode on')
  })

  it('shows fetch-configuration-after-boot disabled and overridden while certification mode is on', async () => {
    const w = await mountPage()
    expect(control(w, 'fetchConfigurationAfterBoot').classes()).not.toContain('n-switch--disabled')
    expect(w.find('[data-testid="setting-fetchConfigurationAfterBoot-overridden"]').exists()).toBe(false)

    await control(w, 'certificationMode').trigger('click')
    await flush()
    expect(control(w, 'fetchConfigurationAfterBoot').classes()).toContain('n-switch--disabled')
    expect(checked(w, 'fetchConfigurationAfterBoot')).toBe('false')
    expect(w.find('[data-testid="setting-fetchConfigurationAfterBoot-overridden"]').text()).toContain('certification mode')

    await control(w, 'fetchConfigurationAfterBoot').trigger('click')
    await flush()
    expect(client.callsOf('updateSettings')).toEqual([{ ocpp: { certificationMode: true } }])
  })

  it('saves only the numbers that changed', async () => {
    const w = await mountPage()
    expect(w.find('[data-testid="settings-save"]').attributes('disabled')).toBeDefined()
    await typeNumber(w, 'callTimeoutSec', '45')
    await w.find('[data-testid="settings-save"]').trigger('click')
    await flush()
    expect(client.callsOf('updateSettings')).toEqual([{ ocpp: { callTimeoutSec: 45 } }])
    expect(w.find('[data-testid="settings-save"]').attributes('disabled')).toBeDefined()
  })

  it('refuses an out-of-range value before sending and says what range is allowed', async () => {
    const w = await mountPage()
    await typeNumber(w, 'heartbeatIntervalSec', '0')
    await typeNumber(w, 'callTimeoutSec', '3601')
    expect(w.find('[data-testid="setting-callTimeoutSec-problem"]').text()).toContain('1–3,600 s')
    await w.find('[data-testid="settings-save"]').trigger('click')
    await flush()
    expect(client.callsOf('updateSettings')).toEqual([])
    const text = document.body.textContent ?? ''
    expect(text).toContain('Not saved')
    expect(text).toContain('Heartbeat interval: Out of range: 1–86,400 s')
    expect(text).toContain('Call timeout: Out of range')
  })

  it('follows a change saved elsewhere (settingsUpdated), keeping unsaved edits', async () => {
    const w = await mountPage()
    await typeNumber(w, 'pingIntervalSec', '15')
    client.emit('settingsUpdated', settings({ heartbeatIntervalSec: 90, pingIntervalSec: 10, certificationMode: true }))
    await flush()
    expect((numberInput(w, 'heartbeatIntervalSec').element as HTMLInputElement).value).toBe('90')
    expect((numberInput(w, 'pingIntervalSec').element as HTMLInputElement).value).toBe('15')
    expect(checked(w, 'certificationMode')).toBe('true')
  })

  it('says a save failed, and what to do, leaving the switch as it was', async () => {
    client.handle('updateSettings', () => {
      throw new ApiError('NetworkError', 'The CSMS did not answer')
    })
    const w = await mountPage()
    await control(w, 'rejectConcurrentTx').trigger('click')
    await flush()
    expect(client.callsOf('updateSettings')).toEqual([{ ocpp: { rejectConcurrentTx: false } }])
    const text = document.body.textContent ?? ''
    expect(text).toContain('Not saved (reject concurrent transactions): The CSMS did not answer')
    expect(text).toContain('Check that the CSMS is running')
    expect(checked(w, 'rejectConcurrentTx')).toBe('true')
  })

  it('says the settings could not be loaded and offers to try again', async () => {
    client.handle('getSettings', () => {
      throw new ApiError('NetworkError', 'connection refused')
    })
    const w = await mountPage()
    expect(w.find('[data-testid="settings-error"]').text()).toContain('Could not load the settings: connection refused')
    expect(control(w, 'certificationMode').exists()).toBe(false)
  })
})
