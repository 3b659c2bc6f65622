import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { reactive, type Component } from 'vue'
import type { VueWrapper } from '@vue/test-utils'
import type { CallCheck, ConfigurationSnapshot } from '@shared/contract'
import { setClient } from '@renderer/api'
import OperationsCard from '@renderer/components/operations/OperationsCard.vue'
import { OPERATIONS, operationSelectOptions } from '@renderer/components/operations/operation-registry'
import CancelReservationForm from '@renderer/components/operations/reservation/CancelReservationForm.vue'
import ReserveNowForm from '@renderer/components/operations/reservation/ReserveNowForm.vue'
import { FakeClient } from '../fake-client'
import { task } from '../fixtures'
import { idTag } from '../id-tag-fixtures'
import { flush, mountWithApp } from '../mount-helpers'
import { ended, reservation, stationDetail, zeroSupported } from '../reservation-fixtures'

let client: FakeClient
let wrapper: VueWrapper | undefined
let callCheck: CallCheck
let configuration: ConfigurationSnapshot

const ACTIVE = reservation(17, { expiryDate: '2099-01-01T12:30:00.000Z' })

beforeEach(() => {
  callCheck = { sendable: true, violations: [], warnings: [] }
  configuration = zeroSupported('true')
  client = new FakeClient()
  client
    .handle('checkCall', () => callCheck)
    .handle('sendCall', (args) => task('cancel-1', 'queued', { stationId: args.stationId, action: args.action, payload: args.payload }))
    .handle('reserveNow', (args) => task('reserve-1', 'queued', { stationId: args.stationId, action: 'ReserveNow', payload: args }))
    .handle('getStation', () => stationDetail())
    .handle('getConfigurationSnapshot', () => configuration)
    .handle('listIdTags', () => [idTag('TAG-1', { parentIdTag: 'FLEET-A' }), idTag('TAG-2'), idTag('BLOCKED-1', { status: 'Blocked', parentIdTag: 'FLEET-A' })])
    .handle('listReservations', (args) => [ACTIVE, ended(reservation(16), 'expired')].filter((r) => !args.states || args.states.includes(r.state)))
  setClient(client)
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

const settle = async (): Promise<void> => {
  await new Promise((r) => setTimeout(r, 320))
  await flush()
}

async function open(form: Component, props: Record<string, unknown> = {}): Promise<VueWrapper> {
  ;({ wrapper } = await mountWithApp(form, { stationId: 'CP1', online: true, ...props }))
  await flush()
  await flush()
  return wrapper
}

const byTestId = (w: VueWrapper, id: string) => w.find(`[data-testid="${id}"]`)
const sendButton = (w: VueWrapper) => byTestId(w, 'op-send')
const inputValue = (w: VueWrapper, name: string) => (byTestId(w, `op-field-${name}`).element as HTMLInputElement).value

async function type(w: VueWrapper, name: string, value: string): Promise<void> {
  await byTestId(w, `op-field-${name}`).setValue(value)
  await flush()
}

async function click(w: VueWrapper, testid: string): Promise<void> {
  await byTestId(w, testid).trigger('click')
  await flush()
}

async function choose(w: VueWrapper, testid: string): Promise<void> {
  await w.find(`[data-testid="${testid}"] input`).trigger('change')
  await flush()
}

async function sendWith(w: VueWrapper, command: 'sendCall' | 'reserveNow'): Promise<unknown[]> {
  await settle()
  expect(sendButton(w).attributes('disabled')).toBeUndefined()
  await sendButton(w).trigger('click')
  await flush()
  return client.callsOf(command)
}

const lastCheckPayload = () => (client.callsOf('checkCall').at(-1) as { action: string; payload: Record<string, unknown> } | undefined)

describe('ReserveNow goes through reserveNow, so main allocates the id and fills the parent', () => {
  it('reserves connector 0 with the store’s parent and no reservationId, showing ReserveConnectorZeroSupported (TC_049)', async () => {
    const w = await open(ReserveNowForm)
    await click(w, 'op-pick-connectorId-0')
    expect(byTestId(w, 'op-connector-status').text()).toContain('Charge point (0) now: Available')
    expect(byTestId(w, 'op-zero-supported').text()).toContain('ReserveConnectorZeroSupported = true')
    await type(w, 'idTag', 'tag-1')
    expect(byTestId(w, 'op-idtag-status').text()).toContain('parent FLEET-A')
    expect(byTestId(w, 'op-parent-note').text()).toContain('Sent with FLEET-A, the parent of TAG-1')
    const before = Date.now()
    await click(w, 'op-expiry-15m')
    const expiry = inputValue(w, 'expiryDate')
    expect(Date.parse(expiry) - before).toBeGreaterThan(14 * 60_000)
    expect(Date.parse(expiry) - before).toBeLessThan(16 * 60_000)

    expect(await sendWith(w, 'reserveNow')).toEqual([{ stationId: 'CP1', connectorId: 0, idTag: 'tag-1', expiryDate: expiry }])
    expect(client.callsOf('sendCall')).toEqual([])
    // The check sees the payload as the station will get it: the store's parent, an id standing in for the new one.
    expect(lastCheckPayload()).toMatchObject({ action: 'ReserveNow', payload: { connectorId: 0, idTag: 'tag-1', expiryDate: expiry, parentIdTag: 'FLEET-A', reservationId: 18 } })
  })

  it('says when the station does not support connector 0, and still sends it', async () => {
    configuration = zeroSupported('false')
    const w = await open(ReserveNowForm, { prefill: { idTag: 'TAG-2', expiryDate: '2099-01-01T00:00:00Z' } })
    await type(w, 'connectorId', '0')
    expect(byTestId(w, 'op-zero-supported').text()).toContain('ReserveConnectorZeroSupported = false')
    expect((await sendWith(w, 'reserveNow'))[0]).toMatchObject({ connectorId: 0 })
  })

  it('shows the connector’s current status and a tag without parent', async () => {
    const w = await open(ReserveNowForm)
    await type(w, 'connectorId', '1')
    expect(byTestId(w, 'op-connector-status').text()).toContain('Connector 1 now: Charging')
    await type(w, 'connectorId', '7')
    expect(byTestId(w, 'op-connector-status').text()).toContain('Connector 7: no status reported')
    await type(w, 'idTag', 'TAG-2')
    expect(byTestId(w, 'op-parent-note').text()).toContain('no parent for TAG-2: sent without parentIdTag')
  })

  it('sends a typed reservationId and a typed parent as typed, and null for “none”', async () => {
    const w = await open(ReserveNowForm, { prefill: { connectorId: 2, idTag: 'TAG-1', expiryDate: '2099-01-01T00:00:00Z' } })
    await type(w, 'reservationId', '4242')
    await choose(w, 'op-parent-mode-typed')
    expect(sendButton(w).attributes('disabled')).toBeDefined()
    expect(byTestId(w, 'op-missing').text()).toContain('type a parentIdTag')
    await type(w, 'parentIdTag', 'OTHER-GROUP')
    await sendWith(w, 'reserveNow')
    expect(lastCheckPayload()?.payload).toMatchObject({ parentIdTag: 'OTHER-GROUP', reservationId: 4242 })
    await choose(w, 'op-parent-mode-none')
    await settle()
    expect(lastCheckPayload()?.payload).not.toHaveProperty('parentIdTag')
    const calls = await sendWith(w, 'reserveNow')
    expect(calls).toEqual([
      { stationId: 'CP1', connectorId: 2, idTag: 'TAG-1', expiryDate: '2099-01-01T00:00:00Z', parentIdTag: 'OTHER-GROUP', reservationId: 4242 },
      { stationId: 'CP1', connectorId: 2, idTag: 'TAG-1', expiryDate: '2099-01-01T00:00:00Z', parentIdTag: null, reservationId: 4242 },
    ])
  })

  it('offers the station’s active reservations to replace by id', async () => {
    const w = await open(ReserveNowForm, { prefill: { connectorId: 1, idTag: 'TAG-2', expiryDate: '2099-01-01T00:00:00Z' } })
    expect(byTestId(w, 'op-pick-reservationId-17').text()).toContain('#17 · replace (c1, TAG-1)')
    expect(byTestId(w, 'op-pick-reservationId-16').exists()).toBe(false)
    await click(w, 'op-pick-reservationId-17')
    expect((await sendWith(w, 'reserveNow'))[0]).toMatchObject({ reservationId: 17 })
  })

  it('shows checkCall warnings and still sends; a schema violation disables Send', async () => {
    callCheck = { sendable: true, violations: [], warnings: ['Connector 1 is Charging: the station will likely answer Occupied'] }
    const w = await open(ReserveNowForm, { prefill: { connectorId: 1, idTag: 'TAG-1', expiryDate: '2099-01-01T00:00:00Z' } })
    await settle()
    expect(byTestId(w, 'op-warnings').text()).toContain('likely answer Occupied')
    expect(await sendWith(w, 'reserveNow')).toHaveLength(1)
    expect(byTestId(w, 'op-result').text()).toContain('queued')
    client.emit('taskUpdated', task('reserve-1', 'answered', { action: 'ReserveNow', payload: { reservationId: 901 }, response: { status: 'Occupied' } }))
    await flush()
    expect(byTestId(w, 'op-result').text()).toContain('"status": "Occupied"')

    callCheck = { sendable: false, reason: 'The payload breaks the ReserveNow schema', violations: [{ code: 'PropertyConstraintViolation', path: '/idTag', message: 'must NOT have more than 20 characters' }], warnings: [] }
    await type(w, 'idTag', 'A-TAG-MUCH-LONGER-THAN-20')
    await settle()
    expect(byTestId(w, 'op-violations').text()).toContain('PropertyConstraintViolation /idTag')
    expect(sendButton(w).attributes('disabled')).toBeDefined()
  })

  it('an expiryDate without a time zone is explained and not sent', async () => {
    const w = await open(ReserveNowForm, { prefill: { connectorId: 1, idTag: 'TAG-1' } })
    expect(byTestId(w, 'op-missing').text()).toContain('expiryDate is required')
    await type(w, 'expiryDate', '2099-01-01 12:00')
    expect(w.text()).toContain('Not an ISO-8601 date-time with a time zone')
    expect(sendButton(w).attributes('disabled')).toBeDefined()
    await type(w, 'expiryDate', '2099-01-01T12:00:00+02:00')
    expect((await sendWith(w, 'reserveNow'))[0]).toMatchObject({ expiryDate: '2099-01-01T12:00:00+02:00' })
  })

  it('reports a command the CSMS refused', async () => {
    client.handle('reserveNow', () => {
      throw new Error('Unknown station CP1')
    })
    const w = await open(ReserveNowForm, { prefill: { connectorId: 1, idTag: 'TAG-1', expiryDate: '2099-01-01T00:00:00Z' } })
    await sendWith(w, 'reserveNow')
    expect(w.text()).toContain('The reservation was not sent: Unknown station CP1')
  })
})

describe('CancelReservation sends any reservationId through sendCall', () => {
  it('offers the station’s active reservations by id, connector, tag and expiry', async () => {
    const w = await open(CancelReservationForm)
    expect(byTestId(w, 'op-pick-reservationId-17').text()).toMatch(/^#17 — connector 1, TAG-1, until 2099-01-01 12:30$/)
    expect(byTestId(w, 'op-pick-reservationId-16').exists()).toBe(false)
    expect(client.callsOf('listReservations')).toEqual([{ stationId: 'CP1', states: ['requested', 'active'], limit: 200 }])
    await click(w, 'op-pick-reservationId-17')
    expect(await sendWith(w, 'sendCall')).toEqual([{ stationId: 'CP1', action: 'CancelReservation', payload: { reservationId: 17 }, wait: false }])
  })

  it('sends an id the station does not hold, with the warning shown (TC_052)', async () => {
    callCheck = { sendable: true, violations: [], warnings: ['No reservation 9999 is known on CP1: the station will likely answer Rejected'] }
    const w = await open(CancelReservationForm)
    await type(w, 'reservationId', '9999')
    await settle()
    expect(byTestId(w, 'op-warnings').text()).toContain('No reservation 9999')
    expect(await sendWith(w, 'sendCall')).toEqual([{ stationId: 'CP1', action: 'CancelReservation', payload: { reservationId: 9999 }, wait: false }])
  })

  it('refuses only text that is not an integer', async () => {
    const w = await open(CancelReservationForm)
    await type(w, 'reservationId', '17a')
    expect(sendButton(w).attributes('disabled')).toBeDefined()
    expect(w.text()).toContain('only integers can be sent')
    await type(w, 'reservationId', '-3')
    expect((await sendWith(w, 'sendCall'))[0]).toMatchObject({ payload: { reservationId: -3 } })
  })
})

describe('operations registry', () => {
  it('groups ReserveNow and CancelReservation under Reservation, after Smart Charging', () => {
    expect(OPERATIONS.filter((op) => op.profile === 'Reservation').map((op) => op.action)).toEqual(['ReserveNow', 'CancelReservation'])
    const labels = operationSelectOptions().map((g) => g.label)
    expect(labels.indexOf('Reservation')).toBe(labels.indexOf('Smart Charging') + 1)
  })

  it('the Operations card opens ReserveNow prefilled', async () => {
    const props = reactive<Record<string, unknown>>({ stationId: 'CP1', online: true, initial: { action: 'ReserveNow', prefill: { connectorId: 2, idTag: 'TAG-2' } } })
    ;({ wrapper } = await mountWithApp(OperationsCard, props))
    await flush()
    expect(wrapper.find('[data-testid="operations-card"]').text()).toContain('Reserve now (Reservation)')
    expect(inputValue(wrapper, 'connectorId')).toBe('2')
    expect(inputValue(wrapper, 'idTag')).toBe('TAG-2')
  })
})
