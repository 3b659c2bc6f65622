/**
 * Issue 17 §1: no input ends the process. Every port the CSMS opens (OCPP ws, OCPP wss, API/UI,
 * the events socket, the file host, FTP) gets hostile bytes over a raw socket: malformed
 * percent-encodings, absolute-form, asterisk-form and overlong request targets, broken request
 * lines, bad cookies in token mode, broken JSON, huge and slow bodies, garbage FTP commands. Each
 * must be answered with a 4xx (or the connection closed), and after EACH one a normal request on
 * every port must still be answered.
 */
import { connect as connectTcp } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { startHarness, type Harness } from '../../support/csms-harness'
import { openRaw, rawExchange, readAnswer, requestHead, upgradeHeaders } from '../../support/raw-http'

const TOKEN = 'hostile-suite-token-long-enough'
const BEARER = { Authorization: `Bearer ${TOKEN}` }
/** Short server timeouts so slow clients are cut within the test's time. */
const LIMITS = { headersTimeoutMs: 1500, requestTimeoutMs: 2500, keepAliveTimeoutMs: 1000, checkIntervalMs: 250 }

type PortName = 'api' | 'files' | 'ocpp' | 'ocppTls'

let h: Harness
let ports: Record<PortName | 'ftp', number>
let probeCount = 0

beforeAll(async () => {
  h = await startHarness({ config: { tls: true, tlsPort: 0, apiToken: TOKEN }, httpLimits: LIMITS })
  const files = h.csms.files.info()
  ports = {
    api: Number(new URL(h.apiUrl).port),
    files: files.http.port,
    ftp: files.ftp.port,
    ocpp: Number(new URL(h.ocppUrl).port),
    ocppTls: Number(new URL(h.csms.info.ocppTlsUrls[0]!).port),
  }
})
afterAll(async () => h?.stop())

function bootOver(url: string): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, ['ocpp1.6'], { rejectUnauthorized: false })
    const timer = setTimeout(() => reject(new Error(`no BootNotification answer from ${url}`)), 5000)
    socket.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)))
    socket.once('error', reject)
    socket.once('open', () => socket.send(JSON.stringify([2, 'boot', 'BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' }])))
    socket.once('message', (data) => {
      clearTimeout(timer)
      resolve(JSON.parse(data.toString()) as unknown[])
      socket.close()
    })
  })
}

function eventsUpgrade(headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${ports.api}/api/events`, { headers })
    socket.once('open', () => {
      socket.close()
      resolve(101)
    })
    socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0))
    socket.once('error', (error) => {
      if (!/Unexpected server response/.test(error.message)) reject(error)
    })
  })
}

function ftpGreeting(): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connectTcp({ host: '127.0.0.1', port: ports.ftp })
    let text = ''
    const timer = setTimeout(() => reject(new Error(`no FTP greeting: ${text}`)), 5000)
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString()
      if (text.includes('\r\n')) {
        clearTimeout(timer)
        socket.end('QUIT\r\n')
        resolve(text)
      }
    })
    socket.on('error', reject)
  })
}

/** A normal request on every port, each answered as usual. */
async function everyPortServes(): Promise<void> {
  const n = (probeCount += 1)
  const api = await fetch(`http://127.0.0.1:${ports.api}/api/getServerInfo`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...BEARER }, body: '{}' })
  expect(api.status).toBe(200)
  expect(((await api.json()) as { version?: string }).version).toBeTypeOf('string')
  const ui = await fetch(`http://127.0.0.1:${ports.api}/`, { headers: BEARER })
  expect(ui.status).toBe(404)
  expect(await ui.text()).toMatch(/not built/)
  expect(await eventsUpgrade(BEARER)).toBe(101)
  const files = await fetch(`http://127.0.0.1:${ports.files}/nothing-here`)
  expect(files.status).toBe(404)
  expect(await files.text()).toMatch(/Nothing here/)
  expect(await bootOver(`ws://127.0.0.1:${ports.ocpp}/ocpp/PROBE-${n}`)).toMatchObject([3, 'boot', { status: 'Accepted' }])
  expect(await bootOver(`wss://127.0.0.1:${ports.ocppTls}/ocpp/PROBE-TLS-${n}`)).toMatchObject([3, 'boot', { status: 'Accepted' }])
  expect(await ftpGreeting()).toMatch(/^220/)
}

