/**
 * Firmware files the built-in HTTP host serves: kept under <data dir>/firmware/<id>/<name>, with
 * size and SHA-256 computed while the bytes stream in. What may be added is decided by
 * firmware-imports.ts (a file the operator chose, an upload body, the import folder), never by a
 * path a client names.
 */
import { createHash, randomUUID } from 'node:crypto'
import { constants } from 'node:fs'
import { open, rm } from 'node:fs/promises'
import { makePrivateDir, privateWriteStream } from '../storage/file-modes'
import { basename, join } from 'node:path'
import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { FilesRepository, StoredFirmwareFile } from '../storage/files-repository'
import { isoNow } from '../util/time'
import { safeFileName } from './safe-name'

/** Why a file was not added; messages name no paths on this PC. */
export type FirmwareFileProblem = 'BadInput' | 'NotFound' | 'TooLarge' | 'Unavailable' | 'Busy'

export class FirmwareFileError extends Error {
  constructor(
    message: string,
    readonly problem: FirmwareFileProblem = 'BadInput',
  ) {
    super(message)
  }
}

const mib = (bytes: number) => `${Math.floor(bytes / (1024 * 1024))} MiB`

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

  /**
   * Stores what `source` yields under `name`, hashing it on the way; more than `maxBytes` stops the
   * copy (FirmwareFileError TooLarge) and leaves nothing behind, as does any other failure.
   */
  async addStream(name: string, source: Readable, maxBytes = Number.POSITIVE_INFINITY): Promise<StoredFirmwareFile> {
    // The body may fail (an upload broken off) before the copy below starts: pipeline then sees the
    // stream's error state; without a listener meanwhile, that error would end the process.
    source.on('error', () => undefined)
    const id = randomUUID()
    const fileName = safeFileName(name, 'firmware.bin')
    await makePrivateDir(join(this.dir, id), this.dir)
    const hash = createHash('sha256')
    let size = 0
    const tap = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length
        if (size > maxBytes) return done(new FirmwareFileError(`The file is larger than the largest upload (${mib(maxBytes)}); raise "Largest upload" in Settings → File services, or use the import folder`, 'TooLarge'))
        hash.update(chunk)
        done(null, chunk)
      },
    })
    try {
      await pipeline(source, tap, privateWriteStream(join(this.dir, id, fileName), 'wx'))
    } catch (error) {
      await rm(join(this.dir, id), { recursive: true, force: true })
      if (error instanceof FirmwareFileError) throw error
      const code = (error as NodeJS.ErrnoException).code
      throw new FirmwareFileError(`The file was not stored: ${code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' ? 'the upload stopped before its end' : `copying failed (${code ?? 'read error'})`}`, code === 'ENOSPC' ? 'Unavailable' : 'BadInput')
    }
    return this.remember({ id, name: fileName, size, sha256: hash.digest('hex'), addedAt: isoNow() })
  }

  /**
   * Copies a file on this PC (any size). Only for paths the operator chose (a native dialog, the
   * import folder's checked names): the API never hands a client's path here. `noFollow`: refuse a
   * symbolic link as the last component (the import folder resolved it already).
   */
  async importFromPath(path: string, name?: string, noFollow = false): Promise<StoredFirmwareFile> {
    const displayName = basename(path)
    let handle
    try {
      handle = await open(path, constants.O_RDONLY | (noFollow ? (constants.O_NOFOLLOW ?? 0) : 0))
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      throw new FirmwareFileError(code === 'ENOENT' ? `${displayName}: no such file` : `${displayName} cannot be read (${code ?? 'error'})`, code === 'ENOENT' ? 'NotFound' : 'BadInput')
    }
    try {
      if (!(await handle.stat()).isFile()) throw new FirmwareFileError(`${displayName} is not a file`)
      return await this.addStream(name ?? displayName, handle.createReadStream({ autoClose: false }))
    } finally {
      await handle.close().catch(() => undefined)
    }
  }

  addBytes(name: string, content: Buffer): Promise<StoredFirmwareFile> {
    return this.addStream(name, Readable.from([content]))
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
