import type { AuthList, ListChunk, ListSend, StationLocalList } from '@shared/contract'
import type { AuthorizationData } from '@shared/ocpp/payloads'

/** An entry with idTagInfo (status Accepted unless given). */
export function authEntry(idTag: string, status: NonNullable<AuthorizationData['idTagInfo']>['status'] = 'Accepted', extra: { expiryDate?: string; parentIdTag?: string } = {}): AuthorizationData {
  return { idTag, idTagInfo: { status, ...extra } }
}

/** An entry without idTagInfo: a removal in a Differential update. */
export function removal(idTag: string): AuthorizationData {
  return { idTag }
}

export function authList(id: string, name: string, entries: AuthorizationData[], extra: Partial<AuthList> = {}): AuthList {
  return { id, name, entries, createdAt: '2024-05-01T10:00:00.000Z', updatedAt: '2024-05-01T10:00:00.000Z', ...extra }
}

/** A chunk sent as task `task-v<version>` unless given; taskId null = not sent yet. */
export function chunk(listVersion: number, updateType: ListChunk['updateType'], entries: number, status?: string, taskId: string | null = `task-v${listVersion}`): ListChunk {
  return { listVersion, updateType, entries, ...(taskId ? { taskId } : {}), ...(status ? { status } : {}) }
}

export function listSend(id: string, stationId: string, extra: Partial<ListSend> = {}): ListSend {
  return { id, stationId, updateType: 'Full', targetEntries: 2, chunks: [chunk(1, 'Full', 2)], state: 'sending', startedAt: '2024-05-01T12:00:00.000Z', warnings: [], ...extra }
}

export function stationList(stationId: string, extra: Partial<StationLocalList> = {}): StationLocalList {
  return { stationId, entries: [], mismatch: false, limits: {}, history: [], ...extra }
}
