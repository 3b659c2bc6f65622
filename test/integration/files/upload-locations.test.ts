/**
 * Issue 17 §6: an upload location (diagnostics, logs) holds only what was asked for. One upload,
 * until it expires, up to its byte quota, under a name the server chose; a slow upload that keeps
 * sending goes on, a stalled one is cut. Real HTTP over 127.0.0.1.
 */
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { CallTask, DiagnosticsUpload } from '@shared/contract'
import { startHarness, type Harness, type HarnessOptions } from '../../support/csms-harness'
import { chunks, pacedUpload } from '../../support/raw-upload'

const STATION = 'CP-SLOTS'
const MiB = 1024 * 1024

describe('diagnostics upload locations over HTTP', () => {
  let h: Harness | undefined
  afterEach(async () => {
    vi.useRealTimers()
    await h?.stop()
    h = undefined
  })

  async function start(options: HarnessOptions = {}): Promise<Harness> {
    h = await startHarness(options)
    await h.invoke('setRegistration', { stationId: STATION, status: 'Accepted' })
    return h
  }
  const location = async (protocol: 'http-put' | 'http-post' = 'http-put') => (await h!.invoke<{ location: string }>('diagnosticsLocation', { stationId: STATION, protocol })).location
  const uploads = () => h!.invoke<DiagnosticsUpload[]>('listDiagnosticsUploads', { stationId: STATION })
  const content = async (id: string) => Buffer.from((await h!.invoke<{ contentBase64: string }>('readDiagnosticsUpload', { id })).contentBase64, 'base64').toString()
  const stationFolder = () => join(h!.csms.storage.scratchDir, 'diagnostics', STATION)
  const filesOnDisk = async () => (await readdir(stationFolder()).catch(() => [] as string[])).filter((name) => !name.startsWith('.'))

  it('takes one upload per location: a second PUT or POST to a used location is refused with 403 and stores nothing', async () => {
    await start()
    const put = await location('http-put')
    expect((await fetch(`${put}first.log`, { method: 'PUT', body: 'first' })).status).toBe(201)
    const again = await fetch(`${put}second.log`, { method: 'PUT', body: 'second' })
    expect(again.status).toBe(403)
    expect(await again.text()).toMatch(/used|expired|unknown/i)

    // A multipart form is one upload: all its files are kept, then the location is used.
    const post = await location('http-post')
    const form = new FormData()
    form.append('a', new Blob(['part one']), 'one.log')
    form.append('b', new Blob(['part two']), 'two.log')
    expect((await fetch(post, { method: 'POST', body: form })).status).toBe(201)
    const form2 = new FormData()
    form2.append('c', new Blob(['late']), 'three.log')
    expect((await fetch(post, { method: 'POST', body: form2 })).status).toBe(403)

    expect((await uploads()).map((u) => u.fileName).sort()).toEqual(['first.log', 'one.log', 'two.log'])
    expect(await filesOnDisk()).toHaveLength(3)
  })

  it('refuses an upload after its location expired (403), and keeps a location made for GetDiagnostics open until an hour after its stopTime', async () => {
    let now = Date.parse('2026-03-01T10:00:00Z')
    await start({ fileTuning: { now: () => now } })
    const cp = await h!.booted(STATION)
    const plain = await location()
    // GetDiagnostics with a stopTime two hours ahead: its location lives until stopTime + 1 h.
    const incoming = cp.nextCall('GetDiagnostics')
    await h!.invoke<CallTask>('requestDiagnostics', { stationId: STATION, protocol: 'http-put', stopTime: '2026-03-01T12:00:00Z' })
    const call = await incoming
    cp.answer(call, { fileName: 'diag.zip' })
    const forRequest = (call[3] as { location: string }).location

    now += 61 * 60 * 1000
    const late = await fetch(`${plain}late.log`, { method: 'PUT', body: 'too late' })
    expect(late.status).toBe(403)
    expect(await late.text()).toMatch(/expired/i)

    now = Date.parse('2026-03-01T12:59:00Z')
    expect((await fetch(`${forRequest}diag.zip`, { method: 'PUT', body: 'in time' })).status).toBe(201)
    expect((await uploads()).map((u) => u.fileName)).toEqual(['diag.zip'])
  })

  it('keeps a bounded number of open locations per station: the oldest is dropped first', async () => {
    await start()
    const first = await location()
    let last = first
    for (let i = 0; i < 10; i++) last = await location()
    expect((await fetch(`${first}x.log`, { method: 'PUT', body: 'x' })).status).toBe(403)
    expect((await fetch(`${last}y.log`, { method: 'PUT', body: 'y' })).status).toBe(201)
  })

  it('refuses an upload over its byte quota with 413, all files of the form together, and leaves no partial file', async () => {
    await start()
    await h!.invoke('updateSettings', { files: { maxUploadMb: 1 } })
    // Two files, each under the limit, together over it.
    const post = await location('http-post')
    const form = new FormData()
    form.append('a', new Blob([Buffer.alloc(600 * 1024, 1)]), 'a.bin')
    form.append('b', new Blob([Buffer.alloc(600 * 1024, 2)]), 'b.bin')
    const encoded = new Response(form)
    const type = encoded.headers.get('content-type')!
    const refused = await pacedUpload(post, 'POST', { chunks: [Buffer.from(await encoded.arrayBuffer())] }, { 'Content-Type': type })
    expect(refused.status ?? refused.error).toBe(413)

    // A streamed PUT that goes past the quota without announcing its length.
    const put = await location()
    const streamed = await pacedUpload(`${put}big.bin`, 'PUT', { chunks: chunks(17, 64 * 1024) })
    expect(streamed.status ?? streamed.error).toBe(413)
    // One that announces too much is refused before a byte is stored.
    const announced = await pacedUpload(`${put}big.bin`, 'PUT', { chunks: [Buffer.alloc(10)], stallAfter: true }, { 'Content-Length': 2 * MiB }, 5000)
    expect(announced.status ?? announced.error).toBe(413)

    expect(await uploads()).toEqual([])
    await expect.poll(filesOnDisk).toEqual([])
    // A refused upload does not use the location up: the station may send a smaller file.
    expect((await fetch(`${put}small.bin`, { method: 'PUT', body: 'fits' })).status).toBe(201)
  })

  it('keeps two uploads of the same name in the same millisecond as two files, each under its own name', async () => {
    await start()
    vi.useFakeTimers({ toFake: ['Date'], now: Date.parse('2026-03-01T10:00:00.000Z') })
    const [a, b] = [await location(), await location()]
    const answers = await Promise.all([fetch(`${a}diag.log`, { method: 'PUT', body: 'from A' }), fetch(`${b}diag.log`, { method: 'PUT', body: 'from B' })])
    expect(answers.map((r) => r.status)).toEqual([201, 201])
    const list = await uploads()
    expect(list.map((u) => u.fileName)).toEqual(['diag.log', 'diag.log'])
    expect((await Promise.all(list.map((u) => content(u.id)))).sort()).toEqual(['from A', 'from B'])
    const names = await filesOnDisk()
    expect(names).toHaveLength(2)
    for (const name of names) expect(name).toMatch(/^[0-9a-f]{16,}-diag\.log$/)
  })

  it('lets a slow upload that keeps sending go on long past the inactivity limit (no total time limit)', async () => {
    await start({ fileTuning: { uploadIdleMs: 1000 } })
    const put = await location()
    // 35 chunks 100 ms apart: three and a half times the inactivity limit, never idle for it.
    const outcome = await pacedUpload(`${put}slow.log`, 'PUT', { chunks: chunks(35, 1000), everyMs: 100 }, {}, 20_000)
    expect(outcome).toMatchObject({ status: 201 })
    const [upload] = await uploads()
    expect(upload).toMatchObject({ fileName: 'slow.log', size: 35_000 })
  })

  it('cuts an upload that stops sending after the inactivity limit, removes its partial file, and keeps the location open', async () => {
    await start({ fileTuning: { uploadIdleMs: 300 } })
    const put = await location()
    const outcome = await pacedUpload(`${put}stalled.log`, 'PUT', { chunks: [Buffer.alloc(2000, 1)], stallAfter: true }, { 'Content-Length': 100_000 }, 5000)
    expect(outcome.error ?? '').not.toMatch(/neither an answer/)
    if (outcome.status !== undefined) expect(outcome.status).toBe(408)
    await expect.poll(filesOnDisk).toEqual([])
    expect(await uploads()).toEqual([])
    expect((await fetch(`${put}retry.log`, { method: 'PUT', body: 'second try' })).status).toBe(201)
  })
})
