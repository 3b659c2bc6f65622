/**
 * CSV the app writes and reads back, safe to open in a spreadsheet (OWASP "CSV injection"): a text
 * cell that begins with `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'`, so Excel,
 * LibreOffice and Google Sheets show it as text instead of running it as a formula.
 *
 * - A plain decimal number (`-1.5`, `+3`, `2e-3`) is left as it is: it cannot run anything, and
 *   quoting it would turn meter values and energies into text a spreadsheet no longer sums.
 * - Cells that already begin with quotes before one of those characters get one more quote, so
 *   `readCell` (one quote off) gives back exactly what was written: `'=x` ↔ `''=x`.
 *
 * papaparse's own `escapeFormulae: true` is not used as is: its pattern `/^[=+\-@\t\r].*$/` needs
 * the whole cell on one line, so `=HYPERLINK(…)` followed by a line break went out unescaped, and it
 * would also quote the numbers above.
 */
import Papa from 'papaparse'
import { TimeSlices } from './time-slices'

const TRIGGER = '[=+\\-@\\t\\r]'
/** An ASCII decimal number, nothing else (no spaces, no formula): left as it is. */
const PLAIN_NUMBER = '[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?$'

/** Cells `toCsv` prefixes with `'`: quotes (maybe none) then a trigger, unless a plain number. */
export const FORMULA_CELL = new RegExp(`^(?!${PLAIN_NUMBER})'*${TRIGGER}`)
/** Cells `readCell` takes one quote off: what `toCsv` escaped. */
const ESCAPED_CELL = new RegExp(`^'+${TRIGGER}`)

/** The CSV text (header row, `\n` line ends, one at the end) with every formula-like cell escaped. */
export function toCsv(fields: readonly string[], rows: readonly (readonly string[])[]): string {
  return `${Papa.unparse({ fields: [...fields], data: rows.map((row) => [...row]) }, { newline: '\n', escapeFormulae: FORMULA_CELL })}\n`
}

/** Rows written per call of the CSV writer by `toCsvSliced`. */
const ROWS_PER_SLICE = 500

/**
 * `toCsv`, in slices (issue 18 §3): the rows are written a few hundred at a time, giving the event
 * loop back between them when the slice's time is up, so a transaction with 200,000 sampled values
 * does not hold the other stations up. The text is the same as `toCsv`'s.
 */
export async function toCsvSliced(fields: readonly string[], rows: readonly (readonly string[])[], slices: TimeSlices = new TimeSlices()): Promise<string> {
  if (rows.length <= ROWS_PER_SLICE) return toCsv(fields, rows)
  const parts: string[] = []
  for (let start = 0; start < rows.length; start += ROWS_PER_SLICE) {
    if (start > 0) await slices.pause()
    const data = rows.slice(start, start + ROWS_PER_SLICE).map((row) => [...row])
    parts.push(Papa.unparse({ fields: [...fields], data }, { newline: '\n', header: start === 0, escapeFormulae: FORMULA_CELL }))
  }
  return `${parts.join('\n')}\n`
}

/** The text of a cell as `toCsv` was given it (its escape removed); other cells are unchanged. */
export function readCell(value: string): string {
  return ESCAPED_CELL.test(value) ? value.slice(1) : value
}
