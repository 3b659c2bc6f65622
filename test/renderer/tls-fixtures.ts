import type { TlsCertificateInfo, TlsStatus } from '@shared/contract'

const SUITES = [
  { name: 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', openssl: 'ECDHE-ECDSA-AES128-GCM-SHA256', certificate: 'ecdsa', keyExchange: 'ECDHE', whitepaper: true },
  { name: 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', openssl: 'ECDHE-ECDSA-AES256-GCM-SHA384', certificate: 'ecdsa', keyExchange: 'ECDHE', whitepaper: true },
  { name: 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', openssl: 'ECDHE-RSA-AES128-GCM-SHA256', certificate: 'rsa', keyExchange: 'ECDHE', whitepaper: false },
  { name: 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', openssl: 'ECDHE-RSA-AES256-GCM-SHA384', certificate: 'rsa', keyExchange: 'ECDHE', whitepaper: false },
  { name: 'TLS_RSA_WITH_AES_128_GCM_SHA256', openssl: 'AES128-GCM-SHA256', certificate: 'rsa', keyExchange: 'RSA', whitepaper: true },
  { name: 'TLS_RSA_WITH_AES_256_GCM_SHA384', openssl: 'AES256-GCM-SHA384', certificate: 'rsa', keyExchange: 'RSA', whitepaper: true },
] as const

export function tlsCertificate(kind: 'rsa' | 'ecdsa', extra: Partial<TlsCertificateInfo> = {}): TlsCertificateInfo {
  return {
    kind,
    source: 'generated',
    key: kind === 'rsa' ? 'RSA 2048 bits' : 'ECDSA P-256',
    subjectCn: 'bench-pc',
    issuer: 'CN=bench-pc, O=OCPP 1.6 Desk CSMS',
    selfSigned: true,
    dnsNames: ['bench-pc'],
    ipAddresses: ['127.0.0.1', '192.168.1.5'],
    serialNumber: '01AB',
    fingerprint256: kind === 'rsa' ? 'AA:BB:CC' : 'DD:EE:FF',
    notBefore: '2026-01-01T00:00:00.000Z',
    notAfter: '2031-01-01T00:00:00.000Z',
    expired: false,
    coversCurrentAddresses: true,
    missing: [],
    suites: SUITES.filter((s) => s.certificate === kind).map((s) => s.openssl),
    pem: `-----BEGIN CERTIFICATE-----\n${kind}\n-----END CERTIFICATE-----\n`,
    ...extra,
  }
}

/** A running endpoint with two generated certificates naming the PC's addresses. */
export function tlsStatus(extra: Partial<TlsStatus> = {}, staticRsa = true): TlsStatus {
  return {
    running: true,
    port: 9443,
    problem: null,
    hostName: 'bench-pc',
    addresses: ['127.0.0.1', '192.168.1.5'],
    certificates: [tlsCertificate('rsa'), tlsCertificate('ecdsa')],
    minVersion: 'TLSv1.2',
    staticRsaSuites: staticRsa,
    suites: SUITES.map((s) => ({ ...s, offered: staticRsa || s.keyExchange !== 'RSA' })),
    tls13Suites: ['TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256', 'TLS_AES_128_GCM_SHA256'],
    addressesChanged: false,
    notes: [],
    checkedAt: '2026-06-01T10:00:00.000Z',
    ...extra,
  }
}

/** The same PC after it got 10.1.2.3: the generated certificates lack it. */
export function tlsStatusMoved(): TlsStatus {
  const missing = { coversCurrentAddresses: false, missing: ['10.1.2.3'] }
  return tlsStatus({
    addresses: ['127.0.0.1', '192.168.1.5', '10.1.2.3'],
    certificates: [tlsCertificate('rsa', missing), tlsCertificate('ecdsa', missing)],
    addressesChanged: true,
    notes: [{ code: 'addresses-changed', message: 'The generated certificates do not name 10.1.2.3: …' }],
  })
}
