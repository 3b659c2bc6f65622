/**
 * Server certificates for security profile 2 (whitepaper §2; OCTT TC_086): an RSA-2048 and an
 * ECDSA P-256 certificate (so every OCA cipher suite works), CN = the host name, the PC's
 * addresses as subjectAltName. Made self-signed on first run and kept in <data dir>/tls; made anew
 * for the PC's current names when the operator asks (its addresses changed). A kind the operator
 * gives their own certificate for is not served from here (see tls-key-pair.ts).
 */
import 'reflect-metadata'
import { randomBytes, webcrypto } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readFile, rename } from 'node:fs/promises'
import { makePrivateDir, writePrivateFile } from '../storage/file-modes'
import { join } from 'node:path'
import * as x509 from '@peculiar/x509'
import type { TlsCertificateKind } from '@shared/contract/tls-dto'
import { checkPair, normalisePem, type CheckedPair, type KeyPair } from './tls-key-pair'

export type { KeyPair } from './tls-key-pair'

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0])

const YEAR_MS = 365 * 24 * 3600 * 1000

async function selfSigned(kind: TlsCertificateKind, hostName: string, addresses: string[]): Promise<KeyPair> {
  const algorithm =
    kind === 'rsa'
      ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 }
      : { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' }
  const keys = (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair
  const names = [{ type: 'dns' as const, value: hostName }, ...addresses.map((value) => ({ type: 'ip' as const, value }))]
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomBytes(8).toString('hex'),
    name: [{ CN: [hostName] }, { O: ['OCPP 1.6 Desk CSMS'] }],
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

/** The names a generated certificate is made for: CN and DNS name = the host name, IP names = the addresses. */
export interface TlsNames {
  hostName: string
  addresses: string[]
}

const files = (dir: string, kind: TlsCertificateKind) => ({ key: join(dir, `${kind}-key.pem`), cert: join(dir, `${kind}-cert.pem`) })

async function keep(dir: string, kind: TlsCertificateKind, pair: KeyPair): Promise<void> {
  const target = files(dir, kind)
  // Each file is replaced whole (written aside, then renamed); a pair torn by a crash between the
  // two renames does not match and is made anew at the next start.
  await writePrivateFile(`${target.key}.new`, pair.key)
  await writePrivateFile(`${target.cert}.new`, pair.cert)
  await rename(`${target.key}.new`, target.key)
  await rename(`${target.cert}.new`, target.cert)
}

/** A new self-signed pair of `kind` for `names`, kept in `dir` (replacing the previous one). */
export async function makeCertificate(dir: string, kind: TlsCertificateKind, names: TlsNames): Promise<CheckedPair> {
  await makePrivateDir(dir)
  const pair = await selfSigned(kind, names.hostName, names.addresses)
  await keep(dir, kind, pair)
  return checkPair(pair)
}

/**
 * The kept self-signed pair of each kind asked for, made on first use (or when the kept one is
 * missing or unusable; `remade` hears why).
 */
export async function generatedCertificates(dir: string, kinds: readonly TlsCertificateKind[], names: TlsNames, remade?: (kind: TlsCertificateKind, why: string) => void): Promise<CheckedPair[]> {
  const pairs: CheckedPair[] = []
  for (const kind of kinds) {
    const target = files(dir, kind)
    if (existsSync(target.key) && existsSync(target.cert)) {
      try {
        const checked = checkPair({ key: normalisePem(await readFile(target.key, 'utf8')), cert: normalisePem(await readFile(target.cert, 'utf8')) })
        if (checked.kind === kind) {
          pairs.push(checked)
          continue
        }
        remade?.(kind, `the kept ${kind} files hold a ${checked.kind} pair`)
      } catch (error) {
        remade?.(kind, (error as Error).message)
      }
    }
    pairs.push(await makeCertificate(dir, kind, names))
  }
  return pairs
}
