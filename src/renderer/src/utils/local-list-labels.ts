/** How local list sends and versions are shown: words for what main reports, never a decision of OCPP's. */
import type { ListChunk, ListSend, StationLocalList } from '@shared/contract'

/** The AuthorizationStatus values an entry can carry (OCPP 1.6 §7.1). */
export const ENTRY_STATUSES = ['Accepted', 'Blocked', 'Expired', 'Invalid', 'ConcurrentTx'] as const
export type EntryStatus = (typeof ENTRY_STATUSES)[number]

export type SendOutcome = 'accepted' | 'versionMismatch' | 'notSupported' | 'failed' | 'pending'

/** Where a send stands, from its state and the answer that stopped it. */
export function sendOutcome(send: ListSend): SendOutcome {
  if (send.state === 'sending') return 'pending'
  if (send.state === 'accepted') return 'accepted'
  if (send.result === 'VersionMismatch') return 'versionMismatch'
  if (send.result === 'NotSupported') return 'notSupported'
  return 'failed'
}

const OUTCOME_WORDS: Record<SendOutcome, string> = {
  accepted: 'accepted',
  versionMismatch: 'version mismatch',
  notSupported: 'not supported',
  failed: 'failed',
  pending: 'pending',
}
const OUTCOME_ORDER: SendOutcome[] = ['accepted', 'versionMismatch', 'notSupported', 'failed', 'pending']

/** `8 accepted, 1 version mismatch, 1 pending` (accepted always, the others when there are any). */
export function sendCounts(sends: ListSend[]): { counts: Record<SendOutcome, number>; text: string } {
  const counts: Record<SendOutcome, number> = { accepted: 0, versionMismatch: 0, notSupported: 0, failed: 0, pending: 0 }
  for (const send of sends) counts[sendOutcome(send)]++
  const text = OUTCOME_ORDER.filter((o) => o === 'accepted' || counts[o] > 0)
    .map((o) => `${counts[o]} ${OUTCOME_WORDS[o]}`)
    .join(', ')
  return { counts, text }
}

/** The final word of a send: the station's answer (Accepted, VersionMismatch…) or what went wrong; undefined while sending. */
export function outcomeLabel(send: ListSend): string | undefined {
  if (send.state === 'sending') return undefined
  if (send.state === 'accepted') return 'Accepted'
  return send.result ?? 'Failed'
}

export type TagType = 'success' | 'warning' | 'error' | 'info' | 'default'

/** The colour of a chunk or send answer. */
export function statusType(status: string | undefined): TagType {
  switch (status) {
    case undefined:
      return 'info'
    case 'Accepted':
      return 'success'
    case 'VersionMismatch':
    case 'NotSupported':
    case 'timeout':
    case 'offline':
      return 'warning'
    default:
      return 'error'
  }
}

/** Chunks of a send: how many went out (have a task) and how many were answered. */
export function chunkProgress(send: ListSend): { sent: number; answered: number; total: number } {
  return {
    sent: send.chunks.filter((c) => c.taskId !== undefined || c.status !== undefined).length,
    answered: send.chunks.filter((c) => c.status !== undefined).length,
    total: send.chunks.length,
  }
}

/** `v7 Differential · 50 entries`. */
export function chunkLabel(chunk: ListChunk): string {
  return `v${chunk.listVersion} ${chunk.updateType} · ${chunk.entries} entr${chunk.entries === 1 ? 'y' : 'ies'}`
}

/**
 * OCPP 1.6 §5.15: after Failed or VersionMismatch on a Differential update, a CSMS should send
 * the whole list again. True for a send stopped that way (on a Differential chunk, or a
 * Differential send).
 */
export function canResendFull(send: ListSend): boolean {
  if (send.state !== 'failed' || (send.result !== 'VersionMismatch' && send.result !== 'Failed')) return false
  const stopped = [...send.chunks].reverse().find((c) => c.status !== undefined && c.status !== 'Accepted')
  return send.updateType === 'Differential' || stopped?.updateType === 'Differential'
}

/** A reported listVersion in words: -1 and 0 have their own meaning (GetLocalListVersion). */
export function reportedVersionText(listVersion: number): string {
  if (listVersion === -1) return '-1 · not supported'
  if (listVersion === 0) return '0 · empty list'
  return `v${listVersion}`
}

/** `v5`, or `never sent` when the CSMS has not installed a list there. */
export function expectedVersionText(list: Pick<StationLocalList, 'expectedVersion'> | undefined): string {
  return list?.expectedVersion === undefined ? 'never sent' : `v${list.expectedVersion}`
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}
