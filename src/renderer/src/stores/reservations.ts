import { defineStore } from 'pinia'
import { getClient } from '../api'
import { createReservationList } from './reservation-list'

/** Rows the Reservations page keeps (newest first). */
export const PAGE_LIMIT = 1000

/**
 * The Reservations page: the listReservations snapshot for the chosen station and view (active,
 * all, ended), kept live by reservationUpdated events; events during a load are kept.
 */
export const useReservationsStore = defineStore('reservations', () => {
  const list = createReservationList({ client: getClient(), filter: { view: 'all' }, limit: PAGE_LIMIT })
  return { ...list }
})
