import { X509Certificate } from 'node:crypto'
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { operatorCertificate, serverCertificates } from '../../../src/main/ocpp/tls-certificates'

const dirs: string[] = []
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })))
})

describe('server certificates for security profile 2', () => {
  it('makes an RSA-2048 and an ECDSA P-256 certificate once, keeps them (keys owner-only) and reuses them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'csms-tls-'))
    dirs.push(dir)
    const first = await serverCertificates(dir, 'csms.site.local', ['192.168.1.20'])
    const [rsa, ec] = first.map((p) => new X509Certificate(p.cert))
    expect(rsa!.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048)
    expect(ec!.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1')
    expect(rsa!.subject).toContain('CN=csms.site.local')
    expect(rsa!.subjectAltName).toContain('IP Address:192.168.1.20')
    expect(rsa!.checkPrivateKey((await import('node:crypto')).createPrivateKey(first[0]!.key))).toBe(true)
    expect((await stat(join(dir, 'rsa-key.pem'))).mode & 0o077).toBe(0)
    expect(await serverCertificates(dir, 'other-name', [])).toEqual(first)
  })

  it("reads the operator's own certificate, with CRLF line endings normalised", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'csms-tls-'))
    dirs.push(dir)
    const [pair] = await serverCertificates(dir, 'x', [])
    await writeFile(join(dir, 'own.crt'), pair!.cert.replace(/\n/g, '\r\n'))
    await writeFile(join(dir, 'own.key'), pair!.key.replace(/\n/g, '\r\n'))
    expect(await operatorCertificate(join(dir, 'own.crt'), join(dir, 'own.key'))).toEqual(pair)
  })
})
