/** How the configuration table shows a snapshot: rows, the filter, and the last change per key. */
import type { CallTask, ConfigurationChange, ConfigurationEntry, ConfigurationSnapshot } from '@shared/contract'
import { isWriteOnlyKey } from '../../composables/use-configuration'

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })

export interface ConfigRow {
  key: string
  /** Absent when the key was only ever tried with ChangeConfiguration (e.g. an unknown key). */
  entry?: ConfigurationEntry
  last?: ConfigurationChange
  writeOnly: boolean
}

/** Every known key, plus the keys only tried with ChangeConfiguration, filtered by key, value or last answer. */
export function configRows(snapshot: ConfigurationSnapshot | null, filter: string): ConfigRow[] {
  if (!snapshot) return []
  const rows = new Map<string, ConfigRow>()
  for (const entry of Object.values(snapshot.keys)) rows.set(entry.key.toLowerCase(), { key: entry.key, entry, writeOnly: isWriteOnlyKey(entry.key) })
  for (const last of Object.values(snapshot.lastChanges ?? {})) {
    const row = rows.get(last.key.toLowerCase())
    if (row) row.last = last
    else rows.set(last.key.toLowerCase(), { key: last.key, last, writeOnly: isWriteOnlyKey(last.key) })
  }
  const q = filter.trim().toLowerCase()
  const matches = (row: ConfigRow): boolean =>
    !q ||
    row.key.toLowerCase().includes(q) ||
    (!row.writeOnly && (row.entry?.value ?? '').toLowerCase().includes(q)) ||
    (row.last?.status ?? '').toLowerCase().includes(q)
  return [...rows.values()].filter(matches).sort((a, b) => collator.compare(a.key, b.key))
}

export type Tone = 'success' | 'warning' | 'error' | 'info' | 'default'

export interface ChangeView {
  status: string
  tone: Tone
  /** The value that was tried (never for AuthorizationKey). */
  value?: string
  at?: string
  pending?: boolean
  detail?: string
}

export function statusTone(status: string, callError = false): Tone {
  if (callError) return 'error'
  if (status === 'Accepted') return 'success'
  if (status === 'RebootRequired') return 'warning'
  if (status === 'Rejected' || status === 'NotSupported') return 'error'
  return 'default'
}

function triedValue(payload: unknown, writeOnly: boolean): string | undefined {
  const value = (payload as { value?: unknown } | undefined)?.value
  return !writeOnly && typeof value === 'string' ? value : undefined
}

function fromTask(task: CallTask, writeOnly: boolean): ChangeView {
  const value = triedValue(task.payload, writeOnly)
  switch (task.state) {
    case 'queued':
    case 'sent':
      return { status: task.state === 'queued' ? 'queued' : 'sent', tone: 'info', value, pending: true, at: task.createdAt }
    case 'answered': {
      const status = String((task.response as { status?: unknown } | undefined)?.status ?? 'answered')
      return { status, tone: statusTone(status), value, at: task.finishedAt }
    }
    case 'callerror':
      return { status: `CALLERROR ${task.error?.code ?? ''}`.trim(), tone: 'error', value, at: task.finishedAt, detail: task.error?.description }
    default:
      return { status: task.state, tone: task.state === 'refused' || task.state === 'malformed' ? 'error' : 'warning', value, at: task.finishedAt, detail: task.reason }
  }
}

/**
 * The last ChangeConfiguration for a key: the snapshot's record, unless a task sent from here is
 * newer (still running, or ended without an answer the snapshot would keep: timeout, offline, refused).
 */
export function changeView(last: ConfigurationChange | undefined, task: CallTask | undefined, writeOnly: boolean): ChangeView | undefined {
  if (task && (!last || (last.taskId !== task.id && task.createdAt >= last.at))) return fromTask(task, writeOnly)
  if (!last) return undefined
  return {
    status: last.callError ? `CALLERROR ${last.status}` : last.status,
    tone: statusTone(last.status, last.callError),
    value: writeOnly ? undefined : last.value,
    at: last.at,
  }
}
