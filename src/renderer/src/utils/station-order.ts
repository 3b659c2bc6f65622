import type { StationSummary } from '@shared/contract'

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })

/** The stations to pick from in a bulk send: those whose id contains `search` (any case), online first, then by id in natural order. */
export function stationsToPick(stations: StationSummary[], search: string): StationSummary[] {
  const q = search.trim().toLowerCase()
  return stations
    .filter((s) => !q || s.id.toLowerCase().includes(q))
    .sort((a, b) => Number(b.connection.connected) - Number(a.connection.connected) || collator.compare(a.id, b.id))
}
