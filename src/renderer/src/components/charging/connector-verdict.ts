/** The one line an operator reads per connector: does the station apply what the CSMS expects? */
import type { ConnectorChargingView } from '@shared/contract/charging-dto'

export type VerdictKind = 'none' | 'rejected' | 'match' | 'differ'

export interface Verdict {
  kind: VerdictKind
  text: string
}

export function connectorVerdict(connector: ConnectorChargingView): Verdict {
  const report = connector.reported
  if (!report) return { kind: 'none', text: 'no report yet' }
  if (report.status !== 'Accepted') return { kind: 'rejected', text: `the station answered ${report.status}: nothing to compare` }
  const n = report.differences.length
  if (n === 0) return { kind: 'match', text: 'matches what the station reported' }
  return { kind: 'differ', text: `${n} ${n === 1 ? 'difference' : 'differences'} from what the station reported` }
}

export const VERDICT_COLORS: Record<VerdictKind, string> = {
  none: '#909399',
  rejected: '#f0a020',
  match: '#18a058',
  differ: '#d03050',
}
