/**
 * Reading a cookie from a Cookie header without trusting it: pairs without a name or "=" are
 * skipped, a value that is not valid percent-encoding is kept as sent (it simply matches nothing),
 * and at most MAX_COOKIE_PAIRS pairs are looked at. Never throws.
 */
import { safeDecode } from './request-target'

export const MAX_COOKIE_PAIRS = 100

/** Every value the header gives `name` (a browser may send the same name twice, for two paths). */
export function cookieValues(header: string | string[] | undefined, name: string): string[] {
  if (header === undefined) return []
  const text = Array.isArray(header) ? header.join('; ') : header
  const values: string[] = []
  let start = 0
  for (let pairs = 0; pairs < MAX_COOKIE_PAIRS && start < text.length; pairs += 1) {
    let end = text.indexOf(';', start)
    if (end === -1) end = text.length
    const pair = text.slice(start, end)
    start = end + 1
    const equals = pair.indexOf('=')
    if (equals <= 0) continue
    if (pair.slice(0, equals).trim() !== name) continue
    let value = pair.slice(equals + 1).trim()
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1)
    values.push(safeDecode(value) ?? value)
  }
  return values
}
