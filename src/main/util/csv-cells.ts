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

/** The text of a cell as `toCsv` was given it (its escape removed); other cells are unchanged. */
export function readCell(value: string): string {
  return ESCAPED_CELL.test(value) ? value.slice(1) : value
}
