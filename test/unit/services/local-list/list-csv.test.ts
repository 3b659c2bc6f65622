import Papa from 'papaparse'
import { describe, expect, it } from 'vitest'
import type { AuthorizationData } from '@shared/ocpp/payloads'
import { exportListCsv, parseListCsv } from '../../../../src/main/services/local-list/list-csv'

const entries: AuthorizationData[] = [
  { idTag: '=1+1', idTagInfo: { status: 'Accepted', parentIdTag: '@PARENT' } },
  { idTag: '-AB', idTagInfo: { status: 'Blocked', expiryDate: '2030-01-01T00:00:00.000Z' } },
  { idTag: "'+quoted" },
  { idTag: '+49', idTagInfo: { status: 'Accepted', parentIdTag: '\tTAB' } },
]

describe('local list CSV export escapes formula cells and imports them back unchanged', () => {
  it('writes no cell a spreadsheet would run (a number-like idTag stays as it is)', () => {
    const data = Papa.parse<Record<string, string>>(exportListCsv(entries), { header: true, skipEmptyLines: true }).data
    expect(data.map((r) => [r.idTag, r.parentIdTag])).toEqual([
      ["'=1+1", "'@PARENT"],
      ["'-AB", ''],
      ["''+quoted", ''],
      ['+49', "'\tTAB"],
    ])
  })

  it('round-trips: importing the export gives the same entries', () => {
    expect(parseListCsv(exportListCsv(entries))).toEqual({ entries, errors: [] })
  })
})
