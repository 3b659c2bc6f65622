/** Local list entries as CSV (idTag,status,expiryDate,parentIdTag; no status = an entry without idTagInfo), with papaparse. */
import Papa from 'papaparse'
import type { AuthorizationData } from '@shared/ocpp/payloads'
import { readCell, toCsv } from '../../util/csv-cells'

export const LIST_CSV_COLUMNS = ['idTag', 'status', 'expiryDate', 'parentIdTag'] as const
const STATUSES = ['Accepted', 'Blocked', 'Expired', 'Invalid', 'ConcurrentTx'] as const

export function parseListCsv(csv: string): { entries: AuthorizationData[]; errors: { row: number; message: string }[] } {
  const parsed = Papa.parse<Record<string, string | undefined>>(csv.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: 'greedy', transformHeader: (h) => h.trim() })
  const errors: { row: number; message: string }[] = []
  if (!(parsed.meta.fields ?? []).includes('idTag')) return { entries: [], errors: [{ row: 1, message: `The header must name the columns ${LIST_CSV_COLUMNS.join(',')} (an "idTag" column at least)` }] }
  const entries: AuthorizationData[] = []
  parsed.data.forEach((data, index) => {
    const row = index + 2
    // A cell the export escaped (a leading ' before =, +, -, @, tab or CR) is read without its quote.
    const cell = (name: string) => readCell(data[name]?.trim() ?? '') || undefined
    const idTag = cell('idTag')
    if (!idTag) return void errors.push({ row, message: 'idTag is empty' })
    if (idTag.length > 20) return void errors.push({ row, message: `idTag "${idTag}" is longer than 20 characters` })
    const statusText = cell('status')
    if (!statusText) return void entries.push({ idTag })
    const status = STATUSES.find((s) => s.toLowerCase() === statusText.toLowerCase())
    if (!status) return void errors.push({ row, message: `status must be one of ${STATUSES.join(', ')} (or empty to remove), got "${statusText}"` })
    const expiryDate = cell('expiryDate')
    if (expiryDate !== undefined && Number.isNaN(Date.parse(expiryDate))) return void errors.push({ row, message: `expiryDate "${expiryDate}" is not a date-time` })
    const parentIdTag = cell('parentIdTag')
    entries.push({ idTag, idTagInfo: { status, ...(expiryDate ? { expiryDate: new Date(Date.parse(expiryDate)).toISOString() } : {}), ...(parentIdTag ? { parentIdTag } : {}) } })
  })
  return { entries, errors }
}

/** Formula-like cells escaped; it imports back unchanged. */
export function exportListCsv(entries: readonly AuthorizationData[]): string {
  const data = entries.map((e) => [e.idTag, e.idTagInfo?.status ?? '', e.idTagInfo?.expiryDate ?? '', e.idTagInfo?.parentIdTag ?? ''])
  return toCsv(LIST_CSV_COLUMNS, data)
}
