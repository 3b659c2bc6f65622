/**
 * Local list contents as the station keeps them (OCPP 1.6 §5.15, §7.1): a Full update replaces the
 * list, a Differential one adds or changes entries with idTagInfo and removes those without.
 * idTags compare case-insensitively (errata 3.74). Pure functions.
 */
import type { AuthorizationData } from '@shared/ocpp/payloads'

const key = (entry: AuthorizationData): string => entry.idTag.toUpperCase()

function sameInfo(a: AuthorizationData['idTagInfo'], b: AuthorizationData['idTagInfo']): boolean {
  if (!a || !b) return a === b
  const time = (iso?: string) => (iso === undefined ? undefined : Date.parse(iso))
  return a.status === b.status && time(a.expiryDate) === time(b.expiryDate) && (a.parentIdTag ?? '').toUpperCase() === (b.parentIdTag ?? '').toUpperCase()
}

/** The list after an accepted update. Entries without idTagInfo in a Full update are not stored. */
export function applyUpdate(installed: readonly AuthorizationData[], updateType: 'Full' | 'Differential', entries: readonly AuthorizationData[]): AuthorizationData[] {
  const list = new Map<string, AuthorizationData>(updateType === 'Full' ? [] : installed.map((e) => [key(e), e]))
  for (const entry of entries) {
    if (entry.idTagInfo) list.set(key(entry), entry)
    else list.delete(key(entry))
  }
  return [...list.values()]
}

/** The Differential entries that turn `installed` into `target`: changed or new ones with idTagInfo, removed ones without. */
export function difference(installed: readonly AuthorizationData[], target: readonly AuthorizationData[]): AuthorizationData[] {
  const before = new Map(installed.map((e) => [key(e), e]))
  const wanted = new Map(target.filter((e) => e.idTagInfo).map((e) => [key(e), e]))
  const changes: AuthorizationData[] = []
  for (const [k, entry] of wanted) if (!sameInfo(before.get(k)?.idTagInfo, entry.idTagInfo)) changes.push(entry)
  for (const [k, entry] of before) if (!wanted.has(k)) changes.push({ idTag: entry.idTag })
  return changes
}

/**
 * The messages of one send: at most `chunkSize` entries each, consecutive versions from
 * `firstVersion`. A Full list goes as a Full first and Differentials after it; an empty Full
 * (clearing the list) is one message.
 */
export function planChunks(updateType: 'Full' | 'Differential', entries: readonly AuthorizationData[], chunkSize: number | undefined, firstVersion: number) {
  const size = chunkSize !== undefined && chunkSize > 0 ? chunkSize : Math.max(entries.length, 1)
  const chunks: { listVersion: number; updateType: 'Full' | 'Differential'; entries: AuthorizationData[] }[] = []
  for (let start = 0; start < entries.length || chunks.length === 0; start += size) {
    chunks.push({ listVersion: firstVersion + chunks.length, updateType: chunks.length === 0 ? updateType : 'Differential', entries: entries.slice(start, start + size) })
  }
  return chunks
}
