/**
 * Issue 17 §4: every HTTP answer carries X-Content-Type-Options: nosniff, Referrer-Policy:
 * no-referrer, X-Frame-Options: DENY and a Content-Security-Policy (the UI's own for the UI and
 * API), whatever the server and whatever the answer (a page, JSON, a file, an error, a refusal
 * written straight to a socket); error bodies name no file paths, versions or stack frames.
 */
import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DiagnosticsUpload, FirmwareFile } from '@shared/contract/files-dto'
import { startHarness, type Harness } from '../../support/csms-harness'
import { rawExchange, requestHead, upgradeHeaders, type RawAnswer } from '../../support/raw-http'

let h: Harness
let rendererDir: string
let ports: { api: number; files: number; ocpp: number; ocppTls: number }

beforeAll(async () => {
  rendererDir = await mkdtemp(join(tmpdir(), 'csms-ui-'))
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>UI</title><script type="module" src="./app.js"></script>')
  await writeFile(join(rendererDir, 'app.js'), 'console.log("ui")')
  h = await startHarness({ config: { tls: true, tlsPort: 0 }, rendererDir })
  ports = { api: Number(new URL(h.apiUrl).port), files: h.csms.files.info().http.port, ocpp: Number(new URL(h.ocppUrl).port), ocppTls: Number(new URL(h.csms.info.ocppTlsUrls[0]!).port) }
})
afterAll(async () => {
  await h?.stop()
  await rm(rendererDir, { recursive: true, force: true })
})

function expectSecurityHeaders(answer: RawAnswer, csp: 'ui' | 'none'): void {
  const where = answer.text.split('\r\n')[0]
  expect(answer.headers['x-content-type-options'], where).toBe('nosniff')
  expect(answer.headers['referrer-policy'], where).toBe('no-referrer')
  expect(answer.headers['x-frame-options'], where).toBe('DENY')
  const policy = answer.headers['content-security-policy'] ?? ''
  expect(policy, where).toContain("frame-ancestors 'none'")
  if (csp === 'ui') {
    expect(policy).toContain("default-src 'self'")
    expect(policy).toContain("connect-src 'self'")
    expect(policy).toContain("script-src 'self'")
  } else expect(policy).toContain("default-src 'none'")
}

const json = (body: string) => ({ 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) })

