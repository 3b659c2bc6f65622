/**
 * A server certificate and its private key (PEM), checked before the TLS endpoint serves them:
 * the key type decides which suites the pair serves (RSA or ECDSA), the key must be the
 * certificate's, and the key must be strong enough for the OCPP 1.6 security whitepaper (RSA at
 * least 2048 bits; ECDSA on P-256, P-384 or P-521). Every refusal says which file and what to do.
 */
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import type { TlsCertificateKind } from '@shared/contract/tls-dto'

export interface KeyPair {
  key: string
  cert: string
}

/** A pair that passed the checks, with what was learnt about it. */
export interface CheckedPair extends KeyPair {
  kind: TlsCertificateKind
  /** e.g. "RSA 2048 bits", "ECDSA P-256". */
  keyDescription: string
  /** The leaf certificate (the first of the PEM file; further ones are its chain). */
  certificate: X509Certificate
}

/** A certificate or key that cannot be served; the message names the file and the remedy. */
export class TlsCertificateError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'TlsCertificateError'
  }
}

const CURVE_NAMES: Record<string, string> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' }
const MIN_RSA_BITS = 2048

/** PEM text with Windows or old-Mac line endings made plain. */
export function normalisePem(pem: string): string {
  return pem.replace(/\r\n?/g, '\n')
}

/** What a private key serves, or why it cannot serve any OCPP suite. */
export function keyKind(key: KeyObject, label: string): { kind: TlsCertificateKind; description: string } {
  const type = key.asymmetricKeyType
  if (type === 'rsa') {
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0
    if (bits < MIN_RSA_BITS) throw new TlsCertificateError(`${label}: the RSA key has ${bits} bits; the OCPP security whitepaper needs at least ${MIN_RSA_BITS}. Have a new certificate made with an RSA key of 2048 bits or more.`)
    return { kind: 'rsa', description: `RSA ${bits} bits` }
  }
  if (type === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve ?? 'unknown'
    const name = CURVE_NAMES[curve]
    if (!name) throw new TlsCertificateError(`${label}: the ECDSA key is on curve ${curve}, which charging stations do not offer. Have a new certificate made on P-256 or P-384.`)
    return { kind: 'ecdsa', description: `ECDSA ${name}` }
  }
  if (type === 'rsa-pss') throw new TlsCertificateError(`${label}: an RSA-PSS key cannot do the TLS_RSA key exchange of the whitepaper. Have a new certificate made with a plain RSA key (rsaEncryption, at least 2048 bits).`)
  throw new TlsCertificateError(`${label}: a ${type ?? 'unknown'} key serves none of the OCPP 1.6 TLS suites. Give an RSA (at least 2048 bits) or an ECDSA (P-256 or P-384) certificate and key.`)
}

function parseKey(pem: string, label: string): KeyObject {
  if (!pem.includes('-----BEGIN')) throw new TlsCertificateError(`${label}: not a PEM private key (it should begin with -----BEGIN PRIVATE KEY-----). Convert it, e.g. openssl pkey -in key.der -inform DER -out key.pem.`)
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/.test(pem)) {
    throw new TlsCertificateError(`${label}: the private key is protected by a passphrase, which the CSMS cannot type at start. Give it unencrypted (openssl pkey -in key.pem -out key-plain.pem) and keep that file readable only by you.`)
  }
  try {
    return createPrivateKey(pem)
  } catch {
    throw new TlsCertificateError(`${label}: no private key could be read from it. Give the PEM private key that belongs to the certificate.`)
  }
}

function parseCertificate(pem: string, label: string): X509Certificate {
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new TlsCertificateError(`${label}: not a PEM certificate (it should begin with -----BEGIN CERTIFICATE-----). Convert it, e.g. openssl x509 -in cert.der -inform DER -out cert.pem.`)
  try {
    return new X509Certificate(pem)
  } catch {
    throw new TlsCertificateError(`${label}: the certificate could not be read. Give the server certificate as PEM.`)
  }
}

/** Checks one pair; `labels` name its files in messages. */
export function checkPair(pair: KeyPair, labels: { cert: string; key: string } = { cert: 'certificate', key: 'key' }): CheckedPair {
  const key = parseKey(pair.key, labels.key)
  const { kind, description } = keyKind(key, labels.key)
  const certificate = parseCertificate(pair.cert, labels.cert)
  if (!certificate.checkPrivateKey(key)) throw new TlsCertificateError(`${labels.cert} and ${labels.key} do not belong together: the key is not this certificate's private key.`)
  return { key: pair.key, cert: pair.cert, kind, keyDescription: description, certificate }
}

function readPem(file: string, what: string): string {
  try {
    return normalisePem(readFileSync(file, 'utf8'))
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'cannot be read (permissions)' : 'cannot be read'
    throw new TlsCertificateError(`${what} ${basename(file)} ${why}.`)
  }
}

/**
 * The operator's own certificates: one or two pairs (an RSA and/or an ECDSA one). Each certificate
 * is paired with the key that belongs to it, whatever the order the files were given in. Answers
 * the RSA pair first.
 */
export function readOperatorCertificates(certFiles: readonly string[], keyFiles: readonly string[]): CheckedPair[] {
  if (certFiles.length === 0 && keyFiles.length === 0) return []
  if (certFiles.length !== keyFiles.length) {
    throw new TlsCertificateError(`Give one key per certificate (--tls-cert and --tls-key in pairs): ${certFiles.length} certificate file(s) and ${keyFiles.length} key file(s) were given.`)
  }
  if (certFiles.length > 2) throw new TlsCertificateError(`At most two certificates can be served, an RSA and an ECDSA one; ${certFiles.length} were given.`)
  const keys = keyFiles.map((file) => {
    const pem = readPem(file, 'The TLS key file')
    const label = basename(file)
    const object = parseKey(pem, label)
    return { file, label, pem, object, ...keyKind(object, label) }
  })
  const pairs = certFiles.map((file) => {
    const pem = readPem(file, 'The TLS certificate file')
    const label = basename(file)
    const certificate = parseCertificate(pem, label)
    const key = keys.find((k) => certificate.checkPrivateKey(k.object))
    if (!key) throw new TlsCertificateError(`${label}: none of the keys given (${keys.map((k) => k.label).join(', ')}) belongs to this certificate. Give its private key with --tls-key.`)
    return { key: key.pem, cert: pem, kind: key.kind, keyDescription: key.description, certificate, label }
  })
  if (pairs.length === 2 && pairs[0]!.kind === pairs[1]!.kind) {
    const kind = pairs[0]!.kind === 'rsa' ? 'RSA' : 'ECDSA'
    throw new TlsCertificateError(`${pairs[0]!.label} and ${pairs[1]!.label} are both ${kind} certificates; give at most one RSA and one ECDSA certificate.`)
  }
  return pairs.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'rsa' ? -1 : 1)).map(({ label: _label, ...pair }) => pair)
}
