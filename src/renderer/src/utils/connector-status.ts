/** How connector statuses look (colours only; the statuses come from the core). */
import type { ConnectorStatus } from '@shared/contract'
import { ownValue } from '@shared/util/id-record'

const COLORS: Record<string, string> = {
  Available: '#18a058',
  Charging: '#2080f0',
  Preparing: '#f0a020',
  Finishing: '#f0a020',
  SuspendedEV: '#f0a020',
  SuspendedEVSE: '#f0a020',
  Faulted: '#d03050',
  Unavailable: '#909399',
  Reserved: '#8a4fd6',
}
const UNKNOWN = '#606266'

export function statusColor(status: string | undefined): string {
  return (status && ownValue(COLORS, status)) || UNKNOWN
}

/** NTag's `color` prop for a status. */
export function statusTagColor(status: string | undefined): { color: string; textColor: string; borderColor: string } {
  const hex = statusColor(status)
  return { color: `${hex}1f`, textColor: hex, borderColor: `${hex}66` }
}

/** Connectors ordered by id, connector 0 first. */
export function sortedConnectors(connectors: Record<string, ConnectorStatus> | undefined): ConnectorStatus[] {
  return Object.values(connectors ?? {}).sort((a, b) => a.connectorId - b.connectorId)
}

export function connectorLabel(connectorId: number): string {
  return connectorId === 0 ? 'Charge point (0)' : `Connector ${connectorId}`
}

/** One line for a tooltip or a title attribute. */
export function connectorSummary(c: ConnectorStatus): string {
  const error = c.errorCode !== 'NoError' ? ` (${c.errorCode})` : ''
  const warn = c.warnings?.length ? ` ⚠ ${c.warnings.length}` : ''
  return `${connectorLabel(c.connectorId)}: ${c.status}${error}${warn}`
}
