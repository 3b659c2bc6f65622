/**
 * Issue 17 §4: a web page cannot reach the API or the files. A page whose name resolves to
 * 127.0.0.1 (DNS rebinding) still sends its own name in Host, and its Origin on WebSockets; the
 * API, the events socket and the file host answer only to allowed names, and the OCPP endpoint
 * only to browser origins the operator allowed.
 */
import { request as httpRequest } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { FirmwareFile } from '@shared/contract/files-dto'
import { startHarness, type Harness } from '../../support/csms-harness'
import { ScriptedChargePoint, upgradeStatus } from '../../support/scripted-charge-point'
import { rawExchange, requestHead, upgradeHeaders } from '../../support/raw-http'

let h: Harness
let apiPort: number
let filesPort: number
let tlsUrl: string
const warnings: string[] = []

beforeAll(async () => {
  h = await startHarness({ config: { tls: true, tlsPort: 0 }, logger: { info: () => undefined, warn: (line: string) => warnings.push(line), error: () => undefined } })
  apiPort = Number(new URL(h.apiUrl).port)
  filesPort = h.csms.files.info().http.port
  tlsUrl = h.csms.info.ocppTlsUrls[0]!
})
afterAll(async () => h?.stop())

/** An HTTP request with the Host header a page of `host` would send. */
function send(port: number, path: string, host: string, init: { method?: string; body?: string } = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: init.method ?? 'GET', headers: { Host: host, 'Content-Type': 'application/json' } }, (res) => {
      let body = ''
      res.on('data', (chunk: Buffer) => (body += chunk.toString()))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.once('error', reject)
    req.end(init.body)
  })
}

const setSecurity = (security: { allowedHosts?: string[]; allowedOrigins?: string[] }) => h.invoke('updateSettings', { security })

describe('DNS rebinding: the Host header of the API and the events socket', () => {
  it('the API refuses a page that reached it as evil.example with 421 naming the setting, and answers loopback names', async () => {
    const refused = await send(apiPort, '/api/importFirmwareFile', 'evil.example', { method: 'POST', body: JSON.stringify({ path: '/etc/passwd' }) })
    expect(refused.status).toBe(421)
    expect(JSON.parse(refused.body).error.message).toMatch(/does not answer to the host name "evil\.example".*settings\.security\.allowedHosts/)
    expect((await send(apiPort, '/api/listFirmwareFiles', `evil.example:${apiPort}`, { method: 'POST', body: '{}' })).status).toBe(421)
    expect((await send(apiPort, '/', 'evil.example')).status).toBe(421)
    for (const host of [`localhost:${apiPort}`, `127.0.0.1:${apiPort}`, `[::1]:${apiPort}`, 'localhost']) {
      expect((await send(apiPort, '/api/getSettings', host, { method: 'POST', body: '{}' })).status, host).toBe(200)
    }
  })

  it('a name the operator adds in settings.security.allowedHosts is answered at once, and refused again once removed', async () => {
    await setSecurity({ allowedHosts: ['csms.depot.lan'] })
    expect((await send(apiPort, '/api/getSettings', `csms.depot.lan:${apiPort}`, { method: 'POST', body: '{}' })).status).toBe(200)
    expect((await send(apiPort, '/api/getSettings', 'evil.example', { method: 'POST', body: '{}' })).status).toBe(421)
    await setSecurity({ allowedHosts: [] })
    expect((await send(apiPort, '/api/getSettings', `csms.depot.lan:${apiPort}`, { method: 'POST', body: '{}' })).status).toBe(421)
  })

  it('the events socket refuses Host evil.example (421) and a page of Origin http://evil.example (403); its own page is upgraded', async () => {
    const host = await rawExchange(apiPort, requestHead('GET', '/api/events', upgradeHeaders({ Host: 'evil.example' })))
    expect(host.status).toBe(421)
    const origin = await rawExchange(apiPort, requestHead('GET', '/api/events', upgradeHeaders({ Host: `127.0.0.1:${apiPort}`, Origin: 'http://evil.example' })))
    expect(origin.status).toBe(403)
    expect(origin.text).toMatch(/settings\.security\.allowedHosts/)
    // Checked against the list, not against Host: a page on evil.example sending Host evil.example is still refused.
    await setSecurity({ allowedHosts: [] })
    const rebound = await rawExchange(apiPort, requestHead('GET', '/api/events', upgradeHeaders({ Host: `127.0.0.1:${apiPort}`, Origin: `http://evil.example:${apiPort}` })))
    expect(rebound.status).toBe(403)
    const own = await new Promise<number>((resolve) => {
      const socket = new WebSocket(`ws://127.0.0.1:${apiPort}/api/events`, { headers: { Origin: `http://localhost:${apiPort}` } })
      socket.once('open', () => (socket.close(), resolve(101)))
      socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
      socket.once('error', () => undefined)
    })
    expect(own).toBe(101)
  })
})

