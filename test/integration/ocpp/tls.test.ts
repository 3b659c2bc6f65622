import { connect, type TLSSocket } from 'node:tls'
import { hostname } from 'node:os'
import { X509Certificate } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { startHarness, type Harness } from '../../support/csms-harness'
import { upgradeStatus } from '../../support/scripted-charge-point'

const PASSWORD = 'sixteen-chars-pw'
const basic = (user: string, password: string) => ({ Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` })

function handshake(port: number, options: { maxVersion?: 'TLSv1.1' | 'TLSv1.2'; ciphers?: string }): Promise<{ cipher: string; version: string; cert: X509Certificate }> {
  return new Promise((resolve, reject) => {
    const socket: TLSSocket = connect({ host: '127.0.0.1', port, rejectUnauthorized: false, minVersion: 'TLSv1', ...options }, () => {
      const peer = socket.getPeerX509Certificate()!
      resolve({ cipher: socket.getCipher().name, version: socket.getProtocol() ?? '', cert: peer })
      socket.end()
    })
    socket.once('error', reject)
  })
}

/** Opens a wss:// connection (the self-signed certificate is trusted for the test) and boots. */
function bootOverTls(url: string, identity: string, headers: Record<string, string>): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${url}/${identity}`, ['ocpp1.6'], { headers, rejectUnauthorized: false })
    socket.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)))
    socket.once('error', reject)
    socket.once('open', () => socket.send(JSON.stringify([2, 'b1', 'BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' }])))
    socket.once('message', (data) => {
      resolve(JSON.parse(data.toString()) as unknown[])
      socket.close()
    })
  })
}

describe('security profile 2: TLS with Basic auth', () => {
  let h: Harness
  let tlsUrl: string
  let port: number
  beforeEach(async () => {
    h = await startHarness({ config: { tls: true } })
    tlsUrl = h.csms.info.ocppTlsUrls[0]!
    port = Number(new URL(tlsUrl).port)
    await h.invoke('setStationPassword', { stationId: 'CP-TLS', password: PASSWORD })
  })
  afterEach(async () => h.stop())

  it('TC_086_CSMS a station boots over wss:// with Basic auth; without the password it is refused with 401', async () => {
    expect(tlsUrl).toMatch(/^wss:\/\/127\.0\.0\.1:\d+\/ocpp$/)
    expect(await bootOverTls(tlsUrl, 'CP-TLS', basic('CP-TLS', PASSWORD))).toMatchObject([3, 'b1', { status: 'Accepted' }])
    await expect(bootOverTls(tlsUrl, 'CP-TLS', {})).rejects.toThrow(/401/)
  })

  it('TC_086_CSMS TLS 1.2 at least; the OCA suites each work, with an RSA and an ECDSA certificate whose CN is the host name', async () => {
    await expect(handshake(port, { maxVersion: 'TLSv1.1' })).rejects.toThrow()
    const ecdsa = await handshake(port, { maxVersion: 'TLSv1.2', ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256' })
    expect(ecdsa).toMatchObject({ cipher: 'ECDHE-ECDSA-AES128-GCM-SHA256', version: 'TLSv1.2' })
    expect(ecdsa.cert.publicKey.asymmetricKeyType).toBe('ec')
    expect((await handshake(port, { maxVersion: 'TLSv1.2', ciphers: 'ECDHE-ECDSA-AES256-GCM-SHA384' })).cipher).toBe('ECDHE-ECDSA-AES256-GCM-SHA384')
    for (const suite of ['AES128-GCM-SHA256', 'AES256-GCM-SHA384']) {
      const rsa = await handshake(port, { maxVersion: 'TLSv1.2', ciphers: suite })
      expect(rsa.cipher).toBe(suite)
      expect(rsa.cert.publicKey.asymmetricKeyType).toBe('rsa')
      expect(rsa.cert.publicKey.asymmetricKeyDetails?.modulusLength).toBeGreaterThanOrEqual(2048)
      expect(rsa.cert.subject).toContain(`CN=${hostname()}`)
      expect(rsa.cert.serialNumber).toMatch(/^[0-9A-F]+$/)
    }
  })

  it('TC_083_CSMS a station that accepts SecurityProfile 2 is refused on plain ws:// from then on, served over wss://', async () => {
    const plain = await h.connect('CP-TLS', { headers: basic('CP-TLS', PASSWORD), autoAnswer: () => ({ status: 'Accepted' }) })
    await plain.boot()
    await h.invoke('sendCall', { stationId: 'CP-TLS', action: 'ChangeConfiguration', payload: { key: 'SecurityProfile', value: '2' }, wait: true })
    await plain.close()
    expect((await upgradeStatus(`${h.ocppUrl}/CP-TLS`, ['ocpp1.6'], basic('CP-TLS', PASSWORD))).status).toBe(403)
    expect(await bootOverTls(tlsUrl, 'CP-TLS', basic('CP-TLS', PASSWORD))).toMatchObject([3, 'b1', { status: 'Accepted' }])
    // Never lowered over OCPP: a later SecurityProfile 1 accepted changes nothing.
    await h.invoke('setSecurityProfile', { stationId: 'CP-TLS', profile: 2 })
    expect((await h.invoke<{ securityProfile?: number }>('getStation', { stationId: 'CP-TLS' })).securityProfile).toBe(2)
  })
})
