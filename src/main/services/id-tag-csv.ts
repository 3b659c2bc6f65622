/** idTags as CSV (columns idTag,status,expiryDate,parentIdTag,note), parsed and written with papaparse. */
import Papa from 'papaparse'
import type { IdTagRecord, IdTagStatus } from '@shared/contract/dto'
import { readCell, toCsv } from '../util/csv-cells'

export const ID_TAG_CSV_COLUMNS = ['idTag', 'status', 'expiryDate', 'parentIdTag', 'note'] as const

/** A row that was not imported; `row` is the line number in the file (the header is row 1). */
export interface CsvRowError {
  row: number
  message: string
}

export interface CsvIdTagRow {
  row: number
  input: { idTag: string; status?: IdTagStatus; expiryDate?: string; parentIdTag?: string; note?: string }
}

const STATUS_BY_LOWER = new Map<string, IdTagStatus>(
  (['Accepted', 'Blocked', 'Expired', 'Invalid'] as const).map((status) => [status.toLowerCase(), status]),
)

/** Splits the CSV into rows to store and rows that cannot be (wrong status, missing idTag, broken quoting). */
export function parseIdTagsCsv(csv: string): { rows: CsvIdTagRow[]; errors: CsvRowError[] } {
  const text = csv.replace(/^\uFEFF/, '')
  const parsed = Papa.parse<Record<string, string | undefined>>(text, {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (header) => header.trim(),
  })
  const errors: CsvRowError[] = []
  const fields = parsed.meta.fields ?? []
  if (!fields.includes('idTag')) {
    errors.push({ row: 1, message: `The header must name the columns ${ID_TAG_CSV_COLUMNS.join(',')} (an "idTag" column at least)` })
    return { rows: [], errors }
  }
  const broken = new Map<number, string>()
  for (const error of parsed.errors) {
    // Too few / too many fields is tolerated (missing columns are empty); broken quoting is not.
    if (error.type === 'FieldMismatch' || error.row === undefined) continue
    broken.set(error.row, error.message)
  }
  const rows: CsvIdTagRow[] = []
  parsed.data.forEach((data, index) => {
    const row = index + 2
    const problem = broken.get(index)
    if (problem) {
      errors.push({ row, message: problem })
      return
    }
    // A cell the export escaped (a leading ' before =, +, -, @, tab or CR) is read without its quote.
    const cell = (name: string): string | undefined => {
      const value = readCell(data[name]?.trim() ?? '')
      return value ? value : undefined
    }
    const idTag = cell('idTag')
    if (!idTag) {
      errors.push({ row, message: 'idTag is empty' })
      return
    }
    const statusText = cell('status')
    const status = statusText === undefined ? 'Accepted' : STATUS_BY_LOWER.get(statusText.toLowerCase())
    if (!status) {
      errors.push({ row, message: `status must be Accepted, Blocked, Expired or Invalid, got "${statusText}"` })
      return
    }
    rows.push({ row, input: { idTag, status, expiryDate: cell('expiryDate'), parentIdTag: cell('parentIdTag'), note: cell('note') } })
  })
  return { rows, errors }
}

/** The CSV text of `records`, header first, formula-like cells escaped; it imports back unchanged. */
export function exportIdTagsCsv(records: IdTagRecord[]): string {
  const data = records.map((record) => [record.idTag, record.status, record.expiryDate ?? '', record.parentIdTag ?? '', record.note ?? ''])
  return toCsv(ID_TAG_CSV_COLUMNS, data)
}
