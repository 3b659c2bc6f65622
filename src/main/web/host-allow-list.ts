/**
 * DNS-rebinding defence: the host names a request to the API, the events socket or the file host
 * may carry in its Host header (and a browser page in its Origin). A page on evil.example whose
 * name later resolves to 127.0.0.1 still sends "Host: evil.example", so it is refused here.
 *
 * Allowed: loopback names (localhost, 127.0.0.0/8, ::1) on any port; the address the server binds
 * to, or every address of this PC when it binds to 0.0.0.0 / ::; the names the operator added
 * (settings.security.allowedHosts, read on every request so a change applies at once, "name"
 * for any port or "name:port" for one); and, for the file host, the address put into station URLs.
 * A request without a Host header comes from no browser and is let through (HTTP/1.0 stations).
 */
import { isIP } from 'node:net'
import { networkInterfaces } from 'node:os'

export interface HostAllowListOptions {
  /** The address the server binds to. */
  bindHost: string
  /** The operator's names (settings.security.allowedHosts), read live. */
  allowedHosts(): readonly string[]
  /** More names read live (the file host: settings.files.publicHost). */
  extraHosts?(): readonly (string | null | undefined)[]
  /** This PC's addresses; default: every interface address, looked up at most every few seconds. */
  localAddresses?(): readonly string[]
}

export interface HostAllowList {
  /** Whether a request with this Host header is answered. */
  allowsHost(header: string | string[] | undefined): boolean
  /** Whether a page of this Origin may open the socket (no Origin: not a browser, allowed). */
  allowsOrigin(origin: string | string[] | undefined): boolean
}

interface HostName {
  /** Lower case, no trailing dot, IPv6 without brackets and in canonical form. */
  name: string
  port?: number
}

const NAME = /^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/

function canonicalIp(address: string): string | undefined {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address
  const version = isIP(bare)
  if (version === 4) return bare
  if (version !== 6) return undefined
  try {
    return new URL(`http://[${bare}]/`).hostname.slice(1, -1)
  } catch {
    return undefined
  }
}

/** Parses "name", "name:port", "1.2.3.4:port", "[::1]:port"; undefined when it is none of those. */
export function parseHostHeader(value: string): HostName | undefined {
  const text = value.trim().toLowerCase()
  if (text.length === 0 || text.length > 300) return undefined
  let host: string
  let portText: string | undefined
  if (text.startsWith('[')) {
    const close = text.indexOf(']')
    if (close === -1) return undefined
    host = text.slice(0, close + 1)
    const rest = text.slice(close + 1)
    if (rest.length > 0) {
      if (!rest.startsWith(':')) return undefined
      portText = rest.slice(1)
    }
    const ip = canonicalIp(host)
    if (ip === undefined || isIP(ip) !== 6) return undefined
    host = ip
  } else {
    const colon = text.indexOf(':')
    if (colon !== text.lastIndexOf(':')) return undefined // a bare IPv6 address is not a valid Host
    host = colon === -1 ? text : text.slice(0, colon)
    portText = colon === -1 ? undefined : text.slice(colon + 1)
    if (host.endsWith('.')) host = host.slice(0, -1)
    if (!NAME.test(host)) return undefined
  }
  if (portText === undefined) return { name: host }
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65_535) return undefined
  return { name: host, port: Number(portText) }
}

export function isLoopbackName(name: string): boolean {
  if (name === 'localhost') return true
  const ip = canonicalIp(name)
  if (ip === undefined) return false
  if (isIP(ip) === 4) return ip.startsWith('127.')
  return ip === '::1' || /^::ffff:127\./.test(ip) || /^::ffff:7f[0-9a-f]{2}:/.test(ip)
}

export function isWildcard(bindHost: string): boolean {
  return bindHost === '0.0.0.0' || bindHost === '::' || bindHost === '' || bindHost === '[::]'
}

const ADDRESS_CACHE_MS = 5_000
let cachedAddresses: { at: number; list: string[] } | undefined

