/**
 * What the wss:// endpoint serves, as a person needs to see it: each certificate's names, key,
 * fingerprint and validity, which of this PC's current names it lacks, and the suites offered.
 * Pure functions over the served pairs and the names of the moment.
 */
import { isIP } from 'node:net'
import 'reflect-metadata'
import * as x509 from '@peculiar/x509'
import type { TlsCertificateInfo, TlsNote, TlsStatus } from '@shared/contract/tls-dto'
import type { TlsNames } from '../../ocpp/tls-certificates'
import { offeredSuites, TLS12_SUITES, TLS13_SUITES, TLS_MIN_VERSION } from '../../ocpp/tls-ciphers'
import type { CheckedPair } from '../../ocpp/tls-key-pair'

/** What does not change while a pair is served (read once from the certificate). */
export type CertificateFacts = Omit<TlsCertificateInfo, 'expired' | 'coversCurrentAddresses' | 'missing' | 'suites'>

export interface ServedPair {
  pair: CheckedPair
  source: TlsCertificateInfo['source']
  facts: CertificateFacts
}

function canonicalIp(address: string): string {
  if (isIP(address) !== 6) return address
  try {
    return new URL(`http://[${address.replace(/^\[|\]$/g, '')}]/`).hostname.replace(/^\[|\]$/g, '')
  } catch {
    return address.toLowerCase()
  }
}

/** A DNS name of a certificate matches a host name (case-insensitive; "*." covers one label). */
export function dnsNameMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase().replace(/\.$/, '')
  const h = host.toLowerCase().replace(/\.$/, '')
  if (p === h) return true
  if (!p.startsWith('*.')) return false
  const dot = h.indexOf('.')
  return dot > 0 && h.slice(dot + 1) === p.slice(2)
}

export function certificateFacts(pair: CheckedPair, source: TlsCertificateInfo['source']): CertificateFacts {
  const parsed = new x509.X509Certificate(pair.certificate.raw)
  const san = parsed.getExtension(x509.SubjectAlternativeNameExtension)?.names.items ?? []
  return {
    kind: pair.kind,
    source,
    key: pair.keyDescription,
    subjectCn: parsed.subjectName.getField('CN')[0] ?? null,
    issuer: parsed.issuer,
    selfSigned: parsed.subject === parsed.issuer,
    dnsNames: san.filter((name) => name.type === 'dns').map((name) => name.value),
    ipAddresses: san.filter((name) => name.type === 'ip').map((name) => canonicalIp(name.value)),
    serialNumber: pair.certificate.serialNumber,
    fingerprint256: pair.certificate.fingerprint256,
    notBefore: parsed.notBefore.toISOString(),
    notAfter: parsed.notAfter.toISOString(),
    pem: pair.certificate.toString(),
  }
}

/** This PC's host name and addresses that a certificate does not name. */
export function missingNames(facts: Pick<CertificateFacts, 'dnsNames' | 'ipAddresses' | 'subjectCn'>, names: TlsNames): string[] {
  const missing: string[] = []
  const hostNames = facts.dnsNames.length > 0 ? facts.dnsNames : facts.subjectCn ? [facts.subjectCn] : []
  if (names.hostName && !hostNames.some((pattern) => dnsNameMatches(pattern, names.hostName))) missing.push(names.hostName)
  const ips = new Set(facts.ipAddresses.map(canonicalIp))
  for (const address of names.addresses) if (!ips.has(canonicalIp(address)) && !missing.includes(address)) missing.push(address)
  return missing
}

const KIND_LABEL = { rsa: 'RSA', ecdsa: 'ECDSA' } as const

export interface StatusInput {
  running: boolean
  port: number | null
  problem: string | null
  names: TlsNames
  served: readonly ServedPair[]
  staticRsa: boolean
  now: Date
}

export function tlsStatus(input: StatusInput): TlsStatus {
  const offered = new Set(offeredSuites(input.staticRsa).map((suite) => suite.openssl))
  const certificates: TlsCertificateInfo[] = input.served.map(({ facts }) => {
    const missing = missingNames(facts, input.names)
    return {
      ...facts,
      expired: Date.parse(facts.notAfter) <= input.now.getTime() || Date.parse(facts.notBefore) > input.now.getTime(),
      coversCurrentAddresses: missing.length === 0,
      missing,
      suites: TLS12_SUITES.filter((suite) => suite.certificate === facts.kind && offered.has(suite.openssl)).map((suite) => suite.openssl),
    }
  })
  const generatedMissing = [...new Set(certificates.filter((c) => c.source === 'generated').flatMap((c) => c.missing))]
  const notes: TlsNote[] = []
  const own = certificates.filter((c) => c.source === 'operator')
  if (own.length === 1) {
    const mine = KIND_LABEL[own[0]!.kind]
    const other = own[0]!.kind === 'rsa' ? 'ecdsa' : 'rsa'
    notes.push({
      code: 'generated-fill-in',
      message: `Your ${mine} certificate serves the ${mine} suites; the ${KIND_LABEL[other]} suites are served with the generated self-signed ${KIND_LABEL[other]} certificate, which stations that check the server certificate against your CA refuse. Give an ${KIND_LABEL[other]} certificate as well (a second --tls-cert/--tls-key) to replace it.`,
    })
  }
  if (generatedMissing.length > 0) {
    notes.push({
      code: 'addresses-changed',
      message: `The generated certificates do not name ${generatedMissing.join(', ')}: stations that reach this PC there and check the name refuse them. Regenerate them, then give the new certificate to stations that trust the old one.`,
    })
  }
  for (const certificate of certificates) {
    if (certificate.expired) {
      const remedy = certificate.source === 'generated' ? 'Regenerate it.' : 'Renew it with your CA and restart the CSMS.'
      notes.push({ code: 'not-valid-now', message: `The ${KIND_LABEL[certificate.kind]} certificate is not valid now (valid ${certificate.notBefore.slice(0, 10)} to ${certificate.notAfter.slice(0, 10)}); stations refuse it. ${remedy}` })
    }
  }
  if (!input.staticRsa) notes.push({ code: 'static-rsa-off', message: 'The static-RSA suites (TLS_RSA_WITH_AES_128/256_GCM) are off: stations that offer only those cannot connect.' })
  return {
    running: input.running,
    port: input.port,
    problem: input.problem,
    hostName: input.names.hostName,
    addresses: [...input.names.addresses],
    certificates,
    minVersion: TLS_MIN_VERSION,
    staticRsaSuites: input.staticRsa,
    suites: TLS12_SUITES.map((suite) => ({ ...suite, offered: offered.has(suite.openssl) })),
    tls13Suites: [...TLS13_SUITES],
    addressesChanged: generatedMissing.length > 0,
    notes,
    checkedAt: input.now.toISOString(),
  }
}
