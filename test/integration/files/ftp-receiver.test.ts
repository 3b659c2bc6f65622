/**
 * Issue 17 §6 and §1: the FTP receiver offers only what an upload needs, names no paths or
 * software in its replies, limits connections, uses the configured passive ports, and no command
 * line (garbage, overlong, out of order, before login) ends the process. Real FTP over 127.0.0.1.
 */
import { readdir } from 'node:fs/promises'
import { connect, createServer } from 'node:net'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { Client } from 'basic-ftp'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { DiagnosticsUpload, FileServicesInfo } from '@shared/contract'
import { startHarness, type Harness, type HarnessOptions } from '../../support/csms-harness'
import { loginRaw, RawFtp } from '../../support/raw-ftp'

const STATION = 'CP-FTP'

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

describe('the FTP diagnostics receiver, hostile clients', () => {
  let h: Harness | undefined
  const open: RawFtp[] = []
  const escaped: unknown[] = []
  const collect = (error: unknown) => void escaped.push(error)
  beforeEach(() => {
    escaped.length = 0
    process.on('unhandledRejection', collect)
    process.on('uncaughtException', collect)
  })
  afterEach(async () => {
    process.off('unhandledRejection', collect)
    process.off('uncaughtException', collect)
    for (const ftp of open.splice(0)) ftp.close()
    await h?.stop()
    h = undefined
  })

  async function start(options: HarnessOptions = {}): Promise<Harness> {
    h = await startHarness(options)
    await h.invoke('setRegistration', { stationId: STATION, status: 'Accepted' })
    return h
  }
  const location = async () => (await h!.invoke<{ location: string }>('diagnosticsLocation', { stationId: STATION, protocol: 'ftp' })).location
  const info = () => h!.invoke<FileServicesInfo>('getFileServices', {})
  const uploads = () => h!.invoke<DiagnosticsUpload[]>('listDiagnosticsUploads', { stationId: STATION })
  const ftpPort = async () => (await info()).ftp.port
  const raw = async (localAddress?: string) => {
    const ftp = await RawFtp.open(await ftpPort(), '127.0.0.1', localAddress)
    open.push(ftp)
    return ftp
  }
  const login = async (loc?: string) => {
    const ftp = await loginRaw(loc ?? (await location()))
    open.push(ftp)
    return ftp
  }
  async function uploadWith(loc: string, name: string, body: string): Promise<void> {
    const url = new URL(loc)
    const client = new Client(5000)
    try {
      await client.access({ host: url.hostname, port: Number(url.port), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) })
      await client.uploadFrom(Readable.from([Buffer.from(body)]), name)
    } finally {
      client.close()
    }
  }
  async function allFiles(dir: string): Promise<string[]> {
    const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => [])
    return entries.map((e) => join(e.parentPath, e.name))
  }

  it('refuses MKD, RMD, SITE, DELE, RNFR, RNTO, RETR, APPE and every other command an upload does not need, changing nothing', async () => {
    await start()
    const ftp = await login()
    const refused = ['MKD made-by-station', 'XMKD made-too', 'RMD x', 'XRMD x', 'SITE CHMOD 777 x', 'SITE', 'DELE x', 'RNFR x', 'RNTO y', 'RETR x', 'APPE x', 'STOU', 'REST 10', 'MDTM x', 'STAT /', 'HELP', 'LIST', 'NLST', 'AUTH TLS', 'ACCT x', 'SMNT /']
    for (const command of refused) {
      const reply = await ftp.send(command)
      expect([502, 504, 550], `${command} → ${reply.lines.join(' | ')}`).toContain(reply.code)
    }
    expect((await allFiles(join(h!.csms.storage.scratchDir, 'diagnostics'))).filter((p) => /made-/.test(p))).toEqual([])
    // What an upload needs still works on the same connection.
    for (const [command, code] of [['TYPE I', 200], ['MODE S', 200], ['STRU F', 200], ['PWD', 257], ['CWD /', 250], ['CDUP', 250], ['SYST', 215], ['NOOP', 200], ['OPTS UTF8 ON', 200]] as const) {
      expect((await ftp.send(command)).code, command).toBe(code)
    }
    expect((await ftp.send('FEAT')).code).toBe(211)
  })

  it('answers without any path of the data folder, software name or version, also in errors', async () => {
    await start()
    const greeting = await raw()
    const hello = await greeting.reply()
    expect(hello.code).toBe(220)
    expect((await greeting.send('SYST')).code).toBe(215)
    await greeting.send('FEAT')
    await greeting.send('HELP')
    await greeting.send('USER diagnostics')
    await greeting.send('PASS 0123456789abcdef01234567')
    const ftp = await login()
    for (const command of ['CWD /no/such/folder', 'CWD ../../..', 'PWD', 'SIZE missing.txt', 'MDTM missing.txt', 'STAT missing.txt', 'RETR ../../../etc/passwd', 'DELE missing.txt', 'RNFR missing.txt', 'MKD a/b', 'STOR x.txt', 'LIST', 'XYZZY', 'PORT 1,2,3,4,5,6', 'EPRT |1|10.9.9.9|2000|']) {
      await ftp.send(command)
    }
    const everything = greeting.transcript + ftp.transcript
    for (const secret of [h!.dataDir, h!.csms.storage.scratchDir, process.cwd()]) expect(everything).not.toContain(secret)
    expect(everything).not.toMatch(/\/(tmp|home|root|var|usr|etc|work)\//)
    expect(everything).not.toMatch(/ftp-srv|bunyan|node\.?js|ENOENT|EACCES/i)
    expect(everything).not.toMatch(/\bv?\d+\.\d+\.\d+\b/)
  })

  it('takes one file per location: a second STOR and a second login with the same credentials are refused', async () => {
    await start()
    const loc = await location()
    await uploadWith(loc, 'first.log', 'first')
    await expect(uploadWith(loc, 'second.log', 'second')).rejects.toThrow(/530|used|expired/i)
    expect((await uploads()).map((u) => u.fileName)).toEqual(['first.log'])
  })

  it('cuts a STOR whose data connection goes silent for the inactivity limit: 550, no partial file, the location still open', async () => {
    await start({ fileTuning: { uploadIdleMs: 1000 } })
    const loc = await location()
    const ftp = await login(loc)
    const pasv = await ftp.send('EPSV')
    const dataPort = Number(/\|\|\|(\d+)\|/.exec(pasv.lines[0]!)![1])
    const data = connect({ port: dataPort, host: '127.0.0.1' })
    data.on('error', () => undefined)
    await new Promise<void>((resolve) => data.once('connect', () => resolve()))
    const started = await ftp.send('STOR stalled.log')
    expect(started.code).toBe(150)
    data.write(Buffer.alloc(4000, 1))
    const cut = await ftp.reply(10_000)
    expect(cut.code).toBe(550)
    expect(cut.lines[0]).toMatch(/No data for 1 s/)
    data.destroy()
    await expect.poll(async () => allFiles(join(h!.csms.storage.scratchDir, 'diagnostics'))).toEqual([join(h!.csms.storage.scratchDir, 'diagnostics', STATION)])
    await uploadWith(loc, 'retry.log', 'second try')
    expect((await uploads()).map((u) => u.fileName)).toEqual(['retry.log'])
  })

  it('keeps no more than the configured connections per address and in total: the next one gets 421', async () => {
    await start()
    await h!.invoke('updateSettings', { files: { ftpMaxConnections: 3, ftpMaxConnectionsPerAddress: 2 } })
    const a1 = await raw('127.0.0.1')
    const a2 = await raw('127.0.0.1')
    expect((await a1.reply()).code).toBe(220)
    expect((await a2.reply()).code).toBe(220)
    const a3 = await raw('127.0.0.1')
    expect((await a3.reply()).code).toBe(421)
    expect(await a3.waitClosed()).toBe(true)
    const b1 = await raw('127.0.0.2')
    expect((await b1.reply()).code).toBe(220)
    const c1 = await raw('127.0.0.3')
    expect((await c1.reply()).code).toBe(421)
    // A connection that ends frees its place.
    a1.close()
    await expect
      .poll(async () => {
        const again = await raw('127.0.0.1')
        return (await again.reply()).code
      })
      .toBe(220)
  })

  it('offers passive data ports from the configured range, and says which in getFileServices', async () => {
    const port = await freePort()
    await start({ config: { ftpPassivePorts: [port, port] } })
    expect((await info()).ftp).toMatchObject({ passivePorts: [port, port] })
    const ftp = await login()
    const pasv = await ftp.send('PASV')
    expect(pasv.code).toBe(227)
    const [, p1, p2] = /(\d+),(\d+)\)/.exec(pasv.lines[0]!)!.map(Number) as [number, number, number]
    expect(p1 * 256 + p2).toBe(port)
    const epsv = await ftp.send('EPSV')
    expect(epsv.lines[0]).toContain(`|||${port}|`)
  })

  it('survives garbage, overlong lines and out-of-order commands, before and after login, and serves the next station', async () => {
    await start()
    const before = await raw()
    await before.reply()
    const preLogin = ['', '   ', 'PASS nouser', 'USER', 'PASS', 'USER __proto__', 'PASS x', 'OPTS', 'SITE', 'PORT', 'EPRT', 'STOR x', 'CWD', 'constructor', 'hasOwnProperty', '__proto__ x', 'TYPE', 'MODE', 'STRU', '\u0000\u00ff\u0001', 'USER a b c "quoted"', 'ÄÖÜ €']
    for (const line of preLogin) before.write(`${line}\r\n`)
    before.write(Buffer.from([0xff, 0xf4, 0xff, 0xfd, 0x06, 0x0d, 0x0a])) // telnet IP/DM
    before.write('NOOP\n')
    before.write(`USER ${'A'.repeat(200_000)}\r\n`)
    await before.waitClosed(2000)

    const after = await login()
    const postLogin = ['SITE', 'OPTS', 'OPTS UTF8', 'PORT', 'PORT 1,2,3', 'PORT 127,0,0,1,999,999', 'PORT a,b,c,d,e,f', 'EPRT', 'EPRT |9|x|y|', 'EPRT |1|127.0.0.1|99999|', 'TYPE', 'TYPE X', 'MODE', 'STRU', 'CWD', 'SIZE', 'STOR', 'STOR ', `STOR ${'n'.repeat(5000)}`, `CWD ${'../'.repeat(2000)}`, 'REST -1', 'ABOR', 'ALLO', 'USER again', 'PASS again']
    for (const line of postLogin) {
      after.write(`${line}\r\n`)
      await after.reply(1000).catch(() => undefined)
    }
    const split = await login()
    split.write('NO')
    split.write('OP\r')
    split.write('\n')
    expect((await split.reply()).code).toBe(200)
    split.write(Buffer.alloc(70_000, 0x41))
    expect(await split.waitClosed(5000)).toBe(true)

    // Still there: a station logs in and uploads, the HTTP file host answers.
    const loc = await location()
    await uploadWith(loc, 'after-the-storm.log', 'still here')
    expect((await uploads()).map((u) => u.fileName)).toEqual(['after-the-storm.log'])
    expect((await fetch(`${(await info()).http.baseUrl}/firmware/none`)).status).toBe(404)
    expect(escaped.map(String)).toEqual([])
  })
})
