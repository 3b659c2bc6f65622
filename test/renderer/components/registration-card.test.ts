import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import type { VueWrapper } from '@vue/test-utils'
import type { StationDetail } from '@shared/contract'
import { ApiError, setClient } from '@renderer/api'
import RegistrationCard from '@renderer/components/station/RegistrationCard.vue'
import { FakeClient, deferred } from '../fake-client'
import { serverInfo, station } from '../fixtures'
import { flush, mountWithApp } from '../mount-helpers'

let client: FakeClient
let wrapper: VueWrapper | undefined
/** Every StationDetail the card emitted as 'updated'. */
let updates: StationDetail[]
/** The station as the fake CSMS keeps it. */
let known: StationDetail
/** The wss:// endpoints the fake CSMS reports. */
let tlsUrls: string[]

function detail(extra: Partial<StationDetail> = {}): StationDetail {
  return {
    ...station('CP1', true),
    passwordSet: false,
    recentViolations: [],
    effective: { heartbeatIntervalSec: 300, pingIntervalSec: 60, callTimeoutSec: 30, lenient: false, nominalVoltage: 230 },
    ...extra,
  }
}

beforeEach(() => {
  updates = []
  client = new FakeClient()
  client.handle('setRegistration', (args) => (known = { ...known, registrationPolicy: args.status }))
  client.handle('setStationPassword', (args) => ({ stationId: args.stationId, passwordSet: args.password !== null, warnings: [] }))
  client.handle('setSecurityProfile', (args) => (known = { ...known, securityProfile: args.profile }))
  tlsUrls = ['wss://192.168.1.5:9443/ocpp', 'wss://127.0.0.1:9443/ocpp']
  client.handle('getServerInfo', () => serverInfo({ ocppUrls: ['ws://192.168.1.5:9000/ocpp', 'ws://127.0.0.1:9000/ocpp'], ocppTlsUrls: tlsUrls }))
  setClient(client)
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

/** Mounts the card under a parent that, like the station page, shows the detail the card emits. */
async function mountCard(initial: StationDetail): Promise<VueWrapper> {
  known = initial
  const Parent = defineComponent({
    setup() {
      const current = ref(initial)
      return () =>
        h(RegistrationCard, {
          detail: current.value,
          onUpdated: (next: StationDetail) => {
            updates.push(next)
            current.value = next
          },
        })
    },
  })
  ;({ wrapper } = await mountWithApp(Parent))
  await flush()
  return wrapper
}

const find = (w: VueWrapper, id: string) => w.find(`[data-testid="${id}"]`)
const inBody = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)

const profileChecked = (w: VueWrapper, profile: number): boolean =>
  (w.find(`[data-testid="security-profile-${profile}"] input`).element as HTMLInputElement).checked

async function chooseProfile(w: VueWrapper, profile: number): Promise<void> {
  await w.find(`[data-testid="security-profile-${profile}"] input`).setValue(true)
  await flush()
}

async function typePassword(w: VueWrapper, value: string): Promise<void> {
  await w.find('[data-testid="password-input"] input').setValue(value)
  await flush()
}

describe('registration card', () => {
  it('changes how the next BootNotification is answered and hands the new detail up', async () => {
    const w = await mountCard(detail())
    expect((w.find('[data-testid="registration-policy-Accepted"] input').element as HTMLInputElement).checked).toBe(true)
    await w.find('[data-testid="registration-policy-Rejected"] input').setValue(true)
    await flush()
    expect(client.callsOf('setRegistration')).toEqual([{ stationId: 'CP1', status: 'Rejected' }])
    expect(updates.map((d) => d.registrationPolicy)).toEqual(['Rejected'])
    expect((w.find('[data-testid="registration-policy-Rejected"] input').element as HTMLInputElement).checked).toBe(true)
    expect(document.body.textContent).toContain('CP1 is answered Rejected at its next BootNotification.')
  })

  it('accepts a station whose last boot was Pending, saying it applies at its next BootNotification', async () => {
    const w = await mountCard(detail({ registrationStatus: 'Pending', registrationPolicy: 'Pending', everAccepted: false }))
    expect(find(w, 'registration-last-boot').text()).toContain('Pending')
    await find(w, 'registration-accept').trigger('click')
    await flush()
    expect(client.callsOf('setRegistration')).toEqual([{ stationId: 'CP1', status: 'Accepted' }])
    expect(find(w, 'registration-accept').exists()).toBe(false)
    expect(find(w, 'registration-next').text()).toContain('next BootNotification')
    expect(document.body.textContent).toContain('which a Pending or Rejected station sends after the interval')
  })

  it('offers no Accept button when the last boot was accepted', async () => {
    const w = await mountCard(detail({ registrationStatus: 'Accepted' }))
    expect(find(w, 'registration-accept').exists()).toBe(false)
  })

  it('says a policy change failed and keeps the previous answer', async () => {
    client.handle('setRegistration', () => {
      throw new ApiError('NetworkError', 'The CSMS did not answer')
    })
    const w = await mountCard(detail({ registrationPolicy: 'Pending', registrationStatus: 'Pending' }))
    await find(w, 'registration-accept').trigger('click')
    await flush()
    expect(updates).toEqual([])
    expect(document.body.textContent).toContain('Registration not changed: The CSMS did not answer')
    expect(find(w, 'registration-accept').exists()).toBe(true)
  })

  it('sets a password and shows the warnings the CSMS returns', async () => {
    client.handle('setStationPassword', (args) => ({
      stationId: args.stationId,
      passwordSet: true,
      warnings: ['Fine for Basic auth, but its hex does not fit the OCPP 1.6 AuthorizationKey'],
    }))
    const w = await mountCard(detail())
    expect(find(w, 'password-state').text()).toBe('not set')
    await typePassword(w, 'sixteen-chars-pw')
    expect(find(w, 'password-hex').text()).toContain('7369787465656e2d63686172732d7077') // hex of the UTF-8 bytes
    await find(w, 'password-save').trigger('click')
    await flush()
    expect(client.callsOf('setStationPassword')).toEqual([{ stationId: 'CP1', password: 'sixteen-chars-pw' }])
    expect(find(w, 'password-state').text()).toBe('set')
    expect(find(w, 'password-warnings').text()).toContain('does not fit the OCPP 1.6 AuthorizationKey')
    expect((w.find('[data-testid="password-input"] input').element as HTMLInputElement).value).toBe('')
    expect(document.body.textContent).toContain('stays connected')
  })

  it('says the password rule (16–40 characters of the OCPP alphabet) while typing, and offers no Set for a password the CSMS would refuse', async () => {
    const w = await mountCard(detail())
    expect(find(w, 'password-rule').text()).toContain('16–40 characters: letters a–z and A–Z, digits 0–9 and * - _ = : + | @ .')
    const save = () => find(w, 'password-save').element as HTMLButtonElement
    await typePassword(w, 'short')
    expect(find(w, 'password-problem').text()).toBe('A station password has 16 to 40 characters; this one has 5')
    expect(save().disabled).toBe(true)
    expect(find(w, 'password-hex').exists()).toBe(false)
    await typePassword(w, 'sixteen chars pw')
    expect(find(w, 'password-problem').text()).toMatch(/^Character 8 of the password \(a space\) is not allowed/)
    expect(save().disabled).toBe(true)
    await typePassword(w, 'x'.repeat(41))
    expect(find(w, 'password-problem').text()).toContain('this one has 41')
    await typePassword(w, 'a-valid-password-of-25-ch')
    expect(find(w, 'password-problem').exists()).toBe(false)
    expect(find(w, 'password-note').text()).toContain('AuthorizationKey')
    expect(save().disabled).toBe(false)
    await find(w, 'password-save').trigger('click')
    await flush()
    expect(client.callsOf('setStationPassword')).toEqual([{ stationId: 'CP1', password: 'a-valid-password-of-25-ch' }])
  })

  it('generates a random 20-character password, shows it for copying and saves that one', async () => {
    const w = await mountCard(detail())
    await find(w, 'password-generate').trigger('click')
    await flush()
    const generated = (w.find('[data-testid="password-input"] input').element as HTMLInputElement).value
    expect(generated).toMatch(/^[A-Za-z0-9]{20}$/)
    expect(find(w, 'password-generated').text()).toContain(generated)
    await find(w, 'password-generate').trigger('click')
    await flush()
    const second = (w.find('[data-testid="password-input"] input').element as HTMLInputElement).value
    expect(second).not.toBe(generated)
    await find(w, 'password-save').trigger('click')
    await flush()
    expect(client.callsOf('setStationPassword')).toEqual([{ stationId: 'CP1', password: second }])
    expect(find(w, 'password-generated').text()).toContain(second)
  })

  it('removes the password only after the confirmation', async () => {
    client.handle('setStationPassword', (args) => ({ stationId: args.stationId, passwordSet: false, warnings: ['No password: Basic auth is required, so CP1 is refused at its next connection'] }))
    const w = await mountCard(detail({ passwordSet: true }))
    expect(find(w, 'password-state').text()).toBe('set')
    await find(w, 'password-remove').trigger('click')
    await flush()
    expect(client.callsOf('setStationPassword')).toEqual([])
    inBody('password-remove-confirm')!.click()
    await flush()
    expect(client.callsOf('setStationPassword')).toEqual([{ stationId: 'CP1', password: null }])
    expect(find(w, 'password-state').text()).toBe('not set')
    expect(find(w, 'password-remove').exists()).toBe(false)
    expect(find(w, 'password-warnings').text()).toContain('refused at its next connection')
  })

  it('shows the current security profile, 0 when the station has none, and what each level means', async () => {
    const w = await mountCard(detail())
    expect(profileChecked(w, 0)).toBe(true)
    const levels = find(w, 'security-profile-levels').text()
    expect(levels).toContain('0: no authentication required (ws://)')
    expect(levels).toContain('1: HTTP Basic auth with its password (ws://)')
    expect(levels).toContain('2: TLS (wss://) and Basic auth; its plain ws:// connections are refused')
    w.unmount()
    const at1 = await mountCard(detail({ securityProfile: 1, passwordSet: true }))
    expect(profileChecked(at1, 1)).toBe(true)
    expect(profileChecked(at1, 0)).toBe(false)
    expect(find(at1, 'security-profile-tls').exists()).toBe(false)
  })

  it('sets security profile 2, pending while the command runs, then shows the returned profile and the wss:// endpoints to use', async () => {
    const answer = deferred<StationDetail>()
    client.handle('setSecurityProfile', () => answer.promise)
    const w = await mountCard(detail({ passwordSet: true }))
    await chooseProfile(w, 2)
    expect(client.callsOf('setSecurityProfile')).toEqual([{ stationId: 'CP1', profile: 2 }])
    expect(find(w, 'security-profile-pending').text()).toContain('Setting profile 2')
    expect((w.find('[data-testid="security-profile-1"] input').element as HTMLInputElement).disabled).toBe(true)

    answer.resolve({ ...known, securityProfile: 2 })
    await flush()
    expect(find(w, 'security-profile-pending').exists()).toBe(false)
    expect(updates.map((d) => d.securityProfile)).toEqual([2])
    expect(profileChecked(w, 2)).toBe(true)
    expect(w.findAll('[data-testid="security-profile-tls-url"]').map((u) => u.text())).toEqual([
      'wss://192.168.1.5:9443/ocpp/CP1',
      'wss://127.0.0.1:9443/ocpp/CP1',
    ])
    expect(find(w, 'security-profile-no-password').exists()).toBe(false)
    expect(document.body.textContent).toContain('CP1 is at security profile 2. It stays connected; the profile applies from its next connection.')
  })

  it('percent-encodes the identity in the wss:// endpoint a station at profile 2 must use', async () => {
    const w = await mountCard(detail({ ...station('CP 7', false), securityProfile: 2, passwordSet: true }))
    expect(w.findAll('[data-testid="security-profile-tls-url"]').map((u) => u.text())).toContain('wss://127.0.0.1:9443/ocpp/CP%207')
  })

  it('warns, without blocking, that a station without a password is refused at profile 1, until a password is set', async () => {
    const w = await mountCard(detail({ passwordSet: false }))
    expect(find(w, 'security-profile-no-password').exists()).toBe(false)
    await chooseProfile(w, 1)
    expect(client.callsOf('setSecurityProfile')).toEqual([{ stationId: 'CP1', profile: 1 }])
    expect(profileChecked(w, 1)).toBe(true)
    expect(find(w, 'security-profile-no-password').text()).toContain('No password is set: at profile 1 CP1 is refused at its next connection')

    await typePassword(w, 'a-password-of-20-byt')
    await find(w, 'password-save').trigger('click')
    await flush()
    expect(find(w, 'security-profile-no-password').exists()).toBe(false)
  })

  it('warns about the missing password when choosing profile 2 too', async () => {
    const w = await mountCard(detail({ passwordSet: false }))
    await chooseProfile(w, 2)
    expect(profileChecked(w, 2)).toBe(true)
    expect(find(w, 'security-profile-no-password').text()).toContain('at profile 2 CP1 is refused')
  })

  it('says a failed security profile change and what to do, and keeps the previous profile', async () => {
    client.handle('setSecurityProfile', () => {
      throw new ApiError('NetworkError', 'The CSMS did not answer')
    })
    const w = await mountCard(detail({ securityProfile: 1, passwordSet: true }))
    await chooseProfile(w, 2)
    expect(client.callsOf('setSecurityProfile')).toEqual([{ stationId: 'CP1', profile: 2 }])
    expect(updates).toEqual([])
    expect(profileChecked(w, 1)).toBe(true)
    expect(profileChecked(w, 2)).toBe(false)
    const error = find(w, 'security-profile-error').text()
    expect(error).toContain('Security profile not changed: The CSMS did not answer')
    expect(error).toContain('CP1 stays at profile 1; check the CSMS is running and choose the profile again')
    expect(find(w, 'security-profile-pending').exists()).toBe(false)
    expect(find(w, 'security-profile-tls').exists()).toBe(false)
  })

  it('says the TLS endpoint is off when a station is at profile 2 but the CSMS runs without wss://', async () => {
    tlsUrls.length = 0
    const w = await mountCard(detail({ securityProfile: 2, passwordSet: true }))
    expect(w.findAll('[data-testid="security-profile-tls-url"]')).toHaveLength(0)
    expect(find(w, 'security-profile-tls-off').text()).toContain('TLS endpoint off')
    expect(find(w, 'security-profile-tls-off').text()).toContain('cannot connect at profile 2')
  })
})
