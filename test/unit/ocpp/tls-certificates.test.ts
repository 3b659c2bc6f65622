import { createPrivateKey, X509Certificate } from 'node:crypto'
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import 'reflect-metadata'
import * as x509 from '@peculiar/x509'
import { afterEach, describe, expect, it } from 'vitest'
import { generatedCertificates, makeCertificate } from '../../../src/main/ocpp/tls-certificates'

const dirs: string[] = []
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })))
})

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'csms-tls-'))
  dirs.push(dir)
  return dir
}

const names = { hostName: 'csms.site.local', addresses: ['127.0.0.1', '192.168.1.20'] }

describe('server certificates for security profile 2', () => {
  it('makes an RSA-2048 and an ECDSA P-256 certificate once, keeps them (keys owner-only) and reuses them', async () => {
    const dir = await tempDir()
    const first = await generatedCertificates(dir, ['rsa', 'ecdsa'], names)
    const [rsa, ec] = first.map((p) => new X509Certificate(p.cert))
    expect(first.map((p) => [p.kind, p.keyDescription])).toEqual([['rsa', 'RSA 2048 bits'], ['ecdsa', 'ECDSA P-256']])
    expect(rsa!.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048)
    expect(ec!.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1')
    expect(rsa!.subject).toContain('CN=csms.site.local')
    expect(rsa!.subjectAltName).toContain('IP Address:192.168.1.20')
    expect(rsa!.checkPrivateKey(createPrivateKey(first[0]!.key))).toBe(true)
    expect((await stat(join(dir, 'rsa-key.pem'))).mode & 0o077).toBe(0)
    const again = await generatedCertificates(dir, ['rsa', 'ecdsa'], { hostName: 'other-name', addresses: [] })
    expect(again.map((p) => p.cert)).toEqual(first.map((p) => p.cert))
  })

  it('makes only the kinds asked for (the operator gives the others)', async () => {
    const dir = await tempDir()
    expect((await generatedCertificates(dir, ['rsa'], names)).map((p) => p.kind)).toEqual(['rsa'])
    await expect(stat(join(dir, 'ecdsa-cert.pem'))).rejects.toThrow()
  })

  it('a kept pair torn apart (key and certificate no longer match) is made anew, and the reason is told', async () => {
    const dir = await tempDir()
    const [rsa] = await generatedCertificates(dir, ['rsa'], names)
    const other = await makeCertificate(await tempDir(), 'rsa', names)
    await writeFile(join(dir, 'rsa-key.pem'), other.key)
    const reasons: string[] = []
    const [remade] = await generatedCertificates(dir, ['rsa'], names, (kind, why) => reasons.push(`${kind}: ${why}`))
    expect(remade!.cert).not.toBe(rsa!.cert)
    expect(new X509Certificate(remade!.cert).checkPrivateKey(createPrivateKey(await readFile(join(dir, 'rsa-key.pem'), 'utf8')))).toBe(true)
    expect(reasons.join()).toMatch(/rsa: .*do not belong together/)
  })

  it('makeCertificate replaces the kept pair with one for the names given', async () => {
    const dir = await tempDir()
    await generatedCertificates(dir, ['ecdsa'], names)
    const fresh = await makeCertificate(dir, 'ecdsa', { hostName: 'csms.site.local', addresses: ['127.0.0.1', '10.9.8.7'] })
    expect(new X509Certificate(fresh.cert).subjectAltName).toContain('IP Address:10.9.8.7')
    expect(await readFile(join(dir, 'ecdsa-cert.pem'), 'utf8')).toBe(fresh.cert)
  })
})

describe('what a generated certificate says', () => {
  it('is valid from an hour ago for five years, names the CSMS and may sign and encipher keys for TLS servers only', async () => {
    const before = Date.now()
    const [rsa] = await generatedCertificates(await tempDir(), ['rsa'], names)
    const parsed = new x509.X509Certificate(rsa!.cert)
    const hour = 3600_000
    expect(parsed.notBefore.getTime()).toBeGreaterThanOrEqual(before - hour - 1000)
    expect(parsed.notBefore.getTime()).toBeLessThanOrEqual(Date.now() - hour + 1000)
    expect(parsed.notAfter.getTime() - parsed.notBefore.getTime()).toBeGreaterThanOrEqual(5 * 365 * 24 * hour)
    expect(parsed.notAfter.getTime() - parsed.notBefore.getTime()).toBeLessThanOrEqual(5 * 365 * 24 * hour + hour + 2000)
    expect(parsed.subject).toContain('O=OCPP 1.6 Desk CSMS')
    // Static RSA key exchange (the whitepaper's TLS_RSA suites) needs keyEncipherment; ECDHE needs digitalSignature.
    const usage = parsed.getExtension(x509.KeyUsagesExtension)!
    expect(usage.usages).toBe(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment)
    expect(usage.critical).toBe(true)
    expect(parsed.getExtension(x509.ExtendedKeyUsageExtension)!.usages).toEqual([x509.ExtendedKeyUsage.serverAuth])
    expect(parsed.getExtension(x509.SubjectAlternativeNameExtension)!.names.items.map((n) => [n.type, n.value])).toEqual([['dns', 'csms.site.local'], ['ip', '127.0.0.1'], ['ip', '192.168.1.20']])
  })

  it('two certificates made for the same names have different serial numbers', async () => {
    const dir = await tempDir()
    const [a, b] = await Promise.all([makeCertificate(dir, 'ecdsa', names), makeCertificate(await tempDir(), 'ecdsa', names)])
    expect(new X509Certificate(a!.cert).serialNumber).not.toBe(new X509Certificate(b!.cert).serialNumber)
  })
})

describe('kept files that cannot be used as they are', () => {
  it('a key kept without its certificate (a crash between the two renames) is made anew, with no previous pair to report', async () => {
    const dir = await tempDir()
    const [first] = await generatedCertificates(dir, ['ecdsa'], names)
    await rm(join(dir, 'ecdsa-cert.pem'))
    const reasons: string[] = []
    const [again] = await generatedCertificates(dir, ['ecdsa'], names, (kind, why) => reasons.push(`${kind}: ${why}`))
    expect(again!.key).not.toBe(first!.key)
    expect(await readFile(join(dir, 'ecdsa-cert.pem'), 'utf8')).toBe(again!.cert)
    expect(reasons).toEqual([])
  })

  it('files of one kind holding a pair of the other kind are made anew as the kind asked for, and the reason is told', async () => {
    const dir = await tempDir()
    const [ec] = await generatedCertificates(dir, ['ecdsa'], names)
    await writeFile(join(dir, 'rsa-key.pem'), ec!.key)
    await writeFile(join(dir, 'rsa-cert.pem'), ec!.cert)
    const reasons: string[] = []
    const [rsa] = await generatedCertificates(dir, ['rsa'], names, (kind, why) => reasons.push(`${kind}: ${why}`))
    expect(rsa!.kind).toBe('rsa')
    expect(reasons).toEqual(['rsa: the kept rsa files hold a ecdsa pair'])
  })

  it('an unusable kept pair is made anew even when no one listens for the reason; Windows line endings are read', async () => {
    const dir = await tempDir()
    const [ec] = await generatedCertificates(dir, ['ecdsa'], names)
    await writeFile(join(dir, 'rsa-key.pem'), ec!.key)
    await writeFile(join(dir, 'rsa-cert.pem'), ec!.cert)
    expect((await generatedCertificates(dir, ['rsa'], names)).map((p) => p.kind)).toEqual(['rsa'])
    await writeFile(join(dir, 'ecdsa-cert.pem'), 'not a certificate')
    expect((await generatedCertificates(dir, ['ecdsa'], names)).map((p) => p.kind)).toEqual(['ecdsa'])
    const kept = await readFile(join(dir, 'ecdsa-cert.pem'), 'utf8')
    await writeFile(join(dir, 'ecdsa-cert.pem'), kept.replace(/\n/g, '\r\n'))
    const [read] = await generatedCertificates(dir, ['ecdsa'], names)
    expect(read!.cert).toBe(kept)
  })
})
