/** The addresses people and stations are told: which hosts reach a bound server, and the URLs built from them. */
import { networkInterfaces } from 'node:os'

/** The path charge points are told to use; any prefix works, the identity is the last segment. */
export const OCPP_PATH = '/ocpp'

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host
}

/** Addresses a person can use to reach a server bound to `host`. */
export function reachableHosts(host: string): string[] {
  if (host !== '0.0.0.0' && host !== '::') return [host]
  const lan = Object.values(networkInterfaces())
    .flat()
    .filter((address) => address && address.family === 'IPv4' && !address.internal)
    .map((address) => address!.address)
  return ['127.0.0.1', ...lan]
}

/** The OCPP (ws://, wss://), API and UI URLs of servers listening on these hosts and ports. */
export function endpointUrls(hosts: { ocpp: string; api: string }, ports: { ocpp: number; tls?: number; web: number }, apiToken?: string) {
  const apiBase = `http://${urlHost(reachableHosts(hosts.api)[0]!)}:${ports.web}`
  const ocppHosts = reachableHosts(hosts.ocpp)
  return {
    ocppUrls: ocppHosts.map((host) => `ws://${urlHost(host)}:${ports.ocpp}${OCPP_PATH}`),
    ocppTlsUrls: ports.tls === undefined ? [] : ocppHosts.map((host) => `wss://${urlHost(host)}:${ports.tls}${OCPP_PATH}`),
    apiUrl: `${apiBase}/api`,
    uiUrl: `${apiBase}/${apiToken ? `?token=${encodeURIComponent(apiToken)}` : ''}`,
  }
}
