/**
 * TLS material for tests: certificates made here (independently of the code under test) and a real
 * TLS client that reports what a handshake negotiated.
 */
import 'reflect-metadata'
import { generateKeyPairSync, randomBytes, webcrypto, type X509Certificate } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { connect, type TLSSocket } from 'node:tls'
import * as x509 from '@peculiar/x509'

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0])

export interface PemPair {
  key: string
  cert: string
}

export interface CertificateOptions {
  cn?: string
  ips?: string[]
  /** RSA only (default 2048). */
  modulusLength?: number
  /** ECDSA only (default P-256). */
  curve?: 'P-256' | 'P-384' | 'P-521'
  notAfter?: Date
}

/** A self-signed server certificate and its PKCS#8 key, as an operator's CA would hand over (PEM). */
export async function makeCertificate(kind: 'rsa' | 'ecdsa', options: CertificateOptions = {}): Promise<PemPair> {
  const algorithm =
    kind === 'rsa'
      ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: options.modulusLength ?? 2048 }
      : { name: 'ECDSA', namedCurve: options.curve ?? 'P-256', hash: 'SHA-256' }
  const keys = (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair
  const cn = options.cn ?? 'operator.example'
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: `01${randomBytes(8).toString('hex')}`,
    name: `CN=${cn}, O=Operator CA test`,
    notBefore: new Date(Date.now() - 3600_000),
    notAfter: options.notAfter ?? new Date(Date.now() + 30 * 24 * 3600_000),
    signingAlgorithm: algorithm,
    keys,
    extensions: [new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: cn }, ...(options.ips ?? ['127.0.0.1']).map((value) => ({ type: 'ip' as const, value }))])],
  })
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)
  return { key: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY'), cert: cert.toString('pem') }
}

/** A private key of a kind WebCrypto cannot make (P-224, Ed25519), PEM. */
export function makeOddKey(kind: 'p224' | 'ed25519'): string {
  const pair = kind === 'p224' ? generateKeyPairSync('ec', { namedCurve: 'secp224r1' }) : generateKeyPairSync('ed25519')
  return pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string
}

/** Writes a pair as <name>.crt and <name>.key in `dir`; answers the two paths. */
export async function writePair(dir: string, name: string, pair: PemPair): Promise<{ cert: string; key: string }> {
  const cert = join(dir, `${name}.crt`)
  const key = join(dir, `${name}.key`)
  await writeFile(cert, pair.cert)
  await writeFile(key, pair.key)
  return { cert, key }
}

export interface Handshake {
  cipher: string
  version: string
  cert: X509Certificate
  /** 'rsa' or 'ec': the key type of the certificate the server sent. */
  keyType: string | undefined
}

/** One TLS handshake with 127.0.0.1:port (certificate not checked), then closes. */
export function handshake(port: number, options: { maxVersion?: 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3'; minVersion?: 'TLSv1' | 'TLSv1.2'; ciphers?: string } = {}): Promise<Handshake> {
  return new Promise((resolve, reject) => {
    const socket: TLSSocket = connect({ host: '127.0.0.1', port, rejectUnauthorized: false, minVersion: 'TLSv1', ...options }, () => {
      const cert = socket.getPeerX509Certificate()!
      resolve({ cipher: socket.getCipher().name, version: socket.getProtocol() ?? '', cert, keyType: cert.publicKey.asymmetricKeyType })
      socket.end()
    })
    socket.once('error', reject)
  })
}

/** The four suites of the OCPP 1.6 security whitepaper (TC_086), OpenSSL names, with the certificate kind each needs. */
export const WHITEPAPER_SUITES = [
  { suite: 'ECDHE-ECDSA-AES128-GCM-SHA256', keyType: 'ec' },
  { suite: 'ECDHE-ECDSA-AES256-GCM-SHA384', keyType: 'ec' },
  { suite: 'AES128-GCM-SHA256', keyType: 'rsa' },
  { suite: 'AES256-GCM-SHA384', keyType: 'rsa' },
] as const
