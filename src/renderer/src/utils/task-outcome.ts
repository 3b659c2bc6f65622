import type { CallTask } from '@shared/contract'
import { FINAL_TASK_STATES } from '@shared/contract/dto'

export function isFinal(task: CallTask): boolean {
  return FINAL_TASK_STATES.includes(task.state)
}

/** Why a finished task did not get a CALLRESULT, and what to do about it; null when it was answered or is still running. */
export function taskFailure(task: CallTask): string | null {
  switch (task.state) {
    case 'callerror':
      return `The station answered CALLERROR ${task.error?.code ?? ''}${task.error?.description ? `: ${task.error.description}` : ''}.`
    case 'timeout':
      return `No answer in time${task.reason ? ` (${task.reason})` : ''}. Check the station's connection and try again.`
    case 'offline':
      return `The station is offline${task.reason ? ` (${task.reason})` : ''}. Try again once it is connected.`
    case 'refused':
      return `Refused by the CSMS, not sent${task.reason ? `: ${task.reason}` : ''}.`
    case 'malformed':
      return task.reason ?? 'The station answered, but its answer could not be used; the message log has it as sent.'
    default:
      return null
  }
}
