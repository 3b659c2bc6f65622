/** How files are shown: sizes, short hashes, and which files can be opened as text. */

const UNITS = ['kB', 'MB', 'GB', 'TB']

/** `512 B`, `1.5 kB`, `70.0 MB` (1 kB = 1024 bytes). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 1024) return `${bytes} B`
  let value = bytes
  let unit = 'B'
  for (const next of UNITS) {
    if (value < 1024) break
    value /= 1024
    unit = next
  }
  return `${value.toFixed(value < 10 ? 2 : 1)} ${unit}`
}

/** The first 12 hex digits of a hash (enough to tell files apart at a glance). */
export function shortHash(hash: string): string {
  return hash.length > 12 ? hash.slice(0, 12) : hash
}

const TEXT_EXTENSIONS = new Set(['txt', 'log', 'csv', 'json', 'xml', 'ini', 'conf', 'cfg', 'md', 'yaml', 'yml', 'out', 'trace', 'html', 'htm', 'ndjson', 'jsonl'])

/** Files worth opening as text, by their name (an unknown extension is not). */
export function isTextFileName(name: string): boolean {
  const dot = name.lastIndexOf('.')
  if (dot < 0 || dot === name.length - 1) return false
  return TEXT_EXTENSIONS.has(name.slice(dot + 1).toLowerCase())
}

/** The characters shown when a text file is opened. */
export const OPEN_TEXT_BYTES = 200 * 1024

/** The start of a file as text (UTF-8, bad bytes replaced), and whether it was cut. */
export function textPreview(bytes: Uint8Array, max = OPEN_TEXT_BYTES): { text: string; cut: boolean } {
  const cut = bytes.length > max
  return { text: new TextDecoder('utf-8', { fatal: false }).decode(cut ? bytes.subarray(0, max) : bytes), cut }
}

