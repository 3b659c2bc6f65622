import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { Router } from 'vue-router'
import type { StationDetail } from '@shared/contract'
import { ApiError, setClient } from '@renderer/api'
import StationsPage from '@renderer/pages/StationsPage.vue'
import { FakeClient } from '../fake-client'
import { station } from '../fixtures'
import { flush, mountWithApp } from '../mount-helpers'

let client: FakeClient
let wrapper: VueWrapper | undefined
let router: Router

function detail(id: string, extra: Partial<StationDetail> = {}): StationDetail {
  return {
    ...station(id, false),
    registrationStatus: undefined,
    everAccepted: false,
    boot: undefined,
    passwordSet: false,
    recentViolations: [],
    effective: { heartbeatIntervalSec: 300, pingIntervalSec: 60, callTimeoutSec: 30, lenient: false, nominalVoltage: 230 },
    ...extra,
  }
}

beforeEach(() => {
  client = new FakeClient()
  client.handle('listStations', () => [station('CP1', true)])
  client.handle('setRegistration', (args) => detail(args.stationId, { registrationPolicy: args.status }))
  client.handle('setStationPassword', (args) => ({ stationId: args.stationId, passwordSet: args.password !== null, warnings: [] }))
  setClient(client)
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

const inBody = <T extends HTMLElement = HTMLElement>(selector: string): T | null => document.querySelector<T>(selector)

function type(testid: string, value: string): void {
  const input = inBody<HTMLInputElement>(`[data-testid="${testid}"] input`)!
  input.value = value
  input.dispatchEvent(new Event('input'))
}

async function openDialog(): Promise<void> {
  ;({ wrapper, router } = await mountWithApp(StationsPage))
  await flush()
  await wrapper.find('[data-testid="station-register"]').trigger('click')
  await flush()
}

const submit = () => inBody<HTMLButtonElement>('[data-testid="register-submit"]')!

describe('registering a station from the Stations page', () => {
  it('registers the identity with its boot answer, then sets its password, then opens its page', async () => {
    await openDialog()
    type('register-identity', '  CP-NEW  ')
    inBody<HTMLInputElement>('[data-testid="register-policy-Pending"] input')!.click()
    type('register-password', 'bench-password-0001')
    await flush()
    submit().click()
    await flush()
    await flush()
    expect(client.calls.map((c) => c.command).filter((c) => c !== 'listStations')).toEqual(['setRegistration', 'setStationPassword'])
    expect(client.callsOf('setRegistration')).toEqual([{ stationId: 'CP-NEW', status: 'Pending' }])
    expect(client.callsOf('setStationPassword')).toEqual([{ stationId: 'CP-NEW', password: 'bench-password-0001' }])
    expect(router.currentRoute.value.name).toBe('station')
    expect(router.currentRoute.value.params.id).toBe('CP-NEW')
  })

  it('sets no password when none is given', async () => {
    await openDialog()
    type('register-identity', 'CP-2')
    await flush()
    submit().click()
    await flush()
    await flush()
    expect(client.callsOf('setRegistration')).toEqual([{ stationId: 'CP-2', status: 'Accepted' }])
    expect(client.callsOf('setStationPassword')).toEqual([])
    expect(router.currentRoute.value.params.id).toBe('CP-2')
  })

  it('cannot be submitted without an identity, and warns when the identity is already known', async () => {
    await openDialog()
    expect(submit().disabled).toBe(true)
    type('register-identity', 'CP1')
    await flush()
    expect(submit().disabled).toBe(false)
    expect(inBody('[data-testid="register-dialog"]')!.textContent).toContain('CP1 is already known')
  })

  it('says the password rule and cannot be submitted with a password the CSMS would refuse', async () => {
    await openDialog()
    type('register-identity', 'CP-4')
    await flush()
    expect(inBody('[data-testid="register-dialog"]')!.textContent).toContain('Optional: 16–40 characters')
    type('register-password', 'short')
    await flush()
    expect(inBody('[data-testid="register-dialog"]')!.textContent).toContain('A station password has 16 to 40 characters; this one has 5')
    expect(submit().disabled).toBe(true)
    type('register-password', 'bench password 01')
    await flush()
    expect(inBody('[data-testid="register-dialog"]')!.textContent).toContain('Character 6 of the password (a space) is not allowed')
    expect(submit().disabled).toBe(true)
    type('register-password', 'bench-password-01')
    await flush()
    expect(submit().disabled).toBe(false)
  })

  it('stays open and says why when the registration is refused', async () => {
    client.handle('setRegistration', () => {
      throw new ApiError('BadRequest', 'stationId: must NOT have more than 255 characters')
    })
    await openDialog()
    type('register-identity', 'CP-3')
    type('register-password', 'bench-password-0001')
    await flush()
    submit().click()
    await flush()
    await flush()
    expect(inBody('[data-testid="register-error"]')!.textContent).toContain('Not registered: stationId: must NOT have more than 255 characters')
    expect(client.callsOf('setStationPassword')).toEqual([])
    expect(router.currentRoute.value.name).toBe('stations')
  })
})
