import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { DiagnosticsUpload } from '@shared/contract'
import { DiagnosticsReceiver, UploadRefused } from '../../../src/main/files/diagnostics-receiver'
import { UploadSlots } from '../../../src/main/files/upload-slots'
import type { FilesRepository, StoredUpload, UploadSlot } from '../../../src/main/storage/files-repository'

function writeAll(stream: NodeJS.WritableStream, chunks: Buffer[]): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.once('error', reject)
    stream.once('finish', resolve)
    for (const chunk of chunks) stream.write(chunk)
    stream.end()
  })
}

describe('an upload session', () => {
  let dir: string
  let stored: StoredUpload[]
  let announced: DiagnosticsUpload[]
  let receiver: DiagnosticsReceiver
  let idleMs: number
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'csms-receiver-'))
    stored = []
    announced = []
    idleMs = 60_000
    const slotMap = new Map<string, UploadSlot>()
    const repo = {
      slot: (token: string) => slotMap.get(token),
      slots: () => [...slotMap.values()],
      saveSlot: (slot: UploadSlot) => void slotMap.set(slot.token, slot),
      deleteSlot: (token: string) => void slotMap.delete(token),
      saveUpload: (upload: StoredUpload) => void stored.push(upload),
      upload: (id: string) => stored.find((u) => u.id === id),
    }
    const slots = new UploadSlots({ repo, now: Date.now, windowMs: () => 3600_000, maxBytes: () => 1000, log: () => undefined })
    receiver = new DiagnosticsReceiver({ dir, repo: repo as unknown as FilesRepository, slots, idleMs: () => idleMs, onUpload: (u) => void announced.push(u), log: () => undefined })
  })
  afterEach(async () => rm(dir, { recursive: true, force: true }))

  const onDisk = async () => readdir(join(dir, 'CP1')).catch(() => [] as string[])

  it('keeps every file of an upload under a random id and the safe name, and the name the station sent', async () => {
    const slot = receiver.newSlot('CP1')
    const session = receiver.begin(slot.token, 'http-post', '10.0.0.9')
    await writeAll(await session.file('../../etc/passwd'), [Buffer.from('one')])
    await writeAll(await session.file('report.log'), [Buffer.from('two')])
    const kept = await session.commit()
    expect(kept.map((u) => [u.fileName, u.originalName, u.size])).toEqual([
      ['passwd', '../../etc/passwd', 3],
      ['report.log', undefined, 3],
    ])
    expect(announced).toHaveLength(2)
    const names = await onDisk()
    expect(names).toHaveLength(2)
    for (const name of names) expect(name).toMatch(/^[0-9a-f]{16}-(passwd|report\.log)$/)
    expect(await readFile(join(dir, stored[0]!.path), 'utf8')).toBe('one')
    expect(() => receiver.begin(slot.token, 'http-put')).toThrow(expect.objectContaining({ status: 403 }))
  })

  it('counts all files of an upload against the quota: past it, 413 and every file removed, the slot still open', async () => {
    const slot = receiver.newSlot('CP1')
    const session = receiver.begin(slot.token, 'http-post')
    await writeAll(await session.file('a.bin'), [Buffer.alloc(600)])
    const second = await session.file('b.bin')
    await expect(writeAll(second, [Buffer.alloc(300), Buffer.alloc(300)])).rejects.toMatchObject({ status: 413 })
    await session.abort(new UploadRefused('over', 413))
    expect(await onDisk()).toEqual([])
    expect(stored).toEqual([])
    const again = receiver.begin(slot.token, 'http-put')
    await writeAll(await again.file('small.bin'), [Buffer.alloc(10)])
    expect(await again.commit()).toHaveLength(1)
  })

  it('a second upload to a slot while one runs is refused with 409', async () => {
    const slot = receiver.newSlot('CP1')
    const running = receiver.begin(slot.token, 'ftp')
    expect(() => receiver.begin(slot.token, 'http-put')).toThrow(expect.objectContaining({ status: 409 }))
    await running.abort(new Error('gave up'))
    expect(receiver.begin(slot.token, 'http-put')).toBeDefined()
  })

  it('cuts an upload that sends nothing for the inactivity limit: 408, its file removed', async () => {
    idleMs = 50
    const slot = receiver.newSlot('CP1')
    const session = receiver.begin(slot.token, 'ftp')
    const file = await session.file('stalled.bin')
    const cut = new Promise<unknown>((resolve) => (session.onCut = resolve))
    const failed = new Promise<unknown>((resolve) => file.once('error', resolve))
    file.write(Buffer.alloc(10))
    expect(await cut).toMatchObject({ status: 408 })
    expect(await failed).toMatchObject({ status: 408 })
    await expect.poll(onDisk).toEqual([])
    expect(session.finished).toBe(true)
  })

  it('with commitOnFinish (one STOR) the upload is kept when the file ends, before "finish"', async () => {
    const slot = receiver.newSlot('CP1')
    const session = receiver.begin(slot.token, 'ftp')
    const file = await session.file('diag.zip', { commitOnFinish: true })
    await writeAll(file, [Buffer.from('zip')])
    expect(stored.map((u) => u.fileName)).toEqual(['diag.zip'])
    expect(() => receiver.begin(slot.token, 'ftp')).toThrow(/used already/)
  })

  it('a file destroyed right after its end (a broken data connection) is not kept', async () => {
    const slot = receiver.newSlot('CP1')
    const session = receiver.begin(slot.token, 'ftp')
    const file = await session.file('half.zip', { commitOnFinish: true })
    file.on('error', () => undefined)
    file.write(Buffer.from('half'))
    file.end()
    file.destroy(new Error('data connection reset'))
    await session.abort(new Error('data connection reset'))
    expect(stored).toEqual([])
    await expect.poll(onDisk).toEqual([])
  })
})
