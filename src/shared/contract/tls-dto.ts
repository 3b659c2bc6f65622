/** The wss:// endpoint's certificates and suites (security profile 2; issue 17 §9). */

/** Which TLS 1.2 suites a certificate serves: ECDSA for ECDHE-ECDSA, RSA for ECDHE-RSA and static RSA. */
export type TlsCertificateKind = 'rsa' | 'ecdsa'

export interface TlsCertificateInfo {
  kind: TlsCertificateKind
  /** generated = self-signed by this CSMS for this PC; operator = the PEM files given with --tls-cert/--tls-key. */
  source: 'generated' | 'operator'
  /** e.g. "RSA 2048 bits", "ECDSA P-256". */
  key: string
  subjectCn: string | null
  issuer: string
  selfSigned: boolean
  /** subjectAltName: host names and IP addresses the certificate is valid for. */
  dnsNames: string[]
  ipAddresses: string[]
  serialNumber: string
  /** SHA-256 of the DER certificate, colon-separated hex (what stations pin). */
  fingerprint256: string
  notBefore: string
  notAfter: string
  expired: boolean
  /** True when the certificate names this PC's current host name and every current address. */
  coversCurrentAddresses: boolean
  /** The current host name and addresses of this PC the certificate does not name. */
  missing: string[]
  /** TLS 1.2 suites this certificate serves (OpenSSL names), as offered now. */
  suites: string[]
  /** The certificate as PEM (public; stations that check the server certificate are given this). */
  pem: string
}

export interface TlsSuiteInfo {
  /** IANA name, as the whitepaper writes it. */
  name: string
  /** OpenSSL name. */
  openssl: string
  certificate: TlsCertificateKind
  keyExchange: 'ECDHE' | 'RSA'
  /** One of the four suites of the OCPP 1.6 security whitepaper (TC_086). */
  whitepaper: boolean
  /** Offered now (the static-RSA ones only while settings.security.staticRsaSuites is on). */
  offered: boolean
}

/** Something a person should know about the endpoint, with a code the UI can place it by. */
export interface TlsNote {
  code: 'generated-fill-in' | 'addresses-changed' | 'not-valid-now' | 'static-rsa-off'
  message: string
}

export interface TlsStatus {
  /** Whether the wss:// endpoint is listening. */
  running: boolean
  port: number | null
  /** Why it is not running (started with --no-tls, or what failed at start), else null. */
  problem: string | null
  /** This PC's names as checked now: the certificates should name all of them. */
  hostName: string
  addresses: string[]
  /** The RSA certificate first, then the ECDSA one. */
  certificates: TlsCertificateInfo[]
  minVersion: 'TLSv1.2'
  staticRsaSuites: boolean
  /** Every TLS 1.2 suite the endpoint knows, in the server's order of preference. */
  suites: TlsSuiteInfo[]
  /** TLS 1.3 suites (any certificate serves them). */
  tls13Suites: string[]
  /** A generated certificate lacks a current name of this PC: regenerate it. */
  addressesChanged: boolean
  /** What a person should know (a kind served from a generated certificate, names lacking, validity, suites off). */
  notes: TlsNote[]
  checkedAt: string
}
