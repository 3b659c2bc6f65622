import Papa from 'papaparse'
import { describe, expect, it } from 'vitest'
import type { IdTagRecord } from '@shared/contract/dto'
import { exportIdTagsCsv, parseIdTagsCsv } from '../../../src/main/services/id-tag-csv'

const record = (fields: Partial<IdTagRecord> & { idTag: string }): IdTagRecord => ({ status: 'Accepted', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', ...fields })

const hostile = [
  record({ idTag: '=cmd|x!A0', parentIdTag: '@GROUP', note: '+1+2' }),
  record({ idTag: '-AB12', status: 'Blocked', note: "'=already quoted" }),
  record({ idTag: '@SUM(A1)', note: '-5' }),
  record({ idTag: 'PLAIN', note: '=HYPERLINK("http://evil.example")\nline two' }),
]

describe('idTag CSV export escapes formula cells and imports them back unchanged', () => {
  it('writes no cell a spreadsheet would run', () => {
    const data = Papa.parse<Record<string, string>>(exportIdTagsCsv(hostile), { header: true, skipEmptyLines: true }).data
    expect(data.map((r) => [r.idTag, r.parentIdTag, r.note])).toEqual([
      ["'=cmd|x!A0", "'@GROUP", "'+1+2"],
      ["'-AB12", '', "''=already quoted"],
      ["'@SUM(A1)", '', '-5'],
      ['PLAIN', '', `'=HYPERLINK("http://evil.example")\nline two`],
    ])
  })

  it('round-trips: importing the export gives the same idTags, parents and notes', () => {
    const { rows, errors } = parseIdTagsCsv(exportIdTagsCsv(hostile))
    expect(errors).toEqual([])
    expect(rows.map((r) => r.input)).toEqual(
      hostile.map(({ idTag, status, parentIdTag, note }) => ({ idTag, status, expiryDate: undefined, parentIdTag, note })),
    )
  })
})
