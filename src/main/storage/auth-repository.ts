import type { AuthList, ListSend, Reservation } from '@shared/contract/auth-dto'
import type { AuthorizationData } from '@shared/ocpp/payloads'
import { ownValue, setEntry } from '../../shared/util/id-record'
import { frozenCopy } from './immutable'
import type { StateStore } from './state-store'

/** What the CSMS keeps of a station's local list (see StationLocalList). */
export interface StoredLocalList {
  expectedVersion?: number
  entries: AuthorizationData[]
  reported?: { listVersion: number; at: string; taskId: string }
  /** Set when what the station holds is not known (a send was interrupted); cleared by an accepted Full list. */
  unknown?: { since: string; reason: string }
  /** Newest last, at most MAX_HISTORY. */
  history: ListSend[]
}

const MAX_HISTORY = 50

export function reservationKey(r: Pick<Reservation, 'stationId' | 'reservationId' | 'createdAt'>): string {
  return `${r.stationId}\u0000${r.reservationId}\u0000${r.createdAt}`
}

/** Reservations, the local list library and each station's local list: small state in the state file. */
export class AuthRepository {
  constructor(private readonly store: StateStore) {}

  reservations(): Reservation[] {
    return this.store.read((data) => Object.values(data.reservations))
  }

  saveReservation(reservation: Reservation): Reservation {
    const stored = frozenCopy(reservation)
    this.store.update((data) => {
      setEntry(data.reservations, reservationKey(stored), stored)
    })
    return stored
  }

  authLists(): AuthList[] {
    return this.store.read((data) => Object.values(data.authLists)).sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
  }

  authList(id: string): AuthList | undefined {
    return this.store.read((data) => ownValue(data.authLists, id))
  }

  saveAuthList(list: AuthList): AuthList {
    const stored = frozenCopy(list)
    this.store.update((data) => {
      setEntry(data.authLists, stored.id, stored)
    })
    return stored
  }

  deleteAuthList(id: string): boolean {
    if (!this.authList(id)) return false
    this.store.update((data) => {
      delete data.authLists[id]
    })
    return true
  }

  localList(stationId: string): StoredLocalList {
    return this.store.read((data) => ownValue(data.localLists, stationId)) ?? { entries: [], history: [] }
  }

  /** Every station's stored local list. */
  localLists(): [string, StoredLocalList][] {
    return this.store.read((data) => Object.entries(data.localLists))
  }

  saveLocalList(stationId: string, list: StoredLocalList): void {
    const stored = frozenCopy({ ...list, history: list.history.slice(-MAX_HISTORY) })
    this.store.update((data) => {
      setEntry(data.localLists, stationId, stored)
    })
  }
}
