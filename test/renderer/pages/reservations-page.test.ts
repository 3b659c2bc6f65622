import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { NSelect } from 'naive-ui'
import type { Reservation } from '@shared/contract'
import { setClient } from '@renderer/api'
import ReserveNowForm from '@renderer/components/operations/reservation/ReserveNowForm.vue'
import ReservationsPage from '@renderer/pages/ReservationsPage.vue'
import { useReservationsStore } from '@renderer/stores/reservations'
import { FakeClient, deferred } from '../fake-client'
import { station, task } from '../fixtures'
import { flush, mountWithApp } from '../mount-helpers'
import { ended, reservation, stationDetail } from '../reservation-fixtures'

let client: FakeClient
let wrapper: VueWrapper | undefined
let stored: Reservation[]

const inMinutes = (min: number): string => new Date(Date.now() + min * 60_000).toISOString()

/** Every element reports this size (ECharts reads clientWidth/clientHeight); returns the undo. */
function stubElementSize(width: number, height: number): () => void {
  const proto = HTMLElement.prototype
  const saved = { w: Object.getOwnPropertyDescriptor(proto, 'clientWidth'), h: Object.getOwnPropertyDescriptor(proto, 'clientHeight') }
  Object.defineProperty(proto, 'clientWidth', { configurable: true, get: () => width })
  Object.defineProperty(proto, 'clientHeight', { configurable: true, get: () => height })
  return () => {
    for (const [name, descriptor] of [['clientWidth', saved.w], ['clientHeight', saved.h]] as const) {
      if (descriptor) Object.defineProperty(proto, name, descriptor)
      else delete (proto as unknown as Record<string, unknown>)[name]
    }
  }
}

