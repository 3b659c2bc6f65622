/**
 * The steps a station reports after UpdateFirmware (Downloading → Downloaded → Installing →
 * Installed) and after GetDiagnostics (Uploading → Uploaded), as a bar: which are done, which one
 * is under way, which one failed. Only presentation: the statuses are the station's, as main keeps them.
 */
import type { StatusEvent } from '@shared/contract'
import { ownValue } from '@shared/util/id-record'

export type FileKind = 'firmware' | 'diagnostics'
export type StepState = 'done' | 'active' | 'failed' | 'todo'

export interface Step {
  /** The step's status name, or the failure that ended it (DownloadFailed, …). */
  label: string
  state: StepState
}

interface Plan {
  steps: readonly string[]
  /** Status → the step it reaches, and whether it means that step is done, under way or failed. */
  reach: Record<string, { index: number; state: StepState }>
  finished: readonly string[]
}

const PLANS: Record<FileKind, Plan> = {
  firmware: {
    steps: ['Downloading', 'Downloaded', 'Installing', 'Installed'],
    reach: {
      Downloading: { index: 0, state: 'active' },
      Downloaded: { index: 1, state: 'done' },
      DownloadFailed: { index: 1, state: 'failed' },
      Installing: { index: 2, state: 'active' },
      Installed: { index: 3, state: 'done' },
      InstallationFailed: { index: 3, state: 'failed' },
    },
    finished: ['Installed', 'DownloadFailed', 'InstallationFailed'],
  },
  diagnostics: {
    steps: ['Uploading', 'Uploaded'],
    reach: {
      Uploading: { index: 0, state: 'active' },
      Uploaded: { index: 1, state: 'done' },
      UploadFailed: { index: 1, state: 'failed' },
    },
    finished: ['Uploaded', 'UploadFailed'],
  },
}

export function latestStatus(statuses: readonly StatusEvent[] | undefined): StatusEvent | undefined {
  return statuses && statuses.length > 0 ? statuses[statuses.length - 1] : undefined
}

/** The bar for the latest status (Idle or an unknown status: nothing reached). */
export function stepsFor(kind: FileKind, status: string | undefined): Step[] {
  const plan = PLANS[kind]
  const reached = status === undefined ? undefined : ownValue(plan.reach, status)
  return plan.steps.map((label, i) => {
    if (!reached || i > reached.index) return { label, state: 'todo' }
    if (i < reached.index) return { label, state: 'done' }
    return { label: reached.state === 'failed' ? (status as string) : label, state: reached.state }
  })
}

export function isFailure(status: string | undefined): boolean {
  return status === 'DownloadFailed' || status === 'InstallationFailed' || status === 'UploadFailed'
}

/** A status after which the station reports nothing more for this request. */
export function isFinishedStatus(kind: FileKind, status: string | undefined): boolean {
  return status !== undefined && PLANS[kind].finished.includes(status)
}

/** What a failed step means and what to do, in a line. */
export function failureAdvice(status: string | undefined): string | undefined {
  switch (status) {
    case 'DownloadFailed':
      return 'The station could not download the firmware: check that it can reach the location (address, port, firewall) and send again.'
    case 'InstallationFailed':
      return 'The station downloaded the firmware but could not install it: check that the file is meant for this model, or ask the vendor.'
    case 'UploadFailed':
      return 'The station could not upload the file: check that it can reach the location (address, port, firewall, protocol) and ask again.'
    default:
      return undefined
  }
}

/** The task outcome main records (answered, callerror …, timeout, offline, refused) in words. */
export function outcomeText(outcome: string | undefined): string {
  if (outcome === undefined) return 'waiting for the answer'
  if (outcome === 'answered') return 'accepted by the station'
  if (outcome.startsWith('CALLERROR') || outcome === 'callerror') return `${outcome}: the station refused the request`
  if (outcome === 'timeout') return 'no answer in time'
  if (outcome === 'offline') return 'station offline: not delivered'
  if (outcome === 'refused') return 'refused by the CSMS (not sent)'
  if (outcome === 'malformed') return 'answered, but the answer could not be used (see the command history and the message log)'
  return outcome
}
