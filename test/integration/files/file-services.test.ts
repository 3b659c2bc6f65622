import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { Client } from 'basic-ftp'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { DiagnosticsUpload, FileServicesInfo, FirmwareFile } from '@shared/contract'
import { startHarness, type Harness } from '../../support/csms-harness'
import { pacedUpload } from '../../support/raw-upload'

describe('the built-in file services, with real clients', () => {
  let h: Harness
  let scratch: string
  beforeEach(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'csms-files-'))
    h = await startHarness({ config: { importDir: scratch } })
    await h.invoke('setRegistration', { stationId: 'CP-FILES', status: 'Accepted' })
  })
  afterEach(async () => {
    await h.stop()
    await rm(scratch, { recursive: true, force: true })
  })

  const location = async (protocol: 'ftp' | 'http-put' | 'http-post') => (await h.invoke<{ location: string }>('diagnosticsLocation', { stationId: 'CP-FILES', protocol })).location
  const uploads = () => h.invoke<DiagnosticsUpload[]>('listDiagnosticsUploads', { stationId: 'CP-FILES' })
  const content = async (id: string) => Buffer.from((await h.invoke<{ contentBase64: string }>('readDiagnosticsUpload', { id })).contentBase64, 'base64').toString()

  it('serves an added firmware file, whole and by range, at the URL it lists', async () => {
    const path = join(scratch, 'fw-2.1.0.bin')
    await writeFile(path, Buffer.alloc(100_000, 7))
    const file = await h.invoke<FirmwareFile>('importFirmwareFile', { fileName: 'fw-2.1.0.bin' })
    expect(file).toMatchObject({ name: 'fw-2.1.0.bin', size: 100_000, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) })
    expect(file.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/firmware\//)
    const whole = await fetch(file.url)
    expect(whole.status).toBe(200)
    expect((await whole.arrayBuffer()).byteLength).toBe(100_000)
    const part = await fetch(file.url, { headers: { Range: 'bytes=0-9' } })
    expect(part.status).toBe(206)
    expect((await part.arrayBuffer()).byteLength).toBe(10)
    expect((await h.invoke<FirmwareFile[]>('listFirmwareFiles', {})).map((f) => f.id)).toEqual([file.id])
    await h.invoke('deleteFirmwareFile', { id: file.id })
    expect((await fetch(file.url)).status).toBe(404)
    await expect(h.invoke('importFirmwareFile', { fileName: 'missing.bin' })).rejects.toMatchObject({ code: 'NotFound', message: expect.stringMatching(/No file "missing.bin" in the import folder/) })
  })

  it('receives a diagnostics upload by FTP (passive), with the location’s own credentials', async () => {
    const url = new URL(await location('ftp'))
    expect(url.protocol).toBe('ftp:')
    const client = new Client(5000)
    try {
      await client.access({ host: url.hostname, port: Number(url.port), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) })
      await client.uploadFrom(Readable.from([Buffer.from('diagnostics by ftp')]), 'station-log.txt')
    } finally {
      client.close()
    }
    await expect.poll(async () => (await uploads()).length).toBe(1)
    const [upload] = await uploads()
    expect(upload).toMatchObject({ stationId: 'CP-FILES', fileName: 'station-log.txt', via: 'ftp', size: 18 })
    expect(await content(upload!.id)).toBe('diagnostics by ftp')
  })

  it('refuses FTP logins without valid upload credentials: the server answers 530', async () => {
    const url = new URL(await location('ftp'))
    const client = new Client(5000)
    try {
      // Only a 530 reply proves the refusal came from our FTP server (a connection refused has no FTP code).
      await expect(client.access({ host: url.hostname, port: Number(url.port), user: 'diagnostics', password: 'wrong' })).rejects.toMatchObject({ name: 'FTPError', code: 530 })
      await expect(client.access({ host: url.hostname, port: Number(url.port), user: decodeURIComponent(url.username), password: 'not-the-location-password' })).rejects.toMatchObject({ name: 'FTPError', code: 530 })
    } finally {
      client.close()
    }
  })

  it('receives an HTTP PUT and a multipart POST; refuses an unknown token, a too large body, and keeps names inside its folder', async () => {
    const put = await fetch(`${await location('http-put')}..%2F..%2Fescape.txt`, { method: 'PUT', body: 'put body' })
    expect(put.status).toBe(201)
    const form = new FormData()
    form.append('file', new Blob(['posted diagnostics']), 'diag.zip')
    const post = await fetch(await location('http-post'), { method: 'POST', body: form })
    expect(post.status).toBe(201)
    const list = await uploads()
    expect(list.map((u) => [u.via, u.fileName]).sort()).toEqual([['http-post', 'diag.zip'], ['http-put', 'escape.txt']])
    expect(await content(list.find((u) => u.via === 'http-post')!.id)).toBe('posted diagnostics')

    const unknown = await fetch(`${(await h.invoke<FileServicesInfo>('getFileServices', {})).http.baseUrl}/diagnostics/${'0'.repeat(24)}/x.txt`, { method: 'PUT', body: 'x' })
    expect(unknown.status).toBe(403)
    await h.invoke('updateSettings', { files: { maxUploadMb: 1 } })
    // A body announced over the limit is answered 413 before it is read (the client waits for the answer, so the refusal cannot be lost to a reset).
    const big = await pacedUpload(`${await location('http-put')}big.bin`, 'PUT', { chunks: [Buffer.alloc(10)], stallAfter: true }, { 'Content-Length': 1024 * 1024 + 10 })
    expect(big, 'a PUT announcing more than maxUploadMb was not refused with 413').toMatchObject({ status: 413 })
    expect((await uploads()).length).toBe(2)
  })

  it('puts the chosen public host into URLs, and back to automatic', async () => {
    const before = await h.invoke<FileServicesInfo>('getFileServices', {})
    expect(before).toMatchObject({ bindHost: '127.0.0.1', http: { running: true }, ftp: { running: true } })
    const chosen = await h.invoke<FileServicesInfo>('setFileServicesHost', { publicHost: '192.168.7.20' })
    expect(chosen.http.baseUrl).toMatch(/^http:\/\/192\.168\.7\.20:/)
    expect(await location('ftp')).toMatch(/@192\.168\.7\.20:/)
    const automatic = await h.invoke<FileServicesInfo>('setFileServicesHost', { publicHost: null })
    expect(automatic.publicHost).toBe('127.0.0.1')
  })

  it('keeps what arrived on disk under the station, outside any path the sender names', async () => {
    await fetch(`${await location('http-put')}..%2Fx.txt`, { method: 'PUT', body: 'inside' })
    const [upload] = await uploads()
    const folder = join(h.csms.storage.scratchDir, 'diagnostics', 'CP-FILES')
    const [stored] = await readdir(folder)
    expect(stored).toMatch(/-x\.txt$/)
    expect(await readFile(join(folder, stored!), 'utf8')).toBe('inside')
    expect(upload!.fileName).toBe('x.txt')
  })
})
