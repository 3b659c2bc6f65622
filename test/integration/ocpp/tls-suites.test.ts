/**
 * §9 of issue 17: every OCA-certified station finds its suite. A real TLS client (node:tls, TLS 1.2,
 * exactly one suite offered) checks what the wss:// endpoint negotiates and which certificate it
 * sends, with the generated certificates, with operator certificates of one or both kinds, with the
 * static-RSA suites switched off and on live, and across a regeneration for new addresses.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { TlsStatus } from '@shared/contract'
import { startHarness, type Harness, type HarnessOptions } from '../../support/csms-harness'
import { ScriptedChargePoint } from '../../support/scripted-charge-point'
import { handshake, makeCertificate, WHITEPAPER_SUITES, writePair, type PemPair } from '../../support/tls-fixtures'

const PASSWORD = 'sixteen-chars-pw'
const basic = { Authorization: `Basic ${Buffer.from(`CP-TLS:${PASSWORD}`).toString('base64')}` }

let h: Harness | undefined
const dirs: string[] = []
const stations: ScriptedChargePoint[] = []
afterEach(async () => {
  await Promise.all(stations.splice(0).map((s) => s.close()))
  await h?.stop()
  h = undefined
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })))
})

let operatorRsa: PemPair
let operatorEcdsa: PemPair
beforeAll(async () => {
  operatorRsa = await makeCertificate('rsa', { cn: 'rsa.operator.example' })
  operatorEcdsa = await makeCertificate('ecdsa', { cn: 'ecdsa.operator.example' })
})

/** The start-up configuration naming the operator's PEM files (written to a temporary folder). */
async function operatorFiles(...pairs: PemPair[]): Promise<HarnessOptions['config']> {
  const dir = await mkdtemp(join(tmpdir(), 'csms-operator-tls-'))
  dirs.push(dir)
  const files = await Promise.all(pairs.map((pair, i) => writePair(dir, `own-${i}`, pair)))
  // Keys listed in the opposite order from the certificates: they are paired by what matches.
  return { tlsCertFiles: files.map((f) => f.cert), tlsKeyFiles: files.map((f) => f.key).reverse() }
}

async function start(options: HarnessOptions = {}): Promise<{ harness: Harness; port: number }> {
  h = await startHarness({ ...options, config: { tls: true, ...options.config } })
  const url = h.csms.info.ocppTlsUrls[0]
  if (!url) throw new Error('the wss:// endpoint did not start')
  return { harness: h, port: Number(new URL(url).port) }
}

/** Offers exactly one suite over TLS 1.2; answers the negotiated suite and the certificate's key type and CN. */
async function only(port: number, suite: string): Promise<{ cipher: string; version: string; keyType?: string; subject: string; san?: string; fingerprint: string }> {
  const result = await handshake(port, { maxVersion: 'TLSv1.2', ciphers: suite })
  return { cipher: result.cipher, version: result.version, keyType: result.keyType, subject: result.cert.subject, san: result.cert.subjectAltName, fingerprint: result.cert.fingerprint256 }
}

describe('TC_086 the whitepaper suites on the wss:// endpoint', () => {
  it('with the generated certificates each of the four suites negotiates over TLS 1.2 with a certificate of its kind', async () => {
    const { port } = await start()
    for (const { suite, keyType } of WHITEPAPER_SUITES) {
      expect(await only(port, suite)).toMatchObject({ cipher: suite, version: 'TLSv1.2', keyType })
    }
  })

  it('a client offering both static RSA and ECDHE-RSA gets ECDHE-RSA (forward secrecy first); TLS 1.1 is refused', async () => {
    const { port } = await start()
    expect((await handshake(port, { maxVersion: 'TLSv1.2', ciphers: 'AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256' })).cipher).toBe('ECDHE-RSA-AES128-GCM-SHA256')
    await expect(handshake(port, { maxVersion: 'TLSv1.1' })).rejects.toThrow()
  })

  it('an ECDSA-only operator certificate serves the ECDSA suites, and the RSA suites still work with the generated RSA certificate', async () => {
    const { harness, port } = await start({ config: await operatorFiles(operatorEcdsa) })
    for (const { suite, keyType } of WHITEPAPER_SUITES) {
      const got = await only(port, suite)
      expect(got).toMatchObject({ cipher: suite, keyType })
      if (keyType === 'ec') expect(got.subject).toContain('CN=ecdsa.operator.example')
      else expect(got.subject).not.toContain('operator.example')
    }
    const status = await harness.invoke<TlsStatus>('getTlsStatus')
    expect(status.certificates.map((c) => [c.kind, c.source])).toEqual([['rsa', 'generated'], ['ecdsa', 'operator']])
    expect(status.notes.map((n) => n.code)).toEqual(['generated-fill-in'])
    expect(status.notes[0]!.message).toMatch(/RSA suites .*generated/i)
  })

  it('an RSA-only operator certificate serves the RSA suites, and the ECDSA suites still work with the generated ECDSA certificate', async () => {
    const { harness, port } = await start({ config: await operatorFiles(operatorRsa) })
    for (const { suite, keyType } of WHITEPAPER_SUITES) {
      const got = await only(port, suite)
      expect(got).toMatchObject({ cipher: suite, keyType })
      if (keyType === 'rsa') expect(got.subject).toContain('CN=rsa.operator.example')
      else expect(got.subject).not.toContain('operator.example')
    }
    expect((await harness.invoke<TlsStatus>('getTlsStatus')).certificates.map((c) => [c.kind, c.source])).toEqual([['rsa', 'operator'], ['ecdsa', 'generated']])
  })

  it('an RSA and an ECDSA operator certificate together: each suite gets the operator certificate of its kind, nothing generated is served', async () => {
    const { harness, port } = await start({ config: await operatorFiles(operatorEcdsa, operatorRsa) })
    for (const { suite, keyType } of WHITEPAPER_SUITES) {
      expect((await only(port, suite)).subject).toContain(keyType === 'rsa' ? 'CN=rsa.operator.example' : 'CN=ecdsa.operator.example')
    }
    const status = await harness.invoke<TlsStatus>('getTlsStatus')
    expect(status.certificates.every((c) => c.source === 'operator')).toBe(true)
    await expect(harness.invoke('regenerateTlsCertificates')).rejects.toThrow(/own|operator/i)
  })
})

