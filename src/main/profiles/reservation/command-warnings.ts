/**
 * Remarks on ReserveNow and CancelReservation before they are sent (spec notes §8; OCTT TC_046–
 * TC_053). Never a block: certification reserves connector 0 and cancels unknown ids on purpose.
 */
import type { Reservation } from '@shared/contract/auth-dto'
import type { ConnectorStatus } from '@shared/contract/dto'
import { ownValue } from '@shared/util/id-record'

export interface ReservationWarningContext {
  connectorIds: number[]
  /** Latest status per connector id. */
  connectors: Record<string, ConnectorStatus | undefined>
  /** ReserveConnectorZeroSupported as the station reported it, if it did. */
  reserveConnectorZeroSupported?: string
  /** The station's open reservations. */
  reservations: Reservation[]
  /** What Authorize would answer for a tag. */
  idTagStatus(idTag: string): string
  now: number
}

type Payload = Record<string, unknown>

/** What ReserveNow answers on a connector in a status that cannot take a reservation. */
const EXPECTED_ANSWER: ReadonlyMap<string, string> = new Map([
  ['Faulted', 'Faulted'],
  ['Unavailable', 'Unavailable'],
  ...['Reserved', 'Preparing', 'Charging', 'SuspendedEV', 'SuspendedEVSE', 'Finishing'].map((status) => [status, 'Occupied'] as const),
])

export function reservationCommandWarnings(action: string, payload: unknown, ctx: ReservationWarningContext): string[] {
  const p = (payload ?? {}) as Payload
  const warnings: string[] = []
  if (action === 'ReserveNow') {
    const connectorId = p.connectorId
    if (connectorId === 0) {
      const supported = ctx.reserveConnectorZeroSupported?.trim().toLowerCase()
      if (supported !== 'true') warnings.push(`Connector 0 reserves the whole charge point: the station reports ReserveConnectorZeroSupported=${ctx.reserveConnectorZeroSupported ?? '(unknown)'}; expect Rejected unless it is true`)
    } else if (typeof connectorId === 'number') {
      if (ctx.connectorIds.length > 0 && !ctx.connectorIds.includes(connectorId)) warnings.push(`Connector ${connectorId} is not one the station has reported (${ctx.connectorIds.join(', ')})`)
      const status = ownValue(ctx.connectors, String(connectorId))?.status
      const expected = status === undefined ? undefined : EXPECTED_ANSWER.get(status)
      if (expected) warnings.push(`Connector ${connectorId} is ${status}: expect ${expected}`)
    }
    if (typeof p.idTag === 'string') {
      const status = ctx.idTagStatus(p.idTag)
      if (status !== 'Accepted') warnings.push(`idTag ${p.idTag} is ${status} at this Central System: the station may not let it charge`)
    }
    if (typeof p.expiryDate === 'string' && Date.parse(p.expiryDate) <= ctx.now) warnings.push('expiryDate is in the past: the reservation ends at once')
    const same = ctx.reservations.find((r) => r.state === 'active' && r.reservationId === p.reservationId)
    if (same) warnings.push(`Reservation ${String(p.reservationId)} is active on connector ${same.connectorId}: the station replaces it`)
  }
  if (action === 'CancelReservation') {
    const known = ctx.reservations.some((r) => r.state === 'active' && r.reservationId === p.reservationId)
    if (!known) warnings.push(`No active reservation ${String(p.reservationId)} on this station as far as the CSMS knows: expect Rejected`)
  }
  return warnings
}
