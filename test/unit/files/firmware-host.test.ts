import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FirmwareHost } from '../../../src/main/files/firmware-host'
import { FilesRepository } from '../../../src/main/storage/files-repository'
import { StateStore } from '../../../src/main/storage/state-store'

describe('the firmware host stores a stream within its limit, or nothing', () => {
  let dir: string
  let store: StateStore
  let host: FirmwareHost
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'csms-fw-host-'))
    store = await StateStore.open()
    host = new FirmwareHost(join(dir, 'firmware'), new FilesRepository(store))
  })
  afterEach(async () => {
    await store.close()
    await rm(dir, { recursive: true, force: true })
  })

  const chunks = (count: number, size: number) => Readable.from((function* () {
    for (let i = 0; i < count; i++) yield Buffer.alloc(size, i)
  })())

  it('hashes while streaming and keeps the file', async () => {
    const file = await host.addStream('../../fw.bin', chunks(4, 1000), 4000)
    expect(file).toMatchObject({ name: 'fw.bin', size: 4000, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) })
    expect(host.list()).toHaveLength(1)
  })

  it('stops a stream that goes past the limit (TooLarge) and leaves no file or folder behind', async () => {
    await expect(host.addStream('big.bin', chunks(5, 1000), 4000)).rejects.toMatchObject({ problem: 'TooLarge' })
    expect(host.list()).toEqual([])
    expect(await readdir(join(dir, 'firmware'))).toEqual([])
  })

  it('an upload that breaks off leaves nothing, and says so without a path', async () => {
    const broken = new Readable({ read() {} })
    broken.push(Buffer.alloc(100))
    setImmediate(() => broken.destroy(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })))
    await expect(host.addStream('cut.bin', broken)).rejects.toThrow(/stopped before its end/)
    expect(await readdir(join(dir, 'firmware'))).toEqual([])
  })
})