describe('settings.security.staticRsaSuites', () => {
  it('off: the two static-RSA suites fail the handshake while ECDHE (ECDSA and RSA) work and TLS 1.2 stays the minimum; on again without a restart', async () => {
    const { harness, port } = await start()
    await harness.invoke('updateSettings', { security: { staticRsaSuites: false } })
    await expect(only(port, 'AES128-GCM-SHA256')).rejects.toThrow(/handshake failure|no shared cipher/i)
    await expect(only(port, 'AES256-GCM-SHA384')).rejects.toThrow(/handshake failure|no shared cipher/i)
    for (const suite of ['ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES256-GCM-SHA384']) {
      expect((await only(port, suite)).cipher).toBe(suite)
    }
    expect((await only(port, 'ECDHE-RSA-AES128-GCM-SHA256')).keyType).toBe('rsa')
    await expect(handshake(port, { maxVersion: 'TLSv1.1' })).rejects.toThrow()
    const off = await harness.invoke<TlsStatus>('getTlsStatus')
    expect(off.staticRsaSuites).toBe(false)
    expect(off.suites.filter((s) => s.offered).map((s) => s.openssl)).not.toContain('AES128-GCM-SHA256')

    await harness.invoke('updateSettings', { security: { staticRsaSuites: true } })
    for (const { suite } of WHITEPAPER_SUITES) expect((await only(port, suite)).cipher).toBe(suite)
    expect((await harness.invoke<TlsStatus>('getTlsStatus')).suites.filter((s) => s.whitepaper).every((s) => s.offered)).toBe(true)
  })
})

describe('generated certificates follow the addresses of this PC', () => {
  it('getTlsStatus reports a new address as missing; regenerateTlsCertificates serves certificates naming it while an open wss:// connection stays up', async () => {
    let names = { hostName: 'csms-bench', addresses: ['127.0.0.1', '192.0.2.10'] }
    const { harness, port } = await start({ core: { tlsNames: () => names } })
    await harness.invoke('setStationPassword', { stationId: 'CP-TLS', password: PASSWORD })
    const before = await harness.invoke<TlsStatus>('getTlsStatus')
    expect(before.addressesChanged).toBe(false)
    expect(before.certificates.map((c) => c.coversCurrentAddresses)).toEqual([true, true])
    const oldRsa = await only(port, 'AES128-GCM-SHA256')
    expect(oldRsa.subject).toContain('CN=csms-bench')

    const station = await ScriptedChargePoint.connect(harness.csms.info.ocppTlsUrls[0]!, 'CP-TLS', { headers: basic, rejectUnauthorized: false })
    stations.push(station)
    expect(await station.boot()).toMatchObject([3, expect.any(String), { status: 'Accepted' }])

    names = { hostName: 'csms-bench', addresses: ['127.0.0.1', '192.0.2.10', '198.51.100.7'] }
    const changed = await harness.invoke<TlsStatus>('getTlsStatus')
    expect(changed.addressesChanged).toBe(true)
    expect(changed.addresses).toContain('198.51.100.7')
    for (const certificate of changed.certificates) {
      expect(certificate).toMatchObject({ source: 'generated', coversCurrentAddresses: false, missing: ['198.51.100.7'] })
    }

    const after = await harness.invoke<TlsStatus>('regenerateTlsCertificates')
    expect(after.addressesChanged).toBe(false)
    expect(after.certificates.map((c) => c.missing)).toEqual([[], []])
    for (const { suite } of WHITEPAPER_SUITES) {
      const served = await only(port, suite)
      expect(served.san).toContain('IP Address:198.51.100.7')
      expect(served.fingerprint).not.toBe(oldRsa.fingerprint)
    }
    // The connection made before the swap is the same one and still answers.
    expect(station.closeInfo).toBeUndefined()
    expect(await station.call('Heartbeat', {})).toMatchObject([3, expect.any(String), { currentTime: expect.any(String) }])
  })

  it('a change of address is noticed by the periodic check and pushed as tlsStatusChanged', async () => {
    let names = { hostName: 'csms-bench', addresses: ['127.0.0.1'] }
    const { harness } = await start({ core: { tlsNames: () => names, tlsCheckIntervalMs: 20 } })
    const seen: TlsStatus[] = []
    const off = harness.csms.bus.on('tlsStatusChanged', (status) => void seen.push(status))
    names = { hostName: 'csms-bench', addresses: ['127.0.0.1', '203.0.113.5'] }
    for (let i = 0; i < 500 && !seen.some((s) => s.addressesChanged); i++) await new Promise((r) => setTimeout(r, 10))
    off()
    const status = seen.find((s) => s.addressesChanged)
    expect(status?.certificates[0]?.missing).toEqual(['203.0.113.5'])
  })
})