describe('DNS rebinding: the Host header of the file host', () => {
  let file: FirmwareFile
  beforeAll(async () => {
    file = await h.invoke<FirmwareFile>('uploadFirmwareFile', { name: 'fw.bin', contentBase64: Buffer.from('FIRMWARE-BYTES').toString('base64') })
  })

  it('refuses a download by a page that reached it as evil.example, without a byte of the file', async () => {
    const path = new URL(file.url).pathname
    const refused = await send(filesPort, path, `evil.example:${filesPort}`)
    expect(refused.status).toBe(421)
    expect(refused.body).not.toContain('FIRMWARE-BYTES')
    expect(refused.body).toMatch(/settings\.security\.allowedHosts/)
    const served = await send(filesPort, path, `127.0.0.1:${filesPort}`)
    expect(served).toMatchObject({ status: 200, body: 'FIRMWARE-BYTES' })
  })

  it('answers to the address stations are given (settings.files.publicHost) and to names added in settings', async () => {
    const path = new URL(file.url).pathname
    expect((await send(filesPort, path, `csms-gw.site:${filesPort}`)).status).toBe(421)
    await h.invoke('setFileServicesHost', { publicHost: 'csms-gw.site' })
    expect((await send(filesPort, path, `csms-gw.site:${filesPort}`)).status).toBe(200)
    await h.invoke('setFileServicesHost', { publicHost: null })
    expect((await send(filesPort, path, `csms-gw.site:${filesPort}`)).status).toBe(421)
    await setSecurity({ allowedHosts: ['csms-gw.site'] })
    expect((await send(filesPort, path, `csms-gw.site:${filesPort}`)).status).toBe(200)
    await setSecurity({ allowedHosts: [] })
  })

  it('a station that sends no Host header at all (HTTP/1.0) is still served', async () => {
    const answer = await rawExchange(filesPort, `GET ${new URL(file.url).pathname} HTTP/1.0\r\n\r\n`)
    expect(answer.status).toBe(200)
    expect(answer.text).toContain('FIRMWARE-BYTES')
  })
})

describe('the OCPP endpoint and browser pages', () => {
  it('refuses an upgrade from a page of http://evil.example with 403 (logged); charge points, sending no Origin, are served', async () => {
    const refused = await upgradeStatus(`${h.ocppUrl}/CP-ORIGIN`, ['ocpp1.6'], { Origin: 'http://evil.example' })
    expect(refused.status).toBe(403)
    expect(refused.body).toMatch(/Browser pages may not open the OCPP endpoint.*settings\.security\.allowedOrigins/)
    expect(warnings.some((line) => /refused \(403\).*evil\.example/.test(line))).toBe(true)
    const cp = await ScriptedChargePoint.connect(h.ocppUrl, 'CP-ORIGIN')
    expect(((await cp.boot())[2] as { status: string }).status).toBe('Accepted')
    await cp.close()
  })

  it('upgrades a page whose origin the operator allowed (settings.security.allowedOrigins), and only that one', async () => {
    await setSecurity({ allowedOrigins: ['http://tools.depot.lan:8080'] })
    const cp = await ScriptedChargePoint.connect(h.ocppUrl, 'CP-TOOL', { headers: { Origin: 'http://tools.depot.lan:8080' } })
    expect(((await cp.boot())[2] as { status: string }).status).toBe('Accepted')
    await cp.close()
    expect((await upgradeStatus(`${h.ocppUrl}/CP-TOOL`, ['ocpp1.6'], { Origin: 'http://tools.depot.lan' })).status).toBe(403)
    expect((await upgradeStatus(`${h.ocppUrl}/CP-TOOL`, ['ocpp1.6'], { Origin: 'null' })).status).toBe(403)
    await setSecurity({ allowedOrigins: [] })
    expect((await upgradeStatus(`${h.ocppUrl}/CP-TOOL`, ['ocpp1.6'], { Origin: 'http://tools.depot.lan:8080' })).status).toBe(403)
  })

  it('the TLS endpoint refuses a browser origin the same way and upgrades an allowed one', async () => {
    const status = (origin: string) =>
      new Promise<number>((resolve, reject) => {
        const socket = new WebSocket(`${tlsUrl}/CP-TLS-ORIGIN`, ['ocpp1.6'], { headers: { Origin: origin }, rejectUnauthorized: false })
        socket.once('open', () => (socket.close(), resolve(101)))
        socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
        socket.once('error', (error) => {
          if (!/Unexpected server response/.test(error.message)) reject(error)
        })
      })
    expect(await status('https://evil.example')).toBe(403)
    await setSecurity({ allowedOrigins: ['https://tools.depot.lan'] })
    expect(await status('https://tools.depot.lan')).toBe(101)
    await setSecurity({ allowedOrigins: [] })
  })
})
