import { createPrivateKey, X509Certificate } from 'node:crypto'
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
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
