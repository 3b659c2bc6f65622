/**
 * The cipher suites of the wss:// endpoint (security profile 2). The whitepaper (TC_086) asks for
 * four TLS 1.2 suites, two with an ECDSA certificate and two with static RSA key exchange; the
 * ECDHE-RSA ones serve modern RSA clients with forward secrecy. Forward-secret suites come first
 * (the server's order decides), so a client offering both gets ECDHE; a client offering only
 * static RSA still finds it unless the operator turned those off.
 */
import type { TlsCertificateKind } from '@shared/contract/tls-dto'

export interface TlsSuite {
  /** The IANA name, as the whitepaper writes it. */
  name: string
  /** OpenSSL's name, as Node takes it in `ciphers`. */
  openssl: string
  certificate: TlsCertificateKind
  keyExchange: 'ECDHE' | 'RSA'
  /** One of the four suites of the OCPP 1.6 security whitepaper. */
  whitepaper: boolean
}

/** TLS 1.2 suites, in the server's order of preference. */
export const TLS12_SUITES: readonly TlsSuite[] = [
  { name: 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', openssl: 'ECDHE-ECDSA-AES128-GCM-SHA256', certificate: 'ecdsa', keyExchange: 'ECDHE', whitepaper: true },
  { name: 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', openssl: 'ECDHE-ECDSA-AES256-GCM-SHA384', certificate: 'ecdsa', keyExchange: 'ECDHE', whitepaper: true },
  { name: 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', openssl: 'ECDHE-RSA-AES128-GCM-SHA256', certificate: 'rsa', keyExchange: 'ECDHE', whitepaper: false },
  { name: 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', openssl: 'ECDHE-RSA-AES256-GCM-SHA384', certificate: 'rsa', keyExchange: 'ECDHE', whitepaper: false },
  { name: 'TLS_RSA_WITH_AES_128_GCM_SHA256', openssl: 'AES128-GCM-SHA256', certificate: 'rsa', keyExchange: 'RSA', whitepaper: true },
  { name: 'TLS_RSA_WITH_AES_256_GCM_SHA384', openssl: 'AES256-GCM-SHA384', certificate: 'rsa', keyExchange: 'RSA', whitepaper: true },
]

/** TLS 1.3 suites (Node's defaults, named so that what is shown is what is offered); any certificate serves them. */
export const TLS13_SUITES: readonly string[] = ['TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256', 'TLS_AES_128_GCM_SHA256']

export const TLS_MIN_VERSION = 'TLSv1.2' as const

/** The TLS 1.2 suites offered: all of them, or without static RSA key exchange. */
export function offeredSuites(staticRsa: boolean): TlsSuite[] {
  return TLS12_SUITES.filter((suite) => staticRsa || suite.keyExchange !== 'RSA')
}

/** The `ciphers` string for Node's TLS server. */
export function tlsCiphers(staticRsa: boolean): string {
  return [...offeredSuites(staticRsa).map((suite) => suite.openssl), ...TLS13_SUITES].join(':')
}
