import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises'
import { once } from 'node:events'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FileServicesInfo, FirmwareFile, ImportFolderListing, Settings } from '@shared/contract'
import { startHarness, type Harness } from '../../support/csms-harness'

/** Files get into the firmware host only as the operator chose (issue 17 §4): never by a path an API client names. */
describe('firmware files enter the host only from a dialog, an upload body or the import folder', () => {
  let h: Harness | undefined
  let scratch: string
  beforeEach(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'csms-imports-'))
  })
  afterEach(async () => {
    await h?.stop()
    h = undefined
    await rm(scratch, { recursive: true, force: true })
  })

  const start = async (options: Parameters<typeof startHarness>[0] = {}) => (h = await startHarness(options))
  const files = () => h!.invoke<FirmwareFile[]>('listFirmwareFiles', {})
  const firmwareDirs = async () => readdir(join(h!.csms.storage.scratchDir, 'firmware')).catch(() => [] as string[])
  const upload = (body: string | Buffer, headers: Record<string, string>, query = '?name=fw-3.0.bin', method = 'PUT') =>
    fetch(`${h!.apiUrl}/firmware-files${query}`, { method, headers, body, duplex: 'half' } as RequestInit)

  it('refuses importFirmwareFile with a path (400): nothing imported, /etc/passwd never served', async () => {
    await start()
    const answer = await h!.http('importFirmwareFile', { path: '/etc/passwd' })
    expect(answer.status).toBe(400)
    expect((answer.body as { error: { message: string } }).error.message).toMatch(/unknown property "path"/)
    expect(await h!.http('importFirmwareFile', { path: '/etc/passwd', fileName: 'passwd' })).toMatchObject({ status: 400 })
    expect(await files()).toEqual([])
    expect(await firmwareDirs()).toEqual([])
    const base = (await h!.invoke<FileServicesInfo>('getFileServices', {})).http.baseUrl
    for (const target of ['/firmware/passwd', '/firmware/..%2F..%2Fetc%2Fpasswd', '/firmware/%2Fetc%2Fpasswd']) {
      const response = await fetch(`${base}${target}`)
      expect(response.status, target).not.toBe(200)
      expect(await response.text()).not.toMatch(/root:/)
    }
  })

  it('takes a raw upload (PUT /api/firmware-files), hashed while streamed, and serves it', async () => {
    await start()
    const content = Buffer.alloc(3 * 1024 * 1024 + 7, 0x5a)
    const response = await upload(content, { 'X-CSMS-Upload': '1', 'Content-Type': 'application/octet-stream' })
    expect(response.status).toBe(201)
    const file = (await response.json()) as FirmwareFile
    expect(file).toMatchObject({ name: 'fw-3.0.bin', size: content.length, sha256: createHash('sha256').update(content).digest('hex') })
    expect((await files()).map((f) => f.id)).toEqual([file.id])
    const served = await fetch(file.url)
    expect(Buffer.from(await served.arrayBuffer()).equals(content)).toBe(true)
  })

  it('refuses a raw upload from another site, without the custom header, or as a simple POST: nothing stored', async () => {
    await start()
    const apiOrigin = new URL(h!.apiUrl).origin
    const refused = [
      await upload('evil', { 'X-CSMS-Upload': '1', Origin: 'http://evil.example' }),
      await upload('evil', { 'X-CSMS-Upload': '1', Origin: 'null' }),
      await upload('evil', { 'Content-Type': 'application/octet-stream' }),
      await upload('evil', { Origin: apiOrigin }),
      await upload('evil', { 'Content-Type': 'text/plain', 'X-CSMS-Upload': '1' }, '?name=fw.bin', 'POST'),
    ]
    expect(refused.map((r) => r.status)).toEqual([403, 403, 403, 403, 405])
    for (const r of refused) expect(((await r.json()) as { error: { code: string } }).error.code).toMatch(/Forbidden|BadRequest/)
    expect(await upload('ok', { 'X-CSMS-Upload': '1', Origin: apiOrigin })).toMatchObject({ status: 201 }) // the UI's own page
    expect((await files()).map((f) => f.name)).toEqual(['fw-3.0.bin'])
  })

  it('refuses a raw upload over the largest-upload setting (413) or without a name (400), and keeps nothing of it', async () => {
    await start({ settings: { files: { maxUploadMb: 1 } } })
    const tooLarge = await upload(Buffer.alloc(1024 * 1024 + 1), { 'X-CSMS-Upload': '1' })
    expect(tooLarge.status).toBe(413)
    expect(((await tooLarge.json()) as { error: { message: string } }).error.message).toMatch(/largest upload/i)
    expect(await upload('x', { 'X-CSMS-Upload': '1' }, '')).toMatchObject({ status: 400 })
    expect(await files()).toEqual([])
    expect(await firmwareDirs()).toEqual([])
    expect(await upload(Buffer.alloc(1024 * 1024), { 'X-CSMS-Upload': '1' })).toMatchObject({ status: 201 }) // exactly the limit
  })

  it('an upload broken off midway stores nothing and the server goes on', async () => {
    await start()
    const url = new URL(`${h!.apiUrl}/firmware-files?name=cut.bin`)
    const socket = connect(Number(url.port), url.hostname)
    await once(socket, 'connect')
    socket.write(`PUT ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\nX-CSMS-Upload: 1\r\nContent-Length: 1000000\r\n\r\n`)
    socket.write(Buffer.alloc(64 * 1024, 1))
    await new Promise((resolve) => setImmediate(resolve))
    socket.destroy()
    expect(await upload('whole', { 'X-CSMS-Upload': '1' })).toMatchObject({ status: 201 })
    await expect.poll(firmwareDirs).toHaveLength(1)
    expect((await files()).map((f) => f.name)).toEqual(['fw-3.0.bin'])
  })

  describe('the import folder', () => {
    let folder: string
    let outside: string
    beforeEach(async () => {
      folder = join(scratch, 'import')
      outside = join(scratch, 'outside')
      await mkdir(join(folder, 'sub'), { recursive: true })
      await mkdir(outside)
      await writeFile(join(folder, 'fw-4.0.bin'), 'FIRMWARE 4.0')
      await writeFile(join(folder, 'sub', 'nested.bin'), 'NESTED')
      await writeFile(join(outside, 'secret.txt'), 'SECRET')
      await symlink(join(outside, 'secret.txt'), join(folder, 'link-out.bin'))
      await symlink(outside, join(folder, 'dir-out'))
      await symlink(join(folder, 'fw-4.0.bin'), join(folder, 'link-in.bin'))
    })

    it('lists its files (links leading outside left out) and imports one by its plain name', async () => {
      await start({ config: { importDir: folder } })
      const listing = await h!.invoke<ImportFolderListing>('listFirmwareImportFolder', {})
      expect(listing).toMatchObject({ dir: folder, truncated: false })
      expect(listing.files.map((f) => f.name)).toEqual(['fw-4.0.bin', 'link-in.bin'])
      const answer = await h!.http('importFirmwareFile', { fileName: 'fw-4.0.bin' })
      expect(answer).toMatchObject({ status: 200, body: { name: 'fw-4.0.bin', size: 12 } })
      expect(await (await fetch((answer.body as FirmwareFile).url)).text()).toBe('FIRMWARE 4.0')
      expect(await h!.http('importFirmwareFile', { fileName: 'link-in.bin', name: 'renamed.bin' })).toMatchObject({ status: 200, body: { name: 'renamed.bin', size: 12 } })
    })

    it('refuses ../, absolute names, separators, folders and links that lead outside it', async () => {
      await start({ config: { importDir: folder } })
      for (const fileName of ['../outside/secret.txt', '..', '.', '/etc/passwd', join(outside, 'secret.txt'), 'sub/nested.bin', 'sub\\nested.bin', 'C:secret', 'link-out.bin', 'dir-out', 'sub']) {
        const answer = await h!.http('importFirmwareFile', { fileName })
        expect(answer.status, fileName).toBe(400)
        expect(JSON.stringify(answer.body), fileName).not.toContain(scratch)
      }
      expect(await h!.http('importFirmwareFile', { fileName: 'missing.bin' })).toMatchObject({ status: 404 })
      expect(await files()).toEqual([])
    })

    it('cannot be set to a folder over the API (only cleared): a page could otherwise read any folder', async () => {
      await start({ config: { importDir: folder } })
      expect(await h!.http('updateSettings', { files: { importDir: '/etc' } })).toMatchObject({ status: 400 })
      expect((await h!.invoke<Settings>('getSettings', {})).files.importDir).toBe(folder)
      expect((await h!.http('updateSettings', { files: { importDir: null } })).status).toBe(200)
      expect(await h!.invoke('listFirmwareImportFolder', {})).toEqual({ dir: null, files: [], truncated: false })
      expect(await h!.http('importFirmwareFile', { fileName: 'fw-4.0.bin' })).toMatchObject({ status: 409, body: { error: { message: expect.stringMatching(/No import folder/) } } })
    })
  })

  describe('the native dialog', () => {
    it('headless has none: a clear error says to upload instead', async () => {
      await start()
      const answer = await h!.http('importFirmwareFromDialog', {})
      expect(answer).toMatchObject({ status: 409, body: { error: { message: expect.stringMatching(/only in the desktop app: upload the file instead/) } } })
      expect(await h!.http('chooseFirmwareImportFolder', {})).toMatchObject({ status: 409 })
    })

    it('in the desktop app imports the file the operator picked; a cancel imports nothing', async () => {
      const picked = join(scratch, 'picked-fw.bin')
      await writeFile(picked, 'PICKED')
      const answers: Array<string | undefined> = [picked, undefined]
      await start({ dialogs: { chooseFirmwareFile: async () => answers.shift(), chooseImportFolder: async () => scratch } })
      const first = await h!.invoke<{ file: FirmwareFile | null }>('importFirmwareFromDialog', {})
      expect(first.file).toMatchObject({ name: 'picked-fw.bin', size: 6 })
      expect(await h!.invoke('importFirmwareFromDialog', {})).toEqual({ file: null })
      expect((await files()).length).toBe(1)
      expect(await h!.invoke('chooseFirmwareImportFolder', {})).toEqual({ importDir: scratch })
      expect((await h!.invoke<Settings>('getSettings', {})).files.importDir).toBe(scratch)
    })
  })
})
