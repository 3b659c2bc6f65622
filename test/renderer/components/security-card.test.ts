import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { Settings } from '@shared/contract'
import { ApiError, setClient } from '@renderer/api'
import SecurityCard from '@renderer/components/settings/SecurityCard.vue'
import { hostEntryProblem, originEntryProblem } from '@renderer/utils/security-lists'
import { FakeClient } from '../fake-client'
import { settingsWithFiles } from '../file-services-fixtures'
import { securitySettings } from '../fixtures'
import { flush, mountWithApp } from '../mount-helpers'

let client: FakeClient
let wrapper: VueWrapper | undefined
let saved: Settings

beforeEach(() => {
  saved = { ...settingsWithFiles(), security: securitySettings({ allowedHosts: ['kiosk.depot.lan'] }) }
  client = new FakeClient()
  client
    .handle('getSettings', () => saved)
    .handle('updateSettings', (args) => {
      saved = { ...saved, security: { ...saved.security, ...args.security } }
      return saved
    })
  setClient(client)
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

async function mountCard(): Promise<VueWrapper> {
  ;({ wrapper } = await mountWithApp(SecurityCard))
  await flush()
  await flush()
  return wrapper
}

const byTestId = (w: VueWrapper, id: string) => w.find(`[data-testid="${id}"]`)

async function type(w: VueWrapper, id: string, value: string): Promise<void> {
  await byTestId(w, id).setValue(value)
  await flush()
}

async function click(w: VueWrapper, selector: string): Promise<void> {
  await w.find(selector).trigger('click')
  await flush()
  await flush()
}

describe('Security card', () => {
  it('shows the allowed host names and says no browser origin is allowed yet', async () => {
    const w = await mountCard()
    expect(byTestId(w, 'settings-security').text()).toContain('Allowed host names')
    expect(byTestId(w, 'security-hosts-item-kiosk.depot.lan').exists()).toBe(true)
    expect(byTestId(w, 'security-origins-empty').text()).toContain('no browser page may open the OCPP endpoint')
  })

  it('adds a host name (lower case) with updateSettings security and says it is saved', async () => {
    const w = await mountCard()
    await type(w, 'security-hosts-input', ' CSMS.Depot.Lan:8180 ')
    expect(byTestId(w, 'security-hosts-problem').exists()).toBe(false)
    await click(w, '[data-testid="security-hosts-add"]')
    expect(client.callsOf('updateSettings')).toEqual([{ security: { allowedHosts: ['kiosk.depot.lan', 'csms.depot.lan:8180'] } }])
    expect(byTestId(w, 'security-hosts-item-csms.depot.lan:8180').exists()).toBe(true)
    expect((byTestId(w, 'security-hosts-input').element as HTMLInputElement).value).toBe('')
    expect(document.body.textContent).toContain('Saved: allowed host names kiosk.depot.lan, csms.depot.lan:8180')
  })

  it.each([
    ['http://csms.depot.lan/', 'without http://'],
    ['csms depot', 'No spaces'],
    ['csms.depot.lan:99999', 'from 1 to 65535'],
    ['fd00::5', 'in brackets'],
    ['localhost', 'always allowed'],
    ['127.0.0.1:8180', 'always allowed'],
    ['KIOSK.depot.lan', 'Already in the list'],
    ['bad!name', 'Letters, digits'],
  ])('refuses the host name %j before sending (%s)', async (value, problem) => {
    const w = await mountCard()
    await type(w, 'security-hosts-input', value)
    expect(byTestId(w, 'security-hosts-problem').text()).toContain(problem)
    expect(byTestId(w, 'security-hosts-add').attributes('disabled')).toBeDefined()
    await byTestId(w, 'security-hosts-input').trigger('keydown', { key: 'Enter' })
    await flush()
    expect(client.callsOf('updateSettings')).toEqual([])
  })

  it('removes a host name with its ×', async () => {
    const w = await mountCard()
    await click(w, '[data-testid="security-hosts-item-kiosk.depot.lan"] .n-tag__close')
    expect(client.callsOf('updateSettings')).toEqual([{ security: { allowedHosts: [] } }])
    expect(byTestId(w, 'security-hosts-empty').exists()).toBe(true)
    expect(document.body.textContent).toContain('only loopback names and this PC’s addresses are answered')
  })

  it('asks before removing the name this page is open at', async () => {
    const here = window.location.host.toLowerCase()
    saved = { ...saved, security: securitySettings({ allowedHosts: [here] }) }
    const w = await mountCard()
    expect(byTestId(w, `security-hosts-item-${here}`).text()).toContain('this page')
    await click(w, `[data-testid="security-hosts-item-${here}"] .n-tag__close`)
    expect(client.callsOf('updateSettings')).toEqual([])
    expect(byTestId(w, 'security-hosts-confirm').text()).toContain('refuses this page (421)')
    await click(w, '[data-testid="security-hosts-confirm-remove"]')
    expect(client.callsOf('updateSettings')).toEqual([{ security: { allowedHosts: [] } }])
  })

  it('adds an allowed OCPP origin as the browser sends it (default port dropped, no trailing slash)', async () => {
    const w = await mountCard()
    await type(w, 'security-origins-input', 'HTTPS://Sim.Depot.Lan:443/')
    await click(w, '[data-testid="security-origins-add"]')
    expect(client.callsOf('updateSettings')).toEqual([{ security: { allowedOrigins: ['https://sim.depot.lan'] } }])
    expect(byTestId(w, 'security-origins-item-https://sim.depot.lan').exists()).toBe(true)
  })

  it.each([
    ['sim.depot.lan', 'starts with http:// or https://'],
    ['ws://sim.depot.lan', 'starts with http:// or https://'],
    ['http://sim.depot.lan/ocpp', 'without a path'],
    ['http://user:pw@sim.depot.lan', 'No user name'],
  ])('refuses the origin %j before sending (%s)', async (value, problem) => {
    const w = await mountCard()
    await type(w, 'security-origins-input', value)
    expect(byTestId(w, 'security-origins-problem').text()).toContain(problem)
    expect(byTestId(w, 'security-origins-add').attributes('disabled')).toBeDefined()
  })

  it('says when the CSMS refuses the change, and the list stays as it was', async () => {
    client.handle('updateSettings', () => {
      throw new ApiError('BadRequest', 'security/allowedHosts/1 must match pattern')
    })
    const w = await mountCard()
    await type(w, 'security-hosts-input', 'csms.depot.lan')
    await click(w, '[data-testid="security-hosts-add"]')
    expect(document.body.textContent).toContain('Not saved (allowed host names): security/allowedHosts/1 must match pattern. The previous value stays in effect.')
    expect(byTestId(w, 'security-hosts-item-csms.depot.lan').exists()).toBe(false)
    expect(byTestId(w, 'security-hosts-item-kiosk.depot.lan').exists()).toBe(true)
  })

  it('follows changes made elsewhere (settingsUpdated)', async () => {
    const w = await mountCard()
    client.emit('settingsUpdated', { ...saved, security: securitySettings({ allowedHosts: ['other.lan'], allowedOrigins: ['http://sim:8080'] }) })
    await flush()
    expect(byTestId(w, 'security-hosts-item-other.lan').exists()).toBe(true)
    expect(byTestId(w, 'security-origins-item-http://sim:8080').exists()).toBe(true)
  })
})

describe('the checks the Security card makes', () => {
  it('accepts names, IPv4 and bracketed IPv6, with or without a port', () => {
    for (const value of ['csms.depot.lan', 'csms.depot.lan:8180', 'csms_1', '192.168.1.5', '[fd00::5]', '[fd00::5]:8181']) expect(hostEntryProblem(value, []), value).toBeUndefined()
  })
  it('accepts http and https origins with a port', () => {
    for (const value of ['http://sim.depot.lan:8080', 'https://sim.depot.lan', 'http://[fd00::5]:8080']) expect(originEntryProblem(value, []), value).toBeUndefined()
    expect(originEntryProblem('http://sim:8080', ['http://sim:8080/'])).toBe('Already in the list')
  })
})
