import { generateKeyPairSync } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { checkPair, normalisePem, readOperatorCertificates, TlsCertificateError } from '../../../src/main/ocpp/tls-key-pair'
import { makeCertificate, makeOddKey, writePair, type PemPair } from '../../support/tls-fixtures'

const dirs: string[] = []
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })))
})
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'csms-own-tls-'))
  dirs.push(dir)
  return dir
}

let rsa: PemPair
let ecdsa: PemPair
beforeAll(async () => {
  ;[rsa, ecdsa] = await Promise.all([makeCertificate('rsa', { cn: 'rsa.example' }), makeCertificate('ecdsa', { cn: 'ec.example' })])
})

/** The message of what `fn` throws, checked to be a TlsCertificateError. */
function refusal(fn: () => unknown): string {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(TlsCertificateError)
    return (error as Error).message
  }
  throw new Error('expected a refusal')
}

describe('key type detection', () => {
  it('tells an RSA pair from an ECDSA one by the key, with its size or curve', async () => {
    expect(checkPair(rsa)).toMatchObject({ kind: 'rsa', keyDescription: 'RSA 2048 bits' })
    expect(checkPair(ecdsa)).toMatchObject({ kind: 'ecdsa', keyDescription: 'ECDSA P-256' })
    expect(checkPair(await makeCertificate('ecdsa', { curve: 'P-384' }))).toMatchObject({ kind: 'ecdsa', keyDescription: 'ECDSA P-384' })
    expect(checkPair(await makeCertificate('rsa', { modulusLength: 3072 }))).toMatchObject({ kind: 'rsa', keyDescription: 'RSA 3072 bits' })
  })

  it('refuses keys too weak or of a kind no OCPP suite uses, saying what to do', async () => {
    const weak = await makeCertificate('rsa', { modulusLength: 1024 })
    expect(refusal(() => checkPair(weak, { cert: 'own.crt', key: 'own.key' }))).toMatch(/own\.key: the RSA key has 1024 bits; .*at least 2048/)
    expect(refusal(() => checkPair({ cert: ecdsa.cert, key: makeOddKey('p224') }))).toMatch(/curve secp224r1.*P-256 or P-384/)
    expect(refusal(() => checkPair({ cert: ecdsa.cert, key: makeOddKey('ed25519') }))).toMatch(/ed25519 key serves none of the OCPP 1\.6 TLS suites/)
  })

  it('refuses a key that is not the certificate’s, an encrypted key and files that are not PEM', () => {
    expect(refusal(() => checkPair({ cert: rsa.cert, key: ecdsa.key }, { cert: 'a.crt', key: 'b.key' }))).toBe('a.crt and b.key do not belong together: the key is not this certificate\'s private key.')
    const encrypted = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'secret' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey
    expect(refusal(() => checkPair({ cert: rsa.cert, key: encrypted }))).toMatch(/passphrase.*unencrypted/)
    expect(refusal(() => checkPair({ cert: 'MIIB…', key: rsa.key }))).toMatch(/not a PEM certificate/)
    expect(refusal(() => checkPair({ cert: rsa.cert, key: 'garbage' }))).toMatch(/not a PEM private key/)
    expect(refusal(() => checkPair({ cert: rsa.key, key: rsa.key }))).toMatch(/not a PEM certificate/)
  })
})

describe("the operator's certificate files", () => {
  it('pairs each certificate with its key whatever the order, RSA first; CRLF line endings are made plain', async () => {
    const dir = await tempDir()
    const a = await writePair(dir, 'ec', { cert: ecdsa.cert.replace(/\n/g, '\r\n'), key: ecdsa.key.replace(/\n/g, '\r\n') })
    const b = await writePair(dir, 'rsa', rsa)
    const pairs = readOperatorCertificates([a.cert, b.cert], [b.key, a.key])
    expect(pairs.map((p) => p.kind)).toEqual(['rsa', 'ecdsa'])
    expect(pairs[1]).toMatchObject({ cert: ecdsa.cert, key: ecdsa.key })
    expect(readOperatorCertificates([a.cert], [a.key]).map((p) => p.kind)).toEqual(['ecdsa'])
    expect(readOperatorCertificates([], [])).toEqual([])
  })

  it('refuses unpaired files, two of a kind, more than two, unknown files and a key that fits no certificate; messages name files, not folders', async () => {
    const dir = await tempDir()
    const e = await writePair(dir, 'ec', ecdsa)
    const r = await writePair(dir, 'rsa', rsa)
    const r2 = await writePair(dir, 'rsa2', await makeCertificate('rsa'))
    expect(refusal(() => readOperatorCertificates([e.cert, r.cert], [e.key]))).toMatch(/one key per certificate.*2 certificate file\(s\) and 1 key file/)
    expect(refusal(() => readOperatorCertificates([r.cert, r2.cert], [r.key, r2.key]))).toMatch(/rsa\.crt and rsa2\.crt are both RSA certificates/)
    expect(refusal(() => readOperatorCertificates([r.cert, r2.cert, e.cert], [r.key, r2.key, e.key]))).toMatch(/At most two/)
    expect(refusal(() => readOperatorCertificates([r.cert], [e.key]))).toMatch(/rsa\.crt: none of the keys given \(ec\.key\) belongs to this certificate/)
    const missing = refusal(() => readOperatorCertificates([join(dir, 'nope.crt')], [r.key]))
    expect(missing).toBe('The TLS certificate file nope.crt does not exist.')
    await writeFile(join(dir, 'weak.key'), (await makeCertificate('rsa', { modulusLength: 1024 })).key)
    expect(refusal(() => readOperatorCertificates([r.cert], [join(dir, 'weak.key')]))).toMatch(/^weak\.key: the RSA key has 1024 bits/)
    for (const message of [missing]) expect(message).not.toContain(dir)
  })
})

