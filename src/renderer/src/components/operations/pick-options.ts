/** The known values pickers offer (the user can always type another one). */
import type { ConfigurationEntry, ConnectorStatus, IdTagRecord, TransactionSummary } from '@shared/contract'
import type { PickOption } from './operation-form'

/** Connector 0 (when it makes sense for the operation) and every connector the station reported. */
export function connectorOptions(connectors: ConnectorStatus[], includeZero: boolean): PickOption[] {
  const options: PickOption[] = []
  const zero = connectors.find((c) => c.connectorId === 0)
  if (includeZero) options.push({ value: '0', label: zero ? `0 · charge point, ${zero.status}` : '0 · whole charge point' })
  for (const c of connectors) {
    if (c.connectorId > 0) options.push({ value: String(c.connectorId), label: `${c.connectorId} · ${c.status}` })
  }
  return options
}

export function transactionLabel(t: TransactionSummary): string {
  return `#${t.transactionId} — connector ${t.connectorId}, ${t.idTag}`
}

export function transactionOptions(transactions: TransactionSummary[]): PickOption[] {
  return transactions.map((t) => ({ value: String(t.transactionId), label: transactionLabel(t) }))
}

export function idTagOptions(records: IdTagRecord[]): PickOption[] {
  return records.map((r) => ({ value: r.idTag, label: `${r.idTag} · ${r.status}${r.note ? ` — ${r.note}` : ''}` }))
}

export function configKeyOptions(entries: ConfigurationEntry[]): PickOption[] {
  return entries.map((e) => {
    const access = e.readonly ? 'R' : 'RW'
    const value = e.value === undefined || e.key.toLowerCase() === 'authorizationkey' ? '' : ` = ${e.value.length > 40 ? `${e.value.slice(0, 39)}…` : e.value}`
    return { value: e.key, label: `${e.key}${value} (${access})` }
  })
}
