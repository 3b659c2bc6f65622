/**
 * Files stations upload (diagnostics, logs): each upload slot belongs to one station and has its
 * own token; what arrives is stored under <data dir>/diagnostics/<station>/<stamp>-<name>, bounded
 * in size, recorded, announced and logged once.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, rename, rm, stat } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { Transform, type Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { DiagnosticsUpload } from '@shared/contract/files-dto'
import type { FilesRepository, UploadSlot } from '../storage/files-repository'
import { isoNow } from '../util/time'
import { safeFileName, stamp } from './safe-name'

export class UploadRefused extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message)
  }
}

export interface ReceiverDeps {
  dir: string
  repo: FilesRepository
  maxBytes(): number
  onUpload(upload: DiagnosticsUpload): void
  log(line: string): void
}

export class DiagnosticsReceiver {
  constructor(private readonly deps: ReceiverDeps) {}

  /** A new place for `stationId` to upload to. */
  newSlot(stationId: string): UploadSlot {
    const slot: UploadSlot = { token: randomBytes(12).toString('hex'), stationId, createdAt: isoNow() }
    this.deps.repo.saveSlot(slot)
    return slot
  }

  slot(token: string): UploadSlot | undefined {
    return this.deps.repo.slot(token)
  }

  linkTask(token: string, taskId: string): void {
    const slot = this.deps.repo.slot(token)
    if (slot) this.deps.repo.saveSlot({ ...slot, taskId })
  }

  /** Staging area for FTP sessions of a slot. */
  stagingDir(token: string): string {
    return join(this.deps.dir, '.incoming', token)
  }

  /** Stores a stream as an upload of the slot; refuses it once it passes the size limit. */
  async receive(token: string, fileName: string | undefined, source: Readable, via: DiagnosticsUpload['via'], remoteAddress?: string): Promise<DiagnosticsUpload> {
    const slot = this.slotOrRefuse(token, via, remoteAddress)
    const target = await this.target(slot, fileName)
    const max = this.deps.maxBytes()
    let size = 0
    const limit = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length
        if (size > max) done(new UploadRefused(`The upload is larger than the limit of ${max} bytes`, 413))
        else done(null, chunk)
      },
    })
    try {
      await pipeline(source, limit, createWriteStream(target.path))
    } catch (error) {
      await rm(target.path, { force: true })
      this.deps.log(`Diagnostics upload from ${slot.stationId} (${via}${remoteAddress ? `, ${remoteAddress}` : ''}) failed: ${(error as Error).message}`)
      // The reason (which may name a path on this PC) is in the log line above, not in the answer.
      throw error instanceof UploadRefused ? error : new UploadRefused('The upload broke off before it was complete, or could not be stored; try again', 400)
    }
    return this.record(slot, target, size, via, remoteAddress)
  }

  /** Takes a file already written (an FTP upload in the staging area) as an upload of the slot. */
  async adopt(token: string, path: string, fileName: string, remoteAddress?: string): Promise<DiagnosticsUpload> {
    const slot = this.slotOrRefuse(token, 'ftp', remoteAddress)
    const target = await this.target(slot, fileName)
    await rename(path, target.path)
    const { size } = await stat(target.path)
    return this.record(slot, target, size, 'ftp', remoteAddress)
  }

  private slotOrRefuse(token: string, via: string, remoteAddress?: string): UploadSlot {
    const slot = this.deps.repo.slot(token)
    if (!slot) {
      this.deps.log(`Refused a diagnostics upload (${via}${remoteAddress ? ` from ${remoteAddress}` : ''}): unknown upload token`)
      throw new UploadRefused('Unknown upload location: ask the Central System for a new one', 403)
    }
    return slot
  }

  private async target(slot: UploadSlot, fileName: string | undefined): Promise<{ path: string; name: string }> {
    const dir = join(this.deps.dir, safeFileName(slot.stationId, 'station'))
    await mkdir(dir, { recursive: true })
    const name = safeFileName(fileName, 'diagnostics.bin')
    return { path: join(dir, `${stamp()}-${name}`), name }
  }

  private record(slot: UploadSlot, target: { path: string; name: string }, size: number, via: DiagnosticsUpload['via'], remoteAddress?: string): DiagnosticsUpload {
    const fileName = target.name
    const upload: DiagnosticsUpload = {
      id: randomUUID(),
      stationId: slot.stationId,
      fileName,
      size,
      receivedAt: isoNow(),
      via,
      ...(remoteAddress ? { remoteAddress } : {}),
      ...(slot.taskId ? { requestTaskId: slot.taskId } : {}),
    }
    this.deps.repo.saveUpload({ ...upload, path: relative(this.deps.dir, target.path) })
    this.deps.log(`Diagnostics upload from ${slot.stationId}: ${fileName}, ${size} bytes, by ${via}${remoteAddress ? ` from ${remoteAddress}` : ''}`)
    this.deps.onUpload(upload)
    return upload
  }

  /** Where an upload lies on disk. */
  pathOf(id: string): string | undefined {
    const stored = this.deps.repo.upload(id)
    return stored ? join(this.deps.dir, stored.path) : undefined
  }
}