const ocppUpgrade = upgradeHeaders({ 'Sec-WebSocket-Protocol': 'ocpp1.6' })
const eventsUpgradeHead = upgradeHeaders(BEARER)
const bigTarget = (prefix: string, length: number) => `${prefix}${'a'.repeat(length)}`

interface Attack {
  name: string
  port: PortName
  data: string | Buffer
  /** The status the server must answer with; undefined = any 4xx or a closed connection. */
  status?: number
}

const httpAttacks: Attack[] = [
  // Malformed percent-encodings
  { name: 'file host GET /firmware/%ff', port: 'files', data: requestHead('GET', '/firmware/%ff'), status: 400 },
  { name: 'file host GET /firmware/%E0%A4%A/x (truncated UTF-8)', port: 'files', data: requestHead('GET', '/firmware/%E0%A4%A/x'), status: 400 },
  { name: 'file host PUT /diagnostics/%ff/x', port: 'files', data: requestHead('PUT', '/diagnostics/%ff/x', { 'Content-Length': '3' }) + 'abc', status: 400 },
  { name: 'file host GET /%', port: 'files', data: requestHead('GET', '/%'), status: 400 },
  { name: 'API POST /api/%ff', port: 'api', data: requestHead('POST', '/api/%ff', { ...BEARER, 'Content-Type': 'application/json', 'Content-Length': '2' }) + '{}', status: 400 },
  { name: 'API GET /api/%ff without the token', port: 'api', data: requestHead('GET', '/api/%ff'), status: 400 },
  { name: 'UI GET /%ff', port: 'api', data: requestHead('GET', '/%ff', BEARER), status: 400 },
  { name: 'UI GET /?token=%ff (query)', port: 'api', data: requestHead('GET', '/?token=%ff'), status: 401 },
  { name: 'events upgrade /api/events%ff', port: 'api', data: requestHead('GET', '/api/events%ff', eventsUpgradeHead), status: 400 },
  { name: 'events upgrade /api/events?token=%ff', port: 'api', data: requestHead('GET', '/api/events?token=%ff', upgradeHeaders()), status: 401 },
  { name: 'OCPP upgrade /ocpp/%ff', port: 'ocpp', data: requestHead('GET', '/ocpp/%ff', ocppUpgrade), status: 400 },
  { name: 'OCPP plain GET /%ff', port: 'ocpp', data: requestHead('GET', '/%ff'), status: 400 },
  { name: 'OCPP over TLS upgrade /ocpp/%ff', port: 'ocppTls', data: requestHead('GET', '/ocpp/%ff', ocppUpgrade), status: 400 },
  // Absolute-form, asterisk-form and overlong targets
  { name: 'API absolute-form GET http://host/api', port: 'api', data: requestHead('GET', 'http://127.0.0.1/api', BEARER), status: 400 },
  { name: 'API absolute-form with a port out of range', port: 'api', data: requestHead('GET', 'http://127.0.0.1:99999/api'), status: 400 },
  { name: 'API asterisk-form OPTIONS *', port: 'api', data: requestHead('OPTIONS', '*'), status: 400 },
  { name: 'API overlong target (9 KB)', port: 'api', data: requestHead('GET', bigTarget('/api/', 9000), BEARER), status: 414 },
  { name: 'API request line beyond the header limit (40 KB)', port: 'api', data: requestHead('GET', bigTarget('/', 40_000)), status: 431 },
  { name: 'events upgrade in absolute form', port: 'api', data: requestHead('GET', `ws://127.0.0.1/api/events`, eventsUpgradeHead), status: 400 },
  { name: 'file host absolute-form GET http://host/firmware/x', port: 'files', data: requestHead('GET', 'http://127.0.0.1/firmware/x'), status: 400 },
  { name: 'file host asterisk-form', port: 'files', data: requestHead('OPTIONS', '*'), status: 400 },
  { name: 'file host overlong target (9 KB)', port: 'files', data: requestHead('GET', bigTarget('/firmware/', 9000)), status: 414 },
  { name: 'OCPP absolute-form upgrade', port: 'ocpp', data: requestHead('GET', 'ws://127.0.0.1/ocpp/CP-ABS', ocppUpgrade), status: 400 },
  { name: 'OCPP asterisk-form', port: 'ocpp', data: requestHead('OPTIONS', '*'), status: 400 },
  { name: 'OCPP overlong upgrade target (9 KB)', port: 'ocpp', data: requestHead('GET', bigTarget('/ocpp/', 9000), ocppUpgrade), status: 414 },
  { name: 'OCPP over TLS absolute-form upgrade', port: 'ocppTls', data: requestHead('GET', 'wss://127.0.0.1/ocpp/CP-ABS', ocppUpgrade), status: 400 },
  // Broken request lines and headers
  { name: 'API garbage request line', port: 'api', data: 'GARBAGE\r\n\r\n', status: 400 },
  { name: 'API header name with a space', port: 'api', data: 'GET / HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n', status: 400 },
  { name: 'file host binary garbage', port: 'files', data: Buffer.from([0, 1, 2, 255, 254, 13, 10, 13, 10]), status: 400 },
  { name: 'OCPP garbage request line', port: 'ocpp', data: 'HELLO THERE\r\n\r\n', status: 400 },
  { name: 'OCPP over TLS garbage request line', port: 'ocppTls', data: 'HELLO THERE\r\n\r\n', status: 400 },
  { name: 'OCPP upgrade with an invalid Sec-WebSocket-Key', port: 'ocpp', data: requestHead('GET', '/ocpp/CP-KEY', { ...ocppUpgrade, 'Sec-WebSocket-Key': 'not a key' }), status: 400 },
  { name: 'events upgrade with an invalid Sec-WebSocket-Key', port: 'api', data: requestHead('GET', '/api/events', { ...eventsUpgradeHead, 'Sec-WebSocket-Key': '!' }), status: 400 },
  { name: 'file host WebSocket upgrade to /firmware/%ff', port: 'files', data: requestHead('GET', '/firmware/%ff', upgradeHeaders()), status: 400 },
  { name: 'API Content-Length together with Transfer-Encoding (smuggling)', port: 'api', data: requestHead('POST', '/api/getSettings', { ...BEARER, 'Content-Type': 'application/json', 'Content-Length': '2', 'Transfer-Encoding': 'chunked' }) + '0\r\n\r\n', status: 400 },
  { name: 'OCPP two Content-Length headers', port: 'ocpp', data: requestHead('POST', '/ocpp/CP', { 'Content-Length': '1', 'content-length': '2' }) + 'xx', status: 400 },
  // Bad cookies in token mode, on HTTP and on the events upgrade
  { name: 'API cookie of % alone', port: 'api', data: requestHead('POST', '/api/getSettings', { Cookie: '%', 'Content-Type': 'application/json', 'Content-Length': '2' }) + '{}', status: 401 },
  { name: 'API token cookie of %', port: 'api', data: requestHead('POST', '/api/getSettings', { Cookie: 'csms_token=%', 'Content-Type': 'application/json', 'Content-Length': '2' }) + '{}', status: 401 },
  { name: 'UI token cookie with truncated UTF-8', port: 'api', data: requestHead('GET', '/', { Cookie: 'a=%%; csms_token=%E0%A4%A; =; ;;' }), status: 401 },
  { name: 'UI 1,500 cookie pairs', port: 'api', data: requestHead('GET', '/', { Cookie: Array.from({ length: 1500 }, (_, i) => `c${i}=%`).join(';') }), status: 401 },
  { name: 'UI cookie header beyond the header limit', port: 'api', data: requestHead('GET', '/', { Cookie: Array.from({ length: 4000 }, (_, i) => `c${i}=%`).join('; ') }), status: 431 },
  { name: 'events upgrade with a cookie of % alone', port: 'api', data: requestHead('GET', '/api/events', { ...upgradeHeaders(), Cookie: '%' }), status: 401 },
  { name: 'events upgrade with a token cookie of %ff', port: 'api', data: requestHead('GET', '/api/events', { ...upgradeHeaders(), Cookie: 'csms_token=%ff' }), status: 401 },
  { name: 'API Authorization header that is not Bearer', port: 'api', data: requestHead('GET', '/', { Authorization: 'Basic %%%' }), status: 401 },
  // Broken JSON and huge bodies
  { name: 'API broken JSON', port: 'api', data: requestHead('POST', '/api/getSettings', { ...BEARER, 'Content-Type': 'application/json', 'Content-Length': '6' }) + '{"a":[', status: 400 },
  { name: 'API body declared far beyond the limit', port: 'api', data: requestHead('POST', '/api/getSettings', { ...BEARER, 'Content-Type': 'application/json', 'Content-Length': String(50 * 1024 * 1024) }) + '{', status: 413 },
  { name: 'API body length that is not a number', port: 'api', data: requestHead('POST', '/api/getSettings', { ...BEARER, 'Content-Type': 'application/json', 'Content-Length': 'lots' }) + '{}', status: 400 },
  { name: 'OCPP plain POST with a body declared huge', port: 'ocpp', data: requestHead('POST', '/ocpp/CP-POST', { 'Content-Length': String(50 * 1024 * 1024) }) + 'x', status: 426 },
  { name: 'file host upload to an unknown token declared huge', port: 'files', data: requestHead('PUT', '/diagnostics/000000000000000000000000/x.log', { 'Content-Length': String(50 * 1024 * 1024) }) + 'x', status: 403 },
]

