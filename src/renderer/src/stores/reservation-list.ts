import { computed, ref, shallowRef } from 'vue'
import type { CommandArgs, CsmsClient, Reservation, ReservationState } from '@shared/contract'
import { inView, isOpen, newestFirst, reservationKey, viewStates, type ReservationView } from '../utils/reservation-format'
import { createLiveList } from './live-list'

export interface ReservationFilter {
  stationId?: string
  view: ReservationView
}

export interface ReservationListOptions {
  client: CsmsClient
  filter?: ReservationFilter
  /** At most this many rows, newest first. */
  limit?: number
}

/** requested < active < any final state: an older copy of a reservation never replaces a newer one. */
function rank(state: ReservationState): number {
  if (state === 'requested') return 0
  return state === 'active' ? 1 : 2
}

export function matchesFilter(r: Reservation, filter: ReservationFilter): boolean {
  return (filter.stationId === undefined || r.stationId === filter.stationId) && inView(r, filter.view)
}

/** The listReservations arguments for a filter. */
export function listArgs(filter: ReservationFilter, limit: number): CommandArgs<'listReservations'> {
  const args: CommandArgs<'listReservations'> = { limit }
  if (filter.stationId) args.stationId = filter.stationId
  const states = viewStates(filter.view)
  if (states) args.states = states
  return args
}

/**
 * Reservations, newest first: a listReservations snapshot kept current by reservationUpdated events
 * (keyed by station, reservationId and creation: a reused id is another reservation). Events that
 * arrive while a snapshot is on its way are replayed on top of it. Used by the Reservations page (as
 * a store), a station's card and the operation forms' pickers.
 */
export function createReservationList(options: ReservationListOptions) {
  const { client } = options
  const filter = ref<ReservationFilter>(options.filter ?? { view: 'all' })
  const limit = options.limit ?? 500
  const items = shallowRef<Reservation[]>([])

  function applyEvent(r: Reservation): void {
    const key = reservationKey(r)
    const list = items.value
    const index = list.findIndex((x) => reservationKey(x) === key)
    const matches = matchesFilter(r, filter.value)
    if (index >= 0) {
      if (rank((list[index] as Reservation).state) > rank(r.state)) return
      const next = list.slice()
      if (matches) next[index] = r
      else next.splice(index, 1)
      items.value = next
      return
    }
    if (!matches) return
    let position = list.findIndex((x) => newestFirst(r, x) < 0)
    if (position < 0) position = list.length
    if (position >= limit) return // older than every row kept
    const next = list.slice()
    next.splice(position, 0, r)
    if (next.length > limit) next.length = limit
    items.value = next
  }

  const { loading, loaded, error, load, apply, dispose } = createLiveList({
    fetch: () => client.invoke('listReservations', listArgs(filter.value, limit)),
    take: (snapshot: Reservation[]) => {
      items.value = [...snapshot].sort(newestFirst)
    },
    applyEvent,
    listen: (on) => client.on('reservationUpdated', on),
    what: 'the reservations',
  })

  function setFilter(next: ReservationFilter): Promise<void> {
    filter.value = next.stationId ? { stationId: next.stationId, view: next.view } : { view: next.view }
    return load()
  }

  const openCount = computed(() => items.value.filter(isOpen).length)

  return { filter, limit, items, openCount, loading, loaded, error, load, setFilter, apply, dispose }
}

export type ReservationList = ReturnType<typeof createReservationList>
