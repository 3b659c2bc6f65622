/** How reservations are named and coloured on screen (words and colours only: their states come from main). */
import type { Reservation, ReservationState } from '@shared/contract/auth-dto'
import { formatUtc, relativeTime } from './format'

/** Which reservations a list shows: the ones a station may hold now, all, or the finished ones. */
export type ReservationView = 'active' | 'all' | 'ended'

/** Requested (no answer yet) and active: the station holds, or may hold, the reservation. */
export const OPEN_STATES: readonly ReservationState[] = ['requested', 'active']
export const ENDED_STATES: readonly ReservationState[] = ['used', 'expired', 'cancelled', 'ended', 'replaced', 'rejected', 'failed']

/** The `states` argument of listReservations for a view (absent = all). */
export function viewStates(view: ReservationView): ReservationState[] | undefined {
  if (view === 'active') return [...OPEN_STATES]
  if (view === 'ended') return [...ENDED_STATES]
  return undefined
}

export function isOpen(r: Pick<Reservation, 'state'>): boolean {
  return OPEN_STATES.includes(r.state)
}

export function inView(r: Pick<Reservation, 'state'>, view: ReservationView): boolean {
  return view === 'all' || (view === 'active') === isOpen(r)
}

/** One reservation: a reservationId may be reused (the old one is then "replaced"), so the creation time is part of it. */
export function reservationKey(r: Pick<Reservation, 'stationId' | 'reservationId' | 'createdAt'>): string {
  return `${r.stationId}\u0000${r.reservationId}\u0000${r.createdAt}`
}

const STATE_COLORS: Record<ReservationState, string> = {
  requested: '#2080f0',
  active: '#8a4fd6', // as the connector status Reserved
  used: '#18a058',
  expired: '#f0a020',
  cancelled: '#909399',
  ended: '#e0603a',
  replaced: '#b4b7bd',
  rejected: '#d03050',
  failed: '#a4173a',
}

export const STATE_TITLES: Record<ReservationState, string> = {
  requested: 'ReserveNow sent, no answer yet',
  active: 'Accepted by the station: held until it is used, expires or is cancelled',
  used: 'A StartTransaction used it',
  expired: 'Its expiryDate passed',
  cancelled: 'CancelReservation was accepted',
  ended: 'The connector or station went Faulted or Unavailable',
  replaced: 'A new ReserveNow with the same reservationId was accepted',
  rejected: 'The station answered ReserveNow with Faulted, Occupied, Rejected or Unavailable',
  failed: 'CALLERROR, no answer in time, station offline, or refused by the schema',
}

export function stateColor(state: string): string {
  return STATE_COLORS[state as ReservationState] ?? '#606266'
}

/** NTag's `color` prop for a state. */
export function stateTagColor(state: string): { color: string; textColor: string; borderColor: string } {
  const hex = stateColor(state)
  return { color: `${hex}1f`, textColor: hex, borderColor: `${hex}66` }
}

/** `any (0)` for connector 0: the station keeps one connector free. */
export function connectorText(connectorId: number): string {
  return connectorId === 0 ? 'any (0)' : String(connectorId)
}

/** `12:30` when the instant is on today's UTC date, else `2024-05-02 12:30` (UTC). */
export function shortTime(iso: string, now: number): string {
  const t = Date.parse(iso)
  if (Number.isNaN(t)) return iso
  const full = formatUtc(iso)
  return full.slice(0, 10) === new Date(now).toISOString().slice(0, 10) ? full.slice(11, 16) : full.slice(0, 16)
}

/** For the expiry column of a reservation the station may hold: `in 12 min`, or `expired` once past; nothing for a finished one (its state says it). */
export function expiryHint(r: Pick<Reservation, 'state' | 'expiryDate'>, now: number): string | undefined {
  const t = Date.parse(r.expiryDate)
  if (Number.isNaN(t) || !isOpen(r)) return undefined
  return t <= now ? 'expired' : relativeTime(r.expiryDate, now)
}

/** `#17 — connector 1, TAG-1, until 12:30` (a picker's label). */
export function reservationLabel(r: Reservation, now: number): string {
  const where = r.connectorId === 0 ? 'any connector (0)' : `connector ${r.connectorId}`
  return `#${r.reservationId} — ${where}, ${r.idTag}, until ${shortTime(r.expiryDate, now)}`
}

/** One line per fact, for the timeline's tooltip (plain text; the chart escapes nothing). */
export function reservationFacts(r: Reservation): [string, string][] {
  const facts: [string, string][] = [
    ['reservationId', String(r.reservationId)],
    ['station', `${r.stationId}, connector ${connectorText(r.connectorId)}`],
    ['idTag', r.idTag],
    ['parentIdTag', r.parentIdTag ?? '—'],
    ['state', r.state],
    ['answer', r.answer ?? '—'],
    ['created', `${formatUtc(r.createdAt)} UTC`],
    ['expiryDate', `${formatUtc(r.expiryDate)} UTC`],
  ]
  if (r.endedAt) facts.push(['ended', `${formatUtc(r.endedAt)} UTC`])
  if (r.endReason) facts.push(['end reason', r.endReason])
  if (r.usedByTransactionId !== undefined) facts.push(['used by', `transaction ${r.usedByTransactionId}`])
  return facts
}

/** Newest first by creation, then by id. */
export function newestFirst(a: Reservation, b: Reservation): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1
  return b.reservationId - a.reservationId
}
