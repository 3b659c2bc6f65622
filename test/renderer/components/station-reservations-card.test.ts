import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { Reservation } from '@shared/contract'
import { setClient } from '@renderer/api'
import StationReservationsCard from '@renderer/components/reservations/StationReservationsCard.vue'
import { FakeClient } from '../fake-client'
import { task } from '../fixtures'
import { flush, mountWithApp } from '../mount-helpers'
import { ended, reservation } from '../reservation-fixtures'

let client: FakeClient
let wrapper: VueWrapper | undefined
let stored: Reservation[]

beforeEach(() => {
  stored = [
    reservation(17, { connectorId: 0 }),
    reservation(18, { connectorId: 2, idTag: 'TAG-2', parentIdTag: 'FLEET-A' }),
    ended(reservation(16), 'expired'),
    ended(reservation(15), 'cancelled'),
  ]
  client = new FakeClient()
  client
    .handle('listReservations', (args) => stored.filter((r) => r.stationId === args.stationId && (!args.states || args.states.includes(r.state))))
    .handle('sendCall', (args) => task('cancel-1', 'queued', { stationId: args.stationId, action: args.action, payload: args.payload }))
  setClient(client)
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

const section = (name: string) => wrapper!.find(`[data-testid="station-reservations-${name}"]`)

async function mountCard(stationId = 'CP1'): Promise<ReturnType<typeof mountWithApp>> {
  const mounted = mountWithApp(StationReservationsCard, { stationId })
  wrapper = (await mounted).wrapper
  await flush()
  return mounted
}

describe('Station reservations card', () => {
  it('shows what the station holds, with Cancel, apart from the last 20 others', async () => {
    await mountCard()
    expect(client.callsOf('listReservations')).toEqual(
      expect.arrayContaining([
        { stationId: 'CP1', states: ['requested', 'active'], limit: 200 },
        { stationId: 'CP1', states: ['used', 'expired', 'cancelled', 'ended', 'replaced', 'rejected', 'failed'], limit: 20 },
      ]),
    )
    expect(wrapper!.find('[data-testid="station-reservations"]').text()).toContain('2 active')
    const held = section('active')
    expect(held.find('[data-testid="reservation-row-17"]').text()).toContain('any (0)')
    expect(held.find('[data-testid="reservation-row-18"]').text()).toContain('FLEET-A')
    expect(held.find('[data-testid="reservation-row-16"]').exists()).toBe(false)
    expect(section('others').find('[data-testid="reservation-state-16"]').text()).toBe('expired')
    expect(section('others').find('[data-testid="reservation-cancel-16"]').exists()).toBe(false)

    await held.find('[data-testid="reservation-cancel-18"]').trigger('click')
    await flush()
    expect(client.callsOf('sendCall')).toEqual([{ stationId: 'CP1', action: 'CancelReservation', payload: { reservationId: 18 }, wait: false }])
  })

  it('moves a reservation to the others when it is used, and ignores other stations', async () => {
    await mountCard()
    client.emit('reservationUpdated', reservation(40, { stationId: 'CP9' }))
    client.emit('reservationUpdated', ended(stored[1]!, 'used', { usedByTransactionId: 5 }))
    await flush()
    expect(section('active').find('[data-testid="reservation-row-18"]').exists()).toBe(false)
    expect(section('others').find('[data-testid="reservation-row-18"]').text()).toContain('tx 5')
    expect(wrapper!.find('[data-testid="reservation-row-40"]').exists()).toBe(false)
    expect(wrapper!.find('[data-testid="station-reservations-count"]').text()).toBe('1 active')
  })

  it('says when the station has none, and links to the station’s reservations', async () => {
    stored = []
    const { router } = await mountCard('CP 7')
    expect(wrapper!.find('[data-testid="station-reservations-empty"]').text()).toContain('No reservations on this station yet')
    await wrapper!.find('[data-testid="station-reservations-all"]').trigger('click')
    await flush()
    expect(router.currentRoute.value.name).toBe('reservations')
    expect(router.currentRoute.value.query).toEqual({ stationId: 'CP 7' })
  })
})
