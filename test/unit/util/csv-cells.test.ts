import Papa from 'papaparse'
import { describe, expect, it } from 'vitest'
import { readCell, toCsv } from '../../../src/main/util/csv-cells'

/** The cells of the one data row of `csv`, as a spreadsheet or papaparse reads them. */
const cells = (csv: string): string[] => Papa.parse<string[]>(csv, { skipEmptyLines: true }).data[1]!

describe('CSV cells (OWASP CSV injection)', () => {
  it('prefixes a quote to text cells that begin with =, +, -, @, tab or carriage return', () => {
    const row = ['=1+1', '+cmd', '-x', '@SUM(A1)', '\tTAB', '\rCR']
    expect(cells(toCsv(['a', 'b', 'c', 'd', 'e', 'f'], [row]))).toEqual(row.map((cell) => `'${cell}`))
  })

  it('escapes a formula cell that spans lines (papaparse’s own escapeFormulae pattern misses it)', () => {
    const formula = '=HYPERLINK("http://evil.example","x")\nsecond line'
    expect(Papa.unparse([[formula]], { escapeFormulae: true })).not.toContain(`'=`)
    expect(cells(toCsv(['a'], [[formula]]))).toEqual([`'${formula}`])
  })

  it('leaves plain numbers, negative ones included, as numbers a spreadsheet can sum', () => {
    const numbers = ['-1.5', '+3', '-0', '2e-3', '-.5', '-12.', '-1E+6']
    const csv = toCsv(numbers.map((_, i) => `n${i}`), [numbers])
    expect(csv.split('\n')[1]).toBe(numbers.join(','))
  })

  it('escapes what only looks numeric at the start', () => {
    const row = ['-1.5 kWh', '-1+cmd|x', '- 1', '-', '+', '-1.5\n=2']
    expect(cells(toCsv(row.map((_, i) => `c${i}`), [row]))).toEqual(row.map((cell) => `'${cell}`))
  })

  it('leaves ordinary text alone, a leading quote included', () => {
    const row = ['ABC', "'quoted", ' =spaced', 'a=b', '']
    expect(cells(toCsv(row.map((_, i) => `c${i}`), [row]))).toEqual(row)
  })

  it('reads back exactly what was written, cells that already began with quotes included', () => {
    const row = ['=x', "'=x", "''+y", '-1.5', "'-1.5", '@', "'plain", 'plain', '\t\t', '-1.5 kWh']
    expect(cells(toCsv(row.map((_, i) => `c${i}`), [row])).map(readCell)).toEqual(row)
  })
})