describe('every port survives hostile requests', () => {
  it('answers a normal request on every port to begin with', async () => {
    await everyPortServes()
  })

  it.each(httpAttacks)('$name: answered with a 4xx, then every port still serves', async (attack) => {
    const answer = await rawExchange(ports[attack.port], attack.data, { tls: attack.port === 'ocppTls' })
    if (attack.status !== undefined) expect(answer.status, answer.text.slice(0, 300)).toBe(attack.status)
    else expect(answer.closed || (answer.status !== undefined && answer.status >= 400 && answer.status < 500)).toBe(true)
    if (answer.status !== undefined) expect(answer.headers['x-content-type-options']).toBe('nosniff')
    await everyPortServes()
  })

  it('a chunked API body past the size limit is refused with 413, then every port still serves', async () => {
    const socket = await openRaw(ports.api)
    socket.on('error', () => undefined)
    const answer = readAnswer(socket, { headOnly: true })
    socket.write(requestHead('POST', '/api/getSettings', { ...BEARER, 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' }))
    const chunk = Buffer.alloc(1024 * 1024, 0x20)
    let answered = false
    void answer.then(() => (answered = true))
    // Writes wait for the socket to drain, or stop as soon as the server has answered (and stopped reading).
    const drained = () => new Promise<void>((resolve) => {
      socket.once('drain', resolve)
      void answer.then(() => resolve())
    })
    for (let sent = 0; sent < 40 && !answered && !socket.destroyed; sent += 1) {
      if (!socket.write(`${chunk.length.toString(16)}\r\n`)) await drained()
      if (!socket.write(chunk)) await drained()
      socket.write('\r\n')
    }
    const result = await answer
    expect(result.status === 413 || result.closed).toBe(true)
    await everyPortServes()
  })

  it('a TLS port fed plain text (no handshake) drops that connection, then every port still serves', async () => {
    const answer = await rawExchange(ports.ocppTls, requestHead('GET', '/ocpp/CP'))
    expect(answer.closed).toBe(true)
    await everyPortServes()
  })

  it.each([
    ['binary garbage', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))],
    ['an overlong command line without an end', Buffer.from(`USER ${'x'.repeat(200_000)}`)],
    ['an overlong command line', Buffer.from(`STOR ${'y'.repeat(100_000)}\r\n`)],
    ['unknown and out-of-order commands', Buffer.from('FOO\r\nPASS nobody\r\nSTOR ../../etc/passwd\r\nPORT 1,2,3\r\nPASV\r\nMKD x\r\nSITE CHMOD 777 /\r\n\r\n\r\n')],
  ])('FTP %s: the connection is answered or dropped, then every port still serves', async (_name, data) => {
    const socket = await openRaw(ports.ftp)
    socket.on('error', () => undefined)
    const answer = readAnswer(socket, { timeoutMs: 800 })
    socket.write(data)
    const result = await answer
    expect(result.text).toMatch(/^220/)
    await everyPortServes()
  })
})

describe('slow clients are cut and do not hold up the others', () => {
  /** Connected before the slow clients and kept past every server timeout: they must stay up. */
  let station: WebSocket
  let events: WebSocket
  beforeAll(async () => {
    station = await new Promise<WebSocket>((resolve, reject) => {
      const socket = new WebSocket(`ws://127.0.0.1:${ports.ocpp}/ocpp/CP-LONG-LIVED`, ['ocpp1.6'])
      socket.once('open', () => resolve(socket))
      socket.once('error', reject)
    })
    events = await new Promise<WebSocket>((resolve, reject) => {
      const socket = new WebSocket(`ws://127.0.0.1:${ports.api}/api/events`, { headers: BEARER })
      socket.once('open', () => resolve(socket))
      socket.once('error', reject)
    })
  })
  afterAll(() => {
    station?.close()
    events?.close()
  })

  it('a station and an events client connected before stay connected past every server timeout', async () => {
    // Past the request timeout (2.5 s) and a few checks of the server's connection sweep.
    await new Promise((resolve) => setTimeout(resolve, LIMITS.requestTimeoutMs + 4 * LIMITS.checkIntervalMs))
    expect(station.readyState).toBe(WebSocket.OPEN)
    expect(events.readyState).toBe(WebSocket.OPEN)
    const answer = new Promise<unknown[]>((resolve) => station.once('message', (data) => resolve(JSON.parse(data.toString()) as unknown[])))
    station.send(JSON.stringify([2, 'boot', 'BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' }]))
    expect(await answer).toMatchObject([3, 'boot', { status: 'Accepted' }])
    const reply = new Promise<string>((resolve) => events.once('message', (data) => resolve(data.toString())))
    events.send(JSON.stringify({ subscribe: { stationConnected: 'all' } }))
    expect(await reply).toBe('{"subscribed":true}')
  })

  /** Sends `head`, then trickles `body` a byte at a time while every port is probed; returns what the server answered. */
  async function trickle(port: number, head: string, body: string, tls = false): Promise<{ status?: number; closed: boolean }> {
    const socket = await openRaw(port, tls)
    socket.on('error', () => undefined)
    const answer = readAnswer(socket, { timeoutMs: 15_000 })
    socket.write(head)
    let stop = false
    const dripping = (async () => {
      for (let i = 0; i < body.length && !stop && !socket.destroyed; i += 1) {
        socket.write(body[i]!)
        await new Promise((r) => setTimeout(r, 100))
      }
    })()
    await everyPortServes()
    await everyPortServes()
    const result = await answer
    stop = true
    await dripping
    return result
  }

  it('an API body trickled a byte at a time is answered 408 after the request timeout; others are served meanwhile', async () => {
    const body = JSON.stringify({ padding: 'z'.repeat(400) })
    const result = await trickle(ports.api, requestHead('POST', '/api/getSettings', { ...BEARER, 'Content-Type': 'application/json', 'Content-Length': String(body.length) }), body)
    expect(result.closed).toBe(true)
    expect(result.status).toBe(408)
    await everyPortServes()
  })

  it('request headers trickled to the API and the OCPP ports are cut after the headers timeout', async () => {
    const slowHead = `X-Slow: ${'s'.repeat(400)}\r\n`
    const results = await Promise.all([
      trickle(ports.api, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n', slowHead),
      trickle(ports.ocpp, 'GET /ocpp/CP-SLOW HTTP/1.1\r\nHost: 127.0.0.1\r\n', slowHead),
      trickle(ports.ocppTls, 'GET /ocpp/CP-SLOW HTTP/1.1\r\nHost: 127.0.0.1\r\n', slowHead, true),
    ])
    for (const result of results) {
      expect(result.closed).toBe(true)
      expect(result.status === undefined || result.status === 408).toBe(true)
    }
    await everyPortServes()
  })

  it('a connection to the API that sends nothing is closed after the headers timeout', async () => {
    const socket = await openRaw(ports.api)
    socket.on('error', () => undefined)
    const result = await readAnswer(socket, { timeoutMs: 10_000 })
    expect(result.closed).toBe(true)
    await everyPortServes()
  })
})
