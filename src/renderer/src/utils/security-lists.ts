/**
 * What the Security settings accept, checked before saving (main checks again): host names the
 * UI/API and file host answer to (settings.security.allowedHosts) and browser origins allowed on
 * the OCPP endpoint (settings.security.allowedOrigins). Each problem says what to type instead.
 */

export const MAX_ENTRIES = 100

const HOST_CHARS = /^[A-Za-z0-9.:[\]_-]+$/
const NAME = /^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/
const IPV6 = /^[0-9a-f:.]+$/

/** "Name", "name:port", "[v6]" or "[v6]:port", lower case without a trailing dot. */
export function normalizeHostEntry(value: string): string {
  const text = value.trim().toLowerCase()
  return text.replace(/\.(?=$|:\d+$)/, '')
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '[::1]'
}

function portProblem(port: string | undefined): string | undefined {
  if (port === undefined) return undefined
  if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65_535) return 'The port after ":" must be a number from 1 to 65535'
  return undefined
}

export function hostEntryProblem(value: string, existing: readonly string[]): string | undefined {
  const text = value.trim()
  if (text === '') return undefined
  if (text.includes('://') || text.includes('/')) return 'Only the host name, without http:// or a path (e.g. csms.depot.lan)'
  if (/\s/.test(text)) return 'No spaces: one host name at a time'
  if (text.length > 255) return 'At most 255 characters'
  if (!HOST_CHARS.test(text)) return 'Letters, digits, dots, hyphens and underscores only; add :port to allow one port only'
  const entry = normalizeHostEntry(text)
  let host: string
  let port: string | undefined
  if (entry.startsWith('[')) {
    const close = entry.indexOf(']')
    host = entry.slice(0, close + 1)
    const rest = entry.slice(close + 1)
    if (close === -1 || !IPV6.test(host.slice(1, -1)) || (rest !== '' && !rest.startsWith(':'))) return 'An IPv6 address goes in brackets: [fd00::5] or [fd00::5]:8180'
    port = rest === '' ? undefined : rest.slice(1)
  } else {
    const parts = entry.split(':')
    if (parts.length > 2) return 'An IPv6 address goes in brackets: [fd00::5] or [fd00::5]:8180'
    host = parts[0]!
    port = parts[1]
    if (!NAME.test(host)) return 'Not a host name: use name, name:port or [IPv6]:port'
  }
  const bad = portProblem(port)
  if (bad) return bad
  if (isLoopback(host)) return 'Loopback names (localhost, 127.x.x.x, [::1]) are always allowed'
  if (existing.some((item) => normalizeHostEntry(item) === entry)) return 'Already in the list'
  if (existing.length >= MAX_ENTRIES) return `At most ${MAX_ENTRIES} names`
  return undefined
}

/** scheme://host[:port], as the browser sends it (default port dropped), or undefined. */
export function normalizeOriginEntry(value: string): string | undefined {
  try {
    const url = new URL(value.trim())
    return url.origin === 'null' ? undefined : url.origin
  } catch {
    return undefined
  }
}

export function originEntryProblem(value: string, existing: readonly string[]): string | undefined {
  const text = value.trim()
  if (text === '') return undefined
  if (!/^https?:\/\//i.test(text)) return 'An origin starts with http:// or https:// (e.g. http://sim.depot.lan:8080)'
  if (/\s/.test(text)) return 'No spaces: one origin at a time'
  if (text.length > 300) return 'At most 300 characters'
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return 'Not an origin: use scheme://host[:port], e.g. http://sim.depot.lan:8080'
  }
  if (url.username || url.password) return 'No user name or password in an origin'
  if (url.pathname !== '/' || url.search || url.hash || /^https?:\/\/[^/]+\/./i.test(text)) return 'Only scheme://host[:port], without a path (a browser sends no path in Origin)'
  const origin = url.origin
  if (existing.some((item) => normalizeOriginEntry(item) === origin)) return 'Already in the list'
  if (existing.length >= MAX_ENTRIES) return `At most ${MAX_ENTRIES} origins`
  return undefined
}
