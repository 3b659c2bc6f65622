/**
 * What a station holds, as the CSMS mirrors it: the same replacement and clearing rules the
 * station applies (OCPP 1.6 §5.16.3/§5.16.4, §5.5; errata 3.25/3.26, 3.42). Pure functions over
 * the list of installed profiles.
 */
import type { InstalledProfile } from '@shared/contract/charging-dto'
import type { ClearChargingProfileRequest } from '@shared/ocpp/payloads'

/**
 * An accepted SetChargingProfile: the same chargingProfileId is replaced wherever it is, and so is
 * a profile of the same purpose and stack level on the same connector.
 */
export function applySet(installed: readonly InstalledProfile[], incoming: InstalledProfile): InstalledProfile[] {
  const { profile, connectorId } = incoming
  const kept = installed.filter(
    (item) =>
      item.profile.chargingProfileId !== profile.chargingProfileId &&
      !(item.connectorId === connectorId && item.profile.chargingProfilePurpose === profile.chargingProfilePurpose && item.profile.stackLevel === profile.stackLevel),
  )
  return [...kept, incoming]
}

/** Whether an accepted ClearChargingProfile removes this profile: by id only when an id is given, else every given criterion (AND), and none = all. */
export function clearMatches(item: InstalledProfile, request: ClearChargingProfileRequest): boolean {
  if (request.id !== undefined) return item.profile.chargingProfileId === request.id
  if (request.connectorId !== undefined && item.connectorId !== request.connectorId) return false
  if (request.chargingProfilePurpose !== undefined && item.profile.chargingProfilePurpose !== request.chargingProfilePurpose) return false
  if (request.stackLevel !== undefined && item.profile.stackLevel !== request.stackLevel) return false
  return true
}

export function applyClear(installed: readonly InstalledProfile[], request: ClearChargingProfileRequest): { kept: InstalledProfile[]; removed: InstalledProfile[] } {
  const kept: InstalledProfile[] = []
  const removed: InstalledProfile[] = []
  for (const item of installed) (clearMatches(item, request) ? removed : kept).push(item)
  return { kept, removed }
}

/** A transaction started on a connector: RemoteStartTransaction TxProfiles waiting there (or for any connector) now belong to it. */
export function bindTransaction(installed: readonly InstalledProfile[], connectorId: number, transactionId: number): InstalledProfile[] {
  let bound = false
  return installed.map((item) => {
    if (bound || !item.awaitingTransaction || (item.connectorId !== connectorId && item.connectorId !== 0)) return item
    bound = true
    const { awaitingTransaction: _waiting, ...rest } = item
    return { ...rest, connectorId, transactionId }
  })
}

/** A transaction ended: its TxProfiles cease (OCPP 1.6 §3.13.1). */
export function dropTransaction(installed: readonly InstalledProfile[], connectorId: number, transactionId: number): InstalledProfile[] {
  return installed.filter((item) => {
    if (item.profile.chargingProfilePurpose !== 'TxProfile' || item.awaitingTransaction) return true
    const applies = item.transactionId ?? item.profile.transactionId
    return !(applies === transactionId || (applies === undefined && item.connectorId === connectorId))
  })
}
