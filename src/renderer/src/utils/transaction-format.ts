/** How transaction figures are written in the UI. */
import type { TransactionSummary } from '@shared/contract'

/** `12.345 kWh` from Wh, or '—'. */
export function formatKwh(wh: number | undefined): string {
  if (wh === undefined || !Number.isFinite(wh)) return '—'
  return `${(wh / 1000).toFixed(3)} kWh`
}

/** `7.40 kW` from W, or '—'. */
export function formatKw(w: number | undefined): string {
  if (w === undefined || !Number.isFinite(w)) return '—'
  return `${(w / 1000).toFixed(2)} kW`
}

/** `0:04:12`, `3:02:09`, `2 d 01:00:00`; '—' when unknown. Negative (a station clock behind) shows as 0. */
export function formatDuration(sec: number | undefined): string {
  if (sec === undefined || !Number.isFinite(sec)) return '—'
  const total = Math.max(0, Math.floor(sec))
  const days = Math.floor(total / 86_400)
  const h = Math.floor((total % 86_400) / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  const pad = (n: number): string => String(n).padStart(2, '0')
  return days > 0 ? `${days} d ${pad(h)}:${pad(m)}:${pad(s)}` : `${h}:${pad(m)}:${pad(s)}`
}

/** `2024-05-01 12:34:56` in UTC; the input unchanged when it is not a date, '—' when absent. */
export function formatUtcSeconds(iso: string | undefined): string {
  if (!iso) return '—'
  const t = Date.parse(iso)
  if (Number.isNaN(t)) return iso
  return new Date(t).toISOString().replace('T', ' ').slice(0, 19)
}

export type TransactionState = 'running' | 'finished' | 'orphan'

export function transactionState(t: TransactionSummary): TransactionState {
  if (t.orphan) return 'orphan'
  return t.active ? 'running' : 'finished'
}

/** The energy to show and where it comes from: the stop reading once stopped, else the live register. */
export function shownEnergy(t: TransactionSummary): { wh?: number; source: 'stop' | 'register' | 'none' } {
  if (t.orphan) return { source: 'none' }
  if (!t.active && t.energyWh !== undefined) return { wh: t.energyWh, source: 'stop' }
  if (t.registerEnergyWh !== undefined) return { wh: t.registerEnergyWh, source: 'register' }
  return { source: 'none' }
}

/** Tag colour of the idTagInfo.status answered at the start. */
export function startStatusType(status: string): 'success' | 'warning' | 'error' {
  if (status === 'Accepted') return 'success'
  if (status === 'Invalid' || status === 'Blocked') return 'error'
  return 'warning'
}