/** Every address of this PC's interfaces (IPv4 and IPv6), cached a few seconds. */
export function thisPcAddresses(now = Date.now()): string[] {
  if (cachedAddresses && now - cachedAddresses.at < ADDRESS_CACHE_MS) return cachedAddresses.list
  const list = Object.values(networkInterfaces())
    .flat()
    .flatMap((entry) => (entry ? [canonicalIp(entry.address.split('%')[0]!) ?? entry.address] : []))
  cachedAddresses = { at: now, list }
  return list
}

/** The name of an entry the operator typed ("name", "name:port", "[v6]:port"). */
function entryName(entry: string | null | undefined): HostName | undefined {
  if (!entry) return undefined
  const ip = canonicalIp(entry.trim())
  if (ip !== undefined) return { name: ip }
  return parseHostHeader(entry)
}

export function createHostAllowList(options: HostAllowListOptions): HostAllowList {
  const bindIp = canonicalIp(options.bindHost)
  const localAddresses = options.localAddresses ?? (() => thisPcAddresses())

  function allowsName(host: HostName): boolean {
    if (isLoopbackName(host.name)) return true
    const ip = canonicalIp(host.name)
    if (ip !== undefined) {
      if (ip === bindIp) return true
      if (isWildcard(options.bindHost) && localAddresses().includes(ip)) return true
    }
    const entries = [...options.allowedHosts(), ...(options.extraHosts?.() ?? [])]
    return entries.some((entry) => {
      const allowed = entryName(entry)
      return allowed !== undefined && allowed.name === (ip ?? host.name) && (allowed.port === undefined || allowed.port === host.port)
    })
  }

  return {
    allowsHost(header) {
      if (header === undefined) return true
      if (Array.isArray(header)) return false
      const host = parseHostHeader(header)
      return host !== undefined && allowsName(host)
    },
    allowsOrigin(origin) {
      if (origin === undefined) return true
      if (Array.isArray(origin)) return false
      let url: URL
      try {
        url = new URL(origin)
      } catch {
        return false
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') return false
      const host = parseHostHeader(url.host)
      return host !== undefined && allowsName(host)
    },
  }
}

/** A host name as it may appear in a refusal: printable, short. */
export function shownHost(header: string | string[] | undefined): string {
  const text = (Array.isArray(header) ? header.join(', ') : (header ?? '')).replace(/[^\x21-\x7e]/g, '?')
  return text.length > 80 ? `${text.slice(0, 80)}…` : text
}

/** The answer to a refused Host: what happened and which setting to change. */
export function hostRefusalMessage(header: string | string[] | undefined): string {
  return `This server does not answer to the host name "${shownHost(header)}" (a page that reaches this PC under another name is refused: DNS-rebinding defence). If you reach the Central System by that name on purpose, add it under Settings → Security → Allowed host names (settings.security.allowedHosts) from http://localhost, then reload.`
}

/** The answer to a refused Origin on the events socket. */
export function originRefusalMessage(origin: string | string[] | undefined): string {
  return `Pages from "${shownHost(origin)}" may not open the events socket. If that page is yours, add its host name under Settings → Security → Allowed host names (settings.security.allowedHosts).`
}

/** Normalizes "scheme://host[:port]" (default ports dropped, lower case); undefined when it is not such an origin. */
export function normalizeOrigin(origin: string): string | undefined {
  try {
    const url = new URL(origin.trim())
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined
    return url.origin
  } catch {
    return undefined
  }
}

/** Whether a browser Origin is one the operator allowed (settings.security.allowedOrigins). */
export function originInList(origin: string, allowed: readonly string[]): boolean {
  const normalized = normalizeOrigin(origin)
  return normalized !== undefined && allowed.some((entry) => normalizeOrigin(entry) === normalized)
}

/** The two lists the app uses: the UI/API (and events socket), and the file host (which also answers to the address in station URLs). */
export function hostAllowLists(binds: { apiHost: string; filesHost: string }, settings: () => { security: { allowedHosts: readonly string[] }; files: { publicHost: string | null } }): { api: HostAllowList; files: HostAllowList } {
  const allowedHosts = () => settings().security.allowedHosts
  return {
    api: createHostAllowList({ bindHost: binds.apiHost, allowedHosts }),
    files: createHostAllowList({ bindHost: binds.filesHost, allowedHosts, extraHosts: () => [settings().files.publicHost] }),
  }
}
