/**
 * Firmware files the built-in HTTP host serves: kept under <data dir>/firmware/<id>/<name>, with
 * size and SHA-256, added from a path on this PC (any size, streamed) or from bytes.
 */
import { createHash, randomUUID } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { rm, stat } from 'node:fs/promises'
import { makePrivateDir, privateWriteStream, writePrivateFile } from '../storage/file-modes'
import { basename, join } from 'node:path'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { FilesRepository, StoredFirmwareFile } from '../storage/files-repository'
import { isoNow } from '../util/time'
import { safeFileName } from './safe-name'

export class FirmwareFileError extends Error {}

export class FirmwareHost {
  constructor(
    readonly dir: string,
    private readonly repo: FilesRepository,
  ) {}

  list(): StoredFirmwareFile[] {
    return this.repo.firmwareFiles()
  }

  get(id: string): StoredFirmwareFile | undefined {
    return this.repo.firmwareFile(id)
  }

  /** Where the file of `id` lies, for serving. */
  relativePath(file: StoredFirmwareFile): string {
    return `${file.id}/${file.name}`
  }

  async importFromPath(path: string, name?: string): Promise<StoredFirmwareFile> {
    let info
    try {
      info = await stat(path)
    } catch (error) {
      throw new FirmwareFileError(`Cannot read ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`)
    }
    if (!info.isFile()) throw new FirmwareFileError(`${path} is not a file`)
    const id = randomUUID()
    const fileName = safeFileName(name ?? basename(path), 'firmware.bin')
    await makePrivateDir(join(this.dir, id), this.dir)
    const hash = createHash('sha256')
    let size = 0
    const tap = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk)
        size += chunk.length
        done(null, chunk)
      },
    })
    try {
      await pipeline(createReadStream(path), tap, privateWriteStream(join(this.dir, id, fileName)))
    } catch (error) {
      await rm(join(this.dir, id), { recursive: true, force: true })
      throw new FirmwareFileError(`Copying ${path} failed: ${(error as Error).message}`)
    }
    return this.remember({ id, name: fileName, size, sha256: hash.digest('hex'), addedAt: isoNow() })
  }

  async addBytes(name: string, content: Buffer): Promise<StoredFirmwareFile> {
    const id = randomUUID()
    const fileName = safeFileName(name, 'firmware.bin')
    await makePrivateDir(join(this.dir, id), this.dir)
    await writePrivateFile(join(this.dir, id, fileName), content)
    return this.remember({ id, name: fileName, size: content.length, sha256: createHash('sha256').update(content).digest('hex'), addedAt: isoNow() })
  }

  async remove(id: string): Promise<boolean> {
    if (!this.repo.firmwareFile(id)) return false
    this.repo.deleteFirmwareFile(id)
    await rm(join(this.dir, id), { recursive: true, force: true })
    return true
  }

  private remember(file: StoredFirmwareFile): StoredFirmwareFile {
    this.repo.saveFirmwareFile(file)
    return file
  }
}
