import { computed, getCurrentScope, onScopeDispose, ref, shallowRef } from 'vue'
import type { CommandArgs, CsmsClient, Reservation, ReservationState } from '@shared/contract'
import { errorMessage, onResync } from '../api'
import { inView, isOpen, newestFirst, reservationKey, viewStates, type ReservationView } from '../utils/reservation-format'

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
  const loading = ref(false)
  const loaded = ref(false)
  const error = ref<string | null>(null)

  let generation = 0
  let pending: Reservation[] | null = null

  function apply(r: Reservation): void {
    if (pending) {
      pending.push(r)
      return
    }
    if (!loaded.value) return
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

  async function load(): Promise<void> {
    const gen = ++generation
    pending = []
    loading.value = true
    try {
      const snapshot = await client.invoke('listReservations', listArgs(filter.value, limit))
      if (gen !== generation) return
      const events = pending ?? []
      pending = null
      items.value = [...snapshot].sort(newestFirst)
      loaded.value = true
      error.value = null
      for (const r of events) apply(r)
    } catch (err) {
      if (gen !== generation) return
      error.value = `Could not load the reservations: ${errorMessage(err)}`
    } finally {
      if (gen === generation) {
        pending = null
        loading.value = false
      }
    }
  }

  function setFilter(next: ReservationFilter): Promise<void> {
    filter.value = next.stationId ? { stationId: next.stationId, view: next.view } : { view: next.view }
    return load()
  }

  const offs = [client.on('reservationUpdated', apply), onResync(() => void load())]
  function dispose(): void {
    offs.forEach((off) => off())
  }
  if (getCurrentScope()) onScopeDispose(dispose)

  const openCount = computed(() => items.value.filter(isOpen).length)

  return { filter, limit, items, openCount, loading, loaded, error, load, setFilter, apply, dispose }
}

export type ReservationList = ReturnType<typeof createReservationList>
