/** Reservation and Local Authorization List data shapes that cross the contract. */
import type { ListStub } from './dto'
import type { AuthorizationData } from '../ocpp/payloads'

export type ReservationState =
  | 'requested' // ReserveNow sent, no answer yet
  | 'active' // Accepted, not yet used, expired or cancelled
  | 'used' // a StartTransaction used it
  | 'expired' // expiryDate passed
  | 'cancelled' // CancelReservation Accepted
  | 'ended' // the connector went Faulted or Unavailable
  | 'replaced' // a new ReserveNow with the same reservationId was Accepted
  | 'rejected' // the station answered Faulted, Occupied, Rejected or Unavailable
  | 'failed' // CALLERROR, timeout, station offline, or refused by the schema

export interface Reservation extends ListStub {
  reservationId: number
  stationId: string
  connectorId: number
  idTag: string
  parentIdTag?: string
  expiryDate: string
  state: ReservationState
  /** The station's ReserveNow answer (Accepted, Faulted, Occupied, Rejected, Unavailable) or what went wrong. */
  answer?: string
  createdAt: string
  /** When it left `requested` / `active`. */
  endedAt?: string
  /** Why it ended, in words (e.g. "connector 1 went Faulted"). */
  endReason?: string
  usedByTransactionId?: number
  /** The ReserveNow task, and the CancelReservation task when there was one. */
  taskId: string
  cancelTaskId?: string
}

/** A local authorization list as the CSMS keeps it in its library. */
export interface AuthList extends ListStub {
  id: string
  name: string
  note?: string
  entries: AuthorizationData[]
  createdAt: string
  updatedAt: string
}

/** One SendLocalList message of a send (a long list goes in chunks: a Full, then Differentials). */
export interface ListChunk {
  listVersion: number
  updateType: 'Full' | 'Differential'
  entries: number
  taskId?: string
  /** Accepted, Failed, NotSupported, VersionMismatch, or the task's failure (callerror, timeout, offline, refused); absent while pending. */
  status?: string
}

/** One list sent to one station, with every chunk and the outcome. */
export interface ListSend {
  id: string
  stationId: string
  listId?: string
  /** What the operator asked for; "Differential" sends may come from a computed difference. */
  updateType: 'Full' | 'Differential'
  /** The list as it should be on the station once every chunk is accepted. */
  targetEntries: number
  chunks: ListChunk[]
  state: 'sending' | 'accepted' | 'failed'
  /** The station's answer that stopped the send, or the failure. */
  result?: string
  startedAt: string
  finishedAt?: string
  warnings: string[]
}

/** What the CSMS knows of one station's local list: what it believes is installed and what the station last reported. */
export interface StationLocalList {
  stationId: string
  /** The version the station holds as far as the CSMS knows (after the last accepted chunk); absent = never sent. */
  expectedVersion?: number
  /** The content the station holds as far as the CSMS knows. */
  entries: AuthorizationData[]
  /** The last GetLocalListVersion answer: -1 = not supported, 0 = empty. */
  reported?: { listVersion: number; at: string; taskId: string }
  /** The reported version differs from the expected one. */
  mismatch: boolean
  /**
   * What the station holds is not known (a send was cut off when the Central System stopped): the
   * next computed send is a Full list; an accepted Full list clears it.
   */
  unknown?: { since: string; reason: string }
  /** The station's limits from its configuration, when known. */
  limits: { sendLocalListMaxLength?: number; localAuthListMaxLength?: number; enabled?: boolean }
  /** Newest first. */
  history: ListSend[]
}