describe('more refusals, each saying what to do', () => {
  it('an RSA-PSS key cannot do the whitepaper’s RSA key exchange', () => {
    const pss = generateKeyPairSync('rsa-pss', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string
    expect(refusal(() => checkPair({ cert: rsa.cert, key: pss }, { cert: 'c.crt', key: 'pss.key' }))).toBe('pss.key: an RSA-PSS key cannot do the TLS_RSA key exchange of the whitepaper. Have a new certificate made with a plain RSA key (rsaEncryption, at least 2048 bits).')
  })

  it('a PEM key or certificate that cannot be read, and a legacy encrypted key, are refused by name', () => {
    expect(refusal(() => checkPair({ cert: rsa.cert, key: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n' }, { cert: 'c.crt', key: 'k.key' }))).toBe('k.key: no private key could be read from it. Give the PEM private key that belongs to the certificate.')
    expect(refusal(() => checkPair({ cert: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n', key: rsa.key }, { cert: 'c.crt', key: 'k.key' }))).toBe('c.crt: the certificate could not be read. Give the server certificate as PEM.')
    const legacy = '-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n-----END RSA PRIVATE KEY-----\n'
    expect(refusal(() => checkPair({ cert: rsa.cert, key: legacy }))).toMatch(/^key: the private key is protected by a passphrase/)
  })

  it('the default labels name the certificate and the key', () => {
    expect(refusal(() => checkPair({ cert: rsa.cert, key: ecdsa.key }))).toBe("certificate and key do not belong together: the key is not this certificate's private key.")
    expect(checkPair(rsa)).toMatchObject({ key: rsa.key, cert: rsa.cert })
  })

  it('two ECDSA certificates are refused as two of a kind; a file that cannot be read is named', async () => {
    const dir = await tempDir()
    const e1 = await writePair(dir, 'e1', ecdsa)
    const e2 = await writePair(dir, 'e2', await makeCertificate('ecdsa'))
    expect(refusal(() => readOperatorCertificates([e1.cert, e2.cert], [e1.key, e2.key]))).toBe('e1.crt and e2.crt are both ECDSA certificates; give at most one RSA and one ECDSA certificate.')
    expect(refusal(() => readOperatorCertificates([dir], [e1.key]))).toMatch(/^The TLS certificate file csms-own-tls-\w+ cannot be read\.$/)
    expect(refusal(() => readOperatorCertificates([e1.cert], [join(dir, 'gone.key')]))).toBe('The TLS key file gone.key does not exist.')
  })

  it('the RSA pair comes first whatever order the certificates were given in', async () => {
    const dir = await tempDir()
    const e = await writePair(dir, 'e', ecdsa)
    const r = await writePair(dir, 'r', rsa)
    expect(readOperatorCertificates([e.cert, r.cert], [e.key, r.key]).map((p) => p.kind)).toEqual(['rsa', 'ecdsa'])
    expect(readOperatorCertificates([r.cert, e.cert], [e.key, r.key]).map((p) => p.kind)).toEqual(['rsa', 'ecdsa'])
    expect(readOperatorCertificates([r.cert, e.cert], [e.key, r.key])[0]).toMatchObject({ keyDescription: 'RSA 2048 bits' })
    expect(readOperatorCertificates([r.cert, e.cert], [e.key, r.key])[0]).not.toHaveProperty('label')
  })
})

describe('files given without their partner', () => {
  it('a key without any certificate is refused, not ignored', async () => {
    const dir = await tempDir()
    const e = await writePair(dir, 'ec', ecdsa)
    expect(refusal(() => readOperatorCertificates([], [e.key]))).toMatch(/one key per certificate.*0 certificate file\(s\) and 1 key file/)
    expect(refusal(() => readOperatorCertificates([e.cert], []))).toMatch(/1 certificate file\(s\) and 0 key file/)
  })
})

describe('line endings', () => {
  it('Windows and old-Mac line endings are made plain', () => {
    expect(normalisePem('a\r\nb\rc\n')).toBe('a\nb\nc\n')
  })
})

describe('how a refusal reads', () => {
  it('is a TlsCertificateError by name, and lists every key given when none fits a certificate', async () => {
    const dir = await tempDir()
    const r = await writePair(dir, 'rsa', rsa)
    const e = await writePair(dir, 'ec', ecdsa)
    const other = await writePair(dir, 'other', await makeCertificate('ecdsa'))
    let error: unknown
    try {
      readOperatorCertificates([r.cert, other.cert], [e.key, other.key])
    } catch (caught) {
      error = caught
    }
    expect((error as Error).name).toBe('TlsCertificateError')
    expect((error as Error).message).toBe('rsa.crt: none of the keys given (ec.key, other.key) belongs to this certificate. Give its private key with --tls-key.')
  })
})