describe('security headers on every answer', () => {
  it.each([
    ['the UI page', 'GET', '/', {}, '', 200],
    ['a UI asset', 'GET', '/app.js', {}, '', 200],
    ['a UI path that does not exist', 'GET', '/nope.png', {}, '', 404],
    ['GET /api', 'GET', '/api', {}, '', 200],
    ['a command', 'POST', '/api/getSettings', json('{}'), '{}', 200],
    ['an unknown command', 'POST', '/api/noSuchCommand', json('{}'), '{}', 404],
    ['a command that is not JSON', 'POST', '/api/getSettings', { 'Content-Type': 'text/plain', 'Content-Length': '2' }, '{}', 415],
    ['a body that is not JSON', 'POST', '/api/getSettings', json('{x'), '{x', 400],
    ['a malformed path', 'GET', '/api/%ff', {}, '', 400],
    ['a refused host', 'GET', '/', { Host: 'evil.example' }, '', 421],
  ])('UI/API: %s (%s %s)', async (_name, method, path, headers, body, status) => {
    const answer = await rawExchange(ports.api, requestHead(method, path, headers) + body)
    expect(answer.status).toBe(status)
    expectSecurityHeaders(answer, 'ui')
  })

  it('UI/API: refusals of the events socket, written to the socket', async () => {
    for (const [headers, status] of [
      [upgradeHeaders({ Origin: 'http://evil.example' }), 403],
      [upgradeHeaders({ Host: 'evil.example' }), 421],
      [upgradeHeaders({ 'Sec-WebSocket-Key': 'x' }), 400],
    ] as const) {
      const answer = await rawExchange(ports.api, requestHead('GET', '/api/events', headers))
      expect(answer.status).toBe(status)
      expectSecurityHeaders(answer, 'none')
    }
    const elsewhere = await rawExchange(ports.api, requestHead('GET', '/api/other', upgradeHeaders()))
    expect(elsewhere.status).toBe(404)
    expectSecurityHeaders(elsewhere, 'none')
  })

  it('an unparsable request on every port: 400 with the headers', async () => {
    for (const [port, tls] of [[ports.api, false], [ports.files, false], [ports.ocpp, false], [ports.ocppTls, true]] as const) {
      const answer = await rawExchange(port, 'NOT HTTP AT ALL\r\n\r\n', { tls })
      expect(answer.status).toBe(400)
      expectSecurityHeaders(answer, 'none')
    }
  })

  it('file host: a firmware download, a range, a miss, a refused upload, a malformed path and a refused host', async () => {
    const file = await h.invoke<FirmwareFile>('uploadFirmwareFile', { name: 'fw.bin', contentBase64: Buffer.from('0123456789').toString('base64') })
    const path = new URL(file.url).pathname
    for (const [request, status] of [
      [requestHead('GET', path), 200],
      [requestHead('GET', path, { Range: 'bytes=2-4' }), 206],
      [requestHead('GET', '/firmware/none/x.bin'), 404],
      [requestHead('GET', '/elsewhere'), 404],
      [requestHead('PUT', '/diagnostics/000000000000000000000000/x.log', { 'Content-Length': '1' }) + 'x', 403],
      [requestHead('GET', '/firmware/%ff'), 400],
      [requestHead('GET', path, { Host: 'evil.example' }), 421],
    ] as const) {
      const answer = await rawExchange(ports.files, request)
      expect(answer.status, request.split('\r\n')[0]).toBe(status)
      expectSecurityHeaders(answer, 'none')
    }
  })

  it('OCPP endpoint (plain and TLS): the 426 page and every refused upgrade', async () => {
    for (const [port, tls] of [[ports.ocpp, false], [ports.ocppTls, true]] as const) {
      for (const [request, status] of [
        [requestHead('GET', '/ocpp/CP1'), 426],
        [requestHead('GET', '/ocpp/%ff'), 400],
        [requestHead('GET', '/ocpp/CP1', upgradeHeaders({ 'Sec-WebSocket-Protocol': 'ocpp1.6', Origin: 'http://evil.example' })), 403],
        [requestHead('GET', '/', upgradeHeaders({ 'Sec-WebSocket-Protocol': 'ocpp1.6' })), 404],
        [requestHead('GET', '/ocpp/CP1', upgradeHeaders({ 'Sec-WebSocket-Protocol': 'ocpp0.1' })), 400],
        [requestHead('GET', '/ocpp/CP1', upgradeHeaders({ 'Sec-WebSocket-Protocol': 'ocpp1.6', 'Sec-WebSocket-Version': '7' })), 400],
      ] as const) {
        const answer = await rawExchange(port, request, { tls })
        expect(answer.status, `${tls ? 'TLS ' : ''}${request.split('\r\n')[0]}`).toBe(status)
        expectSecurityHeaders(answer, 'none')
      }
    }
  })
})

describe('error bodies name no paths, versions or stack frames', () => {
  it('a diagnostics upload whose file went missing on disk is answered without the path', async () => {
    await h.booted('CP-DIAG')
    const { location } = await h.invoke<{ location: string }>('diagnosticsLocation', { stationId: 'CP-DIAG', protocol: 'http-put' })
    const put = await fetch(`${location}diag.log`, { method: 'PUT', body: 'log lines' })
    expect(put.status).toBe(201)
    const [upload] = await h.invoke<DiagnosticsUpload[]>('listDiagnosticsUploads', { stationId: 'CP-DIAG' })
    await unlink(h.csms.files.receiver.pathOf(upload!.id)!)
    const answer = await h.http('readDiagnosticsUpload', { id: upload!.id })
    expect(answer.status).toBe(404)
    const text = JSON.stringify(answer.body)
    expect(text).not.toContain(h.dataDir)
    expect(text).not.toMatch(/ENOENT|\/tmp\/|\\\\|\.ts:\d+|at [A-Za-z.]+ \(/)
  })
})
