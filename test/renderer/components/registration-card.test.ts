import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import type { VueWrapper } from '@vue/test-utils'
import type { StationDetail } from '@shared/contract'
import { ApiError, setClient } from '@renderer/api'
import RegistrationCard from '@renderer/components/station/RegistrationCard.vue'
import { FakeClient } from '../fake-client'
import { station } from '../fixtures'
import { flush, mountWithApp } from '../mount-helpers'

let client: FakeClient
let wrapper: VueWrapper | undefined
/** Every StationDetail the card emitted as 'updated'. */
let updates: StationDetail[]
/** The station as the fake CSMS keeps it. */
let known: StationDetail

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
      warnings: ['OCPP security profile 1 expects a password of 16–20 bytes; this one has 5'],
    }))
    const w = await mountCard(detail())
    expect(find(w, 'password-state').text()).toBe('not set')
    await typePassword(w, 'short')
    expect(find(w, 'password-hex').text()).toContain('73686f7274')
    await find(w, 'password-save').trigger('click')
    await flush()
    expect(client.callsOf('setStationPassword')).toEqual([{ stationId: 'CP1', password: 'short' }])
    expect(find(w, 'password-state').text()).toBe('set')
    expect(find(w, 'password-warnings').text()).toContain('16–20 bytes; this one has 5')
    expect((w.find('[data-testid="password-input"] input').element as HTMLInputElement).value).toBe('')
    expect(document.body.textContent).toContain('stays connected')
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
})
