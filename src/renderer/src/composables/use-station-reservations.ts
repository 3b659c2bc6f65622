import { watch, type Ref } from 'vue'
import { getClient } from '../api'
import { createReservationList } from '../stores/reservation-list'

/** A station's open reservations (requested or active), newest first, kept current by reservationUpdated (for pickers). */
export function useStationReservations(stationId: Ref<string>) {
  const open = createReservationList({ client: getClient(), filter: { stationId: stationId.value, view: 'active' }, limit: 200 })
  watch(stationId, (id) => void open.setFilter({ stationId: id, view: 'active' }), { immediate: true })
  return { list: open.items, loaded: open.loaded, load: open.load }
}
