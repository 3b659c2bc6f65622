/** Where each station of a firmware update stands, from its UpdateFirmware task and the statuses it reported. */
import type { CallTask, FirmwareUpdate, StatusEvent } from '@shared/contract'
import { isFinal } from '../../utils/task-outcome'
import { isFailure, latestStatus } from '../../utils/file-steps'

export interface UpdateRow {
  stationId: string
  taskId: string
}

export type UpdatePhase = 'installed' | 'failed' | 'not delivered' | 'in progress'

export interface UpdateRowState {
  stationId: string
  task: CallTask | undefined
  update: FirmwareUpdate | undefined
  latest: StatusEvent | undefined
  phase: UpdatePhase
}

export function rowState(row: UpdateRow, task: CallTask | undefined, update: FirmwareUpdate | undefined): UpdateRowState {
  const latest = latestStatus(update?.statuses)
  let phase: UpdatePhase = 'in progress'
  if (latest?.status === 'Installed') phase = 'installed'
  else if (isFailure(latest?.status)) phase = 'failed'
  else if (task && isFinal(task) && task.state !== 'answered') phase = 'not delivered'
  else if (!task && update?.outcome !== undefined && update.outcome !== 'answered') phase = 'not delivered'
  return { stationId: row.stationId, task, update, latest, phase }
}

const ORDER: UpdatePhase[] = ['installed', 'failed', 'not delivered', 'in progress']

/** `2 installed, 1 failed, 3 in progress` (installed always, the others when there are any). */
export function phaseCounts(rows: UpdateRowState[]): { counts: Record<UpdatePhase, number>; text: string } {
  const counts: Record<UpdatePhase, number> = { installed: 0, failed: 0, 'not delivered': 0, 'in progress': 0 }
  for (const r of rows) counts[r.phase]++
  const text = ORDER.filter((p) => p === 'installed' || counts[p] > 0)
    .map((p) => `${counts[p]} ${p}`)
    .join(', ')
  return { counts, text }
}
