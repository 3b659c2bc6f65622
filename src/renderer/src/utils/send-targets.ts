/** Targets of a profile send (station + connector) and how their SetChargingProfile tasks ended. */
import type { CallTask, StationSummary } from '@shared/contract'
import { FINAL_TASK_STATES } from '@shared/contract/dto'
import { parseIntegerText as parseInteger } from './profile-draft'

export interface SendTarget {
  stationId: string
  connectorId: number
}

export const targetKey = (t: SendTarget): string => JSON.stringify([t.stationId, t.connectorId])

export function parseTargetKey(key: string): SendTarget {
  const [stationId, connectorId] = JSON.parse(key) as [string, number]
  return { stationId, connectorId }
}

/** Connector 0, every connector the station reported, and any typed by hand; ascending. */
export function connectorIds(station: StationSummary, extra: number[] = []): number[] {
  const ids = new Set<number>([0, ...extra])
  for (const c of Object.values(station.connectors ?? {})) ids.add(c.connectorId)
  return [...ids].sort((a, b) => a - b)
}

export type Outcome = 'accepted' | 'rejected' | 'failed' | 'pending'

/** The `status` of a SetChargingProfile.conf (Accepted, Rejected, NotSupported), when answered. */
export function answerStatus(task: CallTask): string | undefined {
  if (task.state !== 'answered') return undefined
  const status = (task.response as { status?: unknown } | undefined)?.status
  return typeof status === 'string' ? status : '(no status)'
}

export function outcome(task: CallTask): Outcome {
  if (!FINAL_TASK_STATES.includes(task.state)) return 'pending'
  if (task.state !== 'answered') return 'failed'
  return answerStatus(task) === 'Accepted' ? 'accepted' : 'rejected'
}

/** `12 accepted, 1 rejected, 2 pending` (accepted always, the others when there are any). */
export function outcomeCounts(tasks: CallTask[]): { counts: Record<Outcome, number>; text: string } {
  const counts: Record<Outcome, number> = { accepted: 0, rejected: 0, failed: 0, pending: 0 }
  for (const task of tasks) counts[outcome(task)]++
  const parts = [`${counts.accepted} accepted`]
  if (counts.rejected) parts.push(`${counts.rejected} rejected`)
  if (counts.failed) parts.push(`${counts.failed} failed`)
  if (counts.pending) parts.push(`${counts.pending} pending`)
  return { counts, text: parts.join(', ') }
}

export interface SendOptionsModel {
  /** auto = a new chargingProfileId per target, never used before. */
  idMode: 'auto' | 'typed'
  idText: string
  /** TxProfile: as in the profile / none / each connector's running transaction / typed. */
  txMode: 'profile' | 'none' | 'running' | 'typed'
  txText: string
  anchorNow: boolean
}

export function defaultSendOptions(profile: { chargingProfileId?: unknown; transactionId?: unknown }): SendOptionsModel {
  const id = typeof profile.chargingProfileId === 'number' ? profile.chargingProfileId : undefined
  return {
    idMode: id === undefined ? 'auto' : 'typed',
    idText: id === undefined ? '' : String(id),
    txMode: typeof profile.transactionId === 'number' ? 'profile' : 'running',
    txText: '',
    anchorNow: false,
  }
}

export interface SendOptionArgs {
  chargingProfileId?: number
  transactionId?: number | 'running' | null
  anchorNow?: boolean
}

/** The sendChargingProfile options the choices stand for, or what is still wrong with them. */
export function sendOptionArgs(o: SendOptionsModel, txProfile: boolean): { args: SendOptionArgs } | { error: string } {
  const args: SendOptionArgs = {}
  if (o.idMode === 'typed') {
    const id = parseInteger(o.idText)
    if (id === null) return { error: 'chargingProfileId: type an integer, or choose “new per target”' }
    args.chargingProfileId = id
  }
  if (txProfile && o.txMode !== 'profile') {
    if (o.txMode === 'typed') {
      const id = parseInteger(o.txText)
      if (id === null) return { error: 'transactionId: type an integer, or choose another option' }
      args.transactionId = id
    } else args.transactionId = o.txMode === 'running' ? 'running' : null
  }
  if (o.anchorNow) args.anchorNow = true
  return { args }
}