beforeEach(() => {
  stored = [
    reservation(17, { expiryDate: inMinutes(12.5), createdAt: '2024-05-01T12:20:00.000Z' }),
    reservation(21, { stationId: 'CP2', connectorId: 0, idTag: 'TAG-9', parentIdTag: 'FLEET-A', expiryDate: inMinutes(90), createdAt: '2024-05-01T12:19:00.000Z' }),
    ended(reservation(16, { createdAt: '2024-05-01T12:10:00.000Z' }), 'used', { usedByTransactionId: 55, endReason: 'used by transaction 55' }),
    ended(reservation(15, { connectorId: 2, createdAt: '2024-05-01T12:05:00.000Z' }), 'rejected', { answer: 'Occupied' }),
  ]
  client = new FakeClient()
  client
    .handle('listStations', () => [station('CP1', true), station('CP2', false)])
    .handle('listReservations', (args) =>
      stored.filter((r) => (!args.stationId || r.stationId === args.stationId) && (!args.states || args.states.includes(r.state))),
    )
    .handle('sendCall', (args) => task('cancel-17', 'queued', { stationId: args.stationId, action: args.action, payload: args.payload }))
  setClient(client)
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

const find = (testid: string) => wrapper!.find(`[data-testid="${testid}"]`)
const text = (testid: string): string => find(testid).text()

async function mountPage(path = '/reservations'): Promise<void> {
  const mounted = await mountWithApp(ReservationsPage)
  wrapper = mounted.wrapper
  await mounted.router.push(path)
  await flush()
  await flush()
}

describe('Reservations page', () => {
  it('lists every reservation with its state, expiry, answer, end and transaction, newest first', async () => {
    await mountPage()
    expect(client.callsOf('listReservations')).toEqual([{ limit: 1000 }])
    expect(find('reservations-page').exists()).toBe(true)
    expect(text('reservation-state-17')).toBe('active')
    expect(text('reservation-state-16')).toBe('used')
    expect(text('reservation-state-15')).toBe('rejected')
    expect(text('reservation-expiry-17')).toBe('in 12 min')
    const held = text('reservation-row-21')
    expect(held).toContain('any (0)')
    expect(held).toContain('TAG-9')
    expect(held).toContain('FLEET-A')
    expect(find('reservation-row-21').find('a').text()).toBe('CP2')
    expect(text('reservation-row-16')).toContain('tx 55')
    expect(text('reservation-row-16')).toContain('used by transaction 55')
    expect(text('reservation-row-15')).toContain('Occupied')
    const ids = wrapper!.findAll('[data-testid^="reservation-row-"]').map((row) => row.attributes('data-testid'))
    expect(ids).toEqual(['reservation-row-17', 'reservation-row-21', 'reservation-row-16', 'reservation-row-15'])
    // Cancel only where the station holds the reservation.
    expect(find('reservation-cancel-17').exists()).toBe(true)
    expect(find('reservation-cancel-21').exists()).toBe(true)
    expect(find('reservation-cancel-16').exists()).toBe(false)
    expect(text('reservations-count')).toBe('2 active · 4 shown')
  })

  it('draws one timeline row per station and connector, a bar per reservation coloured by state, and a now line', async () => {
    // happy-dom lays nothing out: give the chart a size so the bars get one.
    const restore = stubElementSize(1000, 200)
    try {
      await mountPage()
      await vi.waitFor(() => expect(find('reservations-timeline').find('svg').exists()).toBe(true))
      const drawn = find('reservations-timeline').text()
      expect(drawn).toContain('CP1 · 1')
      expect(drawn).toContain('CP1 · 2')
      expect(drawn).toContain('CP2 · any (0)')
      expect(drawn).toContain('#17 TAG-1')
      expect(drawn).toContain('now')
      const fills = () => find('reservations-timeline').findAll('svg g[clip-path] path').map((p) => p.attributes('fill'))
      // These reservations span two years: auto shows ±1 day around now, where only the held ones (purple, full colour) reach.
      expect(fills()).toEqual(['#8a4fd6', '#8a4fd6'])
      await find('reservations-timeline-fit').find('input').trigger('change')
      await flush()
      // Every bar; the ended ones faded.
      expect(fills()).toEqual(expect.arrayContaining(['#8a4fd6', '#18a05899', '#d0305099']))
    } finally {
      restore()
    }
  })

  it('moves a reservation from active to used, then to expired, as reservationUpdated events arrive', async () => {
    await mountPage()
    client.emit('reservationUpdated', ended(stored[0]!, 'used', { usedByTransactionId: 77 }))
    await flush()
    expect(text('reservation-state-17')).toBe('used')
    expect(text('reservation-row-17')).toContain('tx 77')
    expect(find('reservation-cancel-17').exists()).toBe(false)
    expect(find('reservation-expiry-17').exists()).toBe(false)
    client.emit('reservationUpdated', ended(stored[1]!, 'expired'))
    await flush()
    expect(text('reservation-state-21')).toBe('expired')
    expect(text('reservations-count')).toBe('0 active · 4 shown')
  })

  it('a late copy of an active reservation does not bring an ended one back', async () => {
    await mountPage()
    client.emit('reservationUpdated', ended(stored[0]!, 'cancelled'))
    client.emit('reservationUpdated', stored[0]!)
    await flush()
    expect(text('reservation-state-17')).toBe('cancelled')
  })

  it('a reused reservationId is a new row; the old one shows replaced', async () => {
    await mountPage()
    client.emit('reservationUpdated', ended(stored[0]!, 'replaced'))
    client.emit('reservationUpdated', reservation(17, { idTag: 'TAG-NEW', state: 'requested', answer: undefined, createdAt: '2024-05-01T12:30:00.000Z' }))
    await flush()
    const rows = wrapper!.findAll('[data-testid="reservation-row-17"]')
    expect(rows.map((r) => r.find('[data-testid="reservation-state-17"]').text())).toEqual(['requested', 'replaced'])
    expect(rows[0]!.text()).toContain('TAG-NEW')
  })

  it('Cancel sends CancelReservation with the reservation’s id and shows the station’s answer', async () => {
    await mountPage()
    await find('reservation-cancel-21').trigger('click')
    await flush()
    expect(client.callsOf('sendCall')).toEqual([{ stationId: 'CP2', action: 'CancelReservation', payload: { reservationId: 21 }, wait: false }])
    client.emit('taskUpdated', task('cancel-17', 'answered', { stationId: 'CP2', action: 'CancelReservation', response: { status: 'Rejected' } }))
    await flush()
    expect(text('reservation-row-21')).toContain('Rejected')
    // Accepted: main marks it cancelled.
    client.emit('reservationUpdated', ended(stored[1]!, 'cancelled'))
    await flush()
    expect(text('reservation-state-21')).toBe('cancelled')
    expect(find('reservation-cancel-21').exists()).toBe(false)
  })

  it('filters on active, ended and a station through listReservations', async () => {
    const mounted = await mountWithApp(ReservationsPage)
    wrapper = mounted.wrapper
    await mounted.router.push('/reservations')
    await flush()
    await wrapper.find('[data-testid="reservations-filter-active"] input').trigger('change')
    await flush()
    expect(client.callsOf('listReservations').at(-1)).toEqual({ limit: 1000, states: ['requested', 'active'] })
    expect(find('reservation-row-16').exists()).toBe(false)
    expect(find('reservation-row-17').exists()).toBe(true)
    expect(mounted.router.currentRoute.value.query).toEqual({ view: 'active' })
    // An active one that gets used leaves the active view.
    client.emit('reservationUpdated', ended(stored[0]!, 'used'))
    await flush()
    expect(find('reservation-row-17').exists()).toBe(false)

    await wrapper.find('[data-testid="reservations-filter-ended"] input').trigger('change')
    await flush()
    expect(client.callsOf('listReservations').at(-1)).toEqual({ limit: 1000, states: ['used', 'expired', 'cancelled', 'ended', 'replaced', 'rejected', 'failed'] })
    expect(find('reservation-row-15').exists()).toBe(true)
    expect(find('reservation-row-21').exists()).toBe(false)

    const select = wrapper.findAllComponents(NSelect).find((c) => c.attributes('data-testid') === 'reservations-filter-station')
    select!.vm.$emit('update:value', 'CP2')
    await flush()
    expect(client.callsOf('listReservations').at(-1)).toEqual({ limit: 1000, stationId: 'CP2', states: ['used', 'expired', 'cancelled', 'ended', 'replaced', 'rejected', 'failed'] })
    expect(find('reservations-empty').text()).toContain('No reservation matches this filter')
    expect(mounted.router.currentRoute.value.query).toEqual({ stationId: 'CP2', view: 'ended' })
  })

  it('opens filtered on the station the address names', async () => {
    await mountPage('/reservations?stationId=CP2')
    expect(client.callsOf('listReservations').at(-1)).toEqual({ limit: 1000, stationId: 'CP2' })
    expect(find('reservation-row-21').exists()).toBe(true)
    expect(find('reservation-row-17').exists()).toBe(false)
  })

  it('keeps the events that arrive while the list is loading', async () => {
    const held = deferred<Reservation[]>()
    client.handle('listReservations', () => held.promise)
    await mountPage()
    client.emit('reservationUpdated', ended(stored[0]!, 'expired'))
    client.emit('reservationUpdated', reservation(30, { createdAt: '2024-05-01T12:40:00.000Z' }))
    held.resolve(stored)
    await flush()
    await flush()
    expect(text('reservation-state-17')).toBe('expired')
    expect(text('reservation-state-30')).toBe('active')
    expect(useReservationsStore().items.map((r) => r.reservationId)).toEqual([30, 17, 21, 16, 15])
  })

  it('says how reservations appear when there are none', async () => {
    stored = []
    await mountPage()
    expect(text('reservations-empty')).toContain('No reservations yet: send ReserveNow with “New reservation”')
    expect(find('reservations-timeline').exists()).toBe(false)
  })

  it('tells what failed and offers to try again', async () => {
    let fail = true
    client.handle('listReservations', () => {
      if (fail) throw new Error('socket hang up')
      return stored
    })
    await mountPage()
    expect(wrapper!.text()).toContain('Could not load the reservations: socket hang up')
    fail = false
    await wrapper!.findAll('button').find((b) => b.text() === 'try again')!.trigger('click')
    await flush()
    expect(find('reservation-row-17').exists()).toBe(true)
  })

  it('New reservation picks a station and sends reserveNow from the same form', async () => {
    client
      .handle('getStation', () => stationDetail('CP1'))
      .handle('getConfigurationSnapshot', () => {
        throw new Error('no configuration yet')
      })
      .handle('listIdTags', () => [])
      .handle('checkCall', () => ({ sendable: true, violations: [], warnings: [] }))
      .handle('reserveNow', (args) => task('reserve-9', 'queued', { action: 'ReserveNow', payload: args }))
    await mountPage()
    await find('reservation-new').trigger('click')
    await flush()
    await vi.waitFor(() => expect(document.querySelector('[data-testid="reservation-new-dialog"]')).not.toBeNull())
    const form = wrapper!.findComponent(ReserveNowForm)
    expect(form.props('stationId')).toBe('CP1')
    expect(form.props('online')).toBe(true)
    expect(form.find('[data-testid="op-zero-supported"]').text()).toContain('not known')
    await form.find('[data-testid="op-pick-connectorId-2"]').trigger('click')
    await form.find('[data-testid="op-field-idTag"]').setValue('GUEST-1')
    await form.find('[data-testid="op-expiry-1h"]').trigger('click')
    await new Promise((r) => setTimeout(r, 320))
    await flush()
    await form.find('[data-testid="op-send"]').trigger('click')
    await flush()
    expect(client.callsOf('reserveNow')).toEqual([{ stationId: 'CP1', connectorId: 2, idTag: 'GUEST-1', expiryDate: expect.any(String) }])
    expect(form.find('[data-testid="op-result"]').text()).toContain('queued')
  })

  it('a reservation the CSMS could not show whole is a row marked so (issue 18 §4)', async () => {
    stored = [stored[0]!, { ...stored[1]!, unreadable: 'This record could not be shown: it is nested too deeply to be written as JSON.' }]
    await mountPage()
    expect(find('reservation-row-17').find('[data-testid="unreadable"]').exists()).toBe(false)
    expect(find('reservation-row-21').find('[data-testid="unreadable"]').text()).toBe('could not be shown')
  })
})
