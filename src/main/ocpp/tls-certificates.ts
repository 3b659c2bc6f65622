/**
 * Server certificates for security profile 2 (whitepaper §2; OCTT TC_086): an RSA-2048 and an
 * ECDSA P-256 certificate (so every OCA cipher suite works), CN = the host name, the PC's
 * addresses as subjectAltName. Made self-signed on first run and kept in <data dir>/tls, unless
 * the operator gives their own (PEM files).
 */
import 'reflect-metadata'
import { randomBytes, webcrypto } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { makePrivateDir, writePrivateFile } from '../storage/file-modes'
import { join } from 'node:path'
import * as x509 from '@peculiar/x509'

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0])

export interface KeyPair {
  key: string
  cert: string
}

/** The OCA suites (TC_086) first, then the ECDHE-RSA ones modern clients prefer; TLS 1.3 suites are Node's defaults. */
export const TLS_CIPHERS = [
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'AES128-GCM-SHA256',
  'AES256-GCM-SHA384',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES256-GCM-SHA384',
].join(':')

const YEAR_MS = 365 * 24 * 3600 * 1000

async function selfSigned(kind: 'rsa' | 'ecdsa', hostName: string, addresses: string[]): Promise<KeyPair> {
  const algorithm =
    kind === 'rsa'
      ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 }
      : { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' }
  const keys = (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair
  const names = [{ type: 'dns' as const, value: hostName }, ...addresses.map((value) => ({ type: 'ip' as const, value }))]
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomBytes(8).toString('hex'),
    name: `CN=${hostName}, O=OCPP 1.6 Desk CSMS`,
    notBefore: new Date(Date.now() - 3600_000),
    notAfter: new Date(Date.now() + 5 * YEAR_MS),
    signingAlgorithm: algorithm,
    keys,
    extensions: [
      new x509.SubjectAlternativeNameExtension(names),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
    ],
  })
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)
  return { key: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY'), cert: cert.toString('pem') }
}

/** The kept certificates, made on first use. */
export async function serverCertificates(dir: string, hostName: string, addresses: string[]): Promise<KeyPair[]> {
  await makePrivateDir(dir)
  const pairs: KeyPair[] = []
  for (const kind of ['rsa', 'ecdsa'] as const) {
    const keyFile = join(dir, `${kind}-key.pem`)
    const certFile = join(dir, `${kind}-cert.pem`)
    if (existsSync(keyFile) && existsSync(certFile)) {
      pairs.push({ key: await readFile(keyFile, 'utf8'), cert: await readFile(certFile, 'utf8') })
      continue
    }
    const pair = await selfSigned(kind, hostName, addresses)
    await writePrivateFile(keyFile, pair.key)
    await writePrivateFile(certFile, pair.cert)
    pairs.push(pair)
  }
  return pairs
}

/** The operator's own certificate and key (PEM files; line endings normalised). */
export async function operatorCertificate(certFile: string, keyFile: string): Promise<KeyPair> {
  const normalise = (pem: string) => pem.replace(/\r\n?/g, '\n')
  return { cert: normalise(await readFile(certFile, 'utf8')), key: normalise(await readFile(keyFile, 'utf8')) }
}
