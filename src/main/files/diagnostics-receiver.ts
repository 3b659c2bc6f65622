/**
 * Files stations upload (diagnostics, logs). An upload takes its location's slot (one at a time),
 * writes each file under <data dir>/diagnostics/<station>/<random id>-<name>, created exclusively,
 * counts the bytes of all its files against the slot's quota, and is cut when no byte came for the
 * inactivity limit. Kept (recorded, announced, logged once, slot used up) only when it completed;
 * otherwise its files are removed and the slot stays open for another try.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { open, rm, type FileHandle } from 'node:fs/promises'
import { makePrivateDir, PRIVATE_FILE_MODE } from '../storage/file-modes'
import { join, relative } from 'node:path'
import { Writable } from 'node:stream'
import type { DiagnosticsUpload } from '@shared/contract/files-dto'
import type { FilesRepository, UploadSlot } from '../storage/files-repository'
import { isoNow } from '../util/time'
import { burstLog } from './burst-log'
import { safeFileName } from './safe-name'
import { SlotRefused, type SlotClaim, type SlotRequest, type UploadSlots } from './upload-slots'

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
  slots: UploadSlots
  /** An upload with no byte for this long is cut. */
  idleMs(): number
  onUpload(upload: DiagnosticsUpload): void
  log(line: string): void
}

type Via = DiagnosticsUpload['via']

const STATUS_OF_REFUSAL = { unknown: 403, expired: 403, used: 403, busy: 409 } as const

/** The name a station gave, kept for the record: no control characters, bounded. */
function originalName(name: string | undefined): string | undefined {
  if (name === undefined) return undefined
  // eslint-disable-next-line no-control-regex -- control characters are what is removed
  const cleaned = name.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 255)
  return cleaned === '' ? undefined : cleaned
}

export class DiagnosticsReceiver {
  private readonly logRefusal: (kind: string, line: string) => void

  constructor(private readonly deps: ReceiverDeps) {
    this.logRefusal = burstLog(deps.log)
  }

  get slots(): UploadSlots {
    return this.deps.slots
  }

  /** A new place for `stationId` to upload to, open as long as `request` (a GetDiagnostics) needs. */
  newSlot(stationId: string, request?: SlotRequest): UploadSlot {
    return this.deps.slots.create(stationId, request)
  }

  linkTask(token: string, taskId: string, request?: SlotRequest): void {
    this.deps.slots.link(token, taskId, request)
  }

  /** The open slot of `token`, or an UploadRefused (403) saying why not. */
  check(token: string, via: Via, remoteAddress?: string): UploadSlot {
    try {
      return this.deps.slots.check(token)
    } catch (error) {
      throw this.refusal(error, via, remoteAddress)
    }
  }

  /** Starts an upload to the slot of `token`: refused (403, 409) when the slot cannot take one. */
  begin(token: string, via: Via, remoteAddress?: string): UploadSession {
    let claim: SlotClaim
    try {
      claim = this.deps.slots.claim(token)
    } catch (error) {
      throw this.refusal(error, via, remoteAddress)
    }
    return new UploadSession(claim, via, remoteAddress, this.deps)
  }

  /** Where an upload lies on disk. */
  pathOf(id: string): string | undefined {
    const stored = this.deps.repo.upload(id)
    return stored ? join(this.deps.dir, stored.path) : undefined
  }

  private refusal(error: unknown, via: Via, remoteAddress?: string): UploadRefused {
    if (!(error instanceof SlotRefused)) return error as UploadRefused
    this.logRefusal(`${via} ${error.reason} ${remoteAddress ?? ''}`, `Refused a diagnostics upload (${via}${remoteAddress ? ` from ${remoteAddress}` : ''}): ${error.reason} upload location`)
    return new UploadRefused(error.message, STATUS_OF_REFUSAL[error.reason])
  }
}

interface StoredFile {
  path: string
  name: string
  original?: string
  size: number
  stream?: SessionFile
  /** Every byte written and the file closed. */
  complete?: boolean
}

/** One upload to one slot: its files, its byte count, its inactivity timer. */
export class UploadSession {
  private readonly files: StoredFile[] = []
  private readonly opening = new Set<Promise<unknown>>()
  private received = 0
  private timer: NodeJS.Timeout | undefined
  private ended: UploadRefused | 'committed' | undefined
  private aborting: Promise<void> | undefined
  /** Told when the upload is cut (idle, over quota) so the transport can end its connection. */
  onCut: ((error: UploadRefused) => void) | undefined

  constructor(
    private readonly claim: SlotClaim,
    private readonly via: Via,
    private readonly remoteAddress: string | undefined,
    private readonly deps: ReceiverDeps,
  ) {
    this.touch()
  }

  get slot(): UploadSlot {
    return this.claim.slot
  }

  get maxBytes(): number {
    return this.claim.maxBytes
  }

  get finished(): boolean {
    return this.ended !== undefined
  }

  /** Bytes arrived: the inactivity timer starts again. */
  touch(): void {
    if (this.ended) return
    clearTimeout(this.timer)
    const idleMs = this.deps.idleMs()
    this.timer = setTimeout(() => {
      const seconds = idleMs >= 1000 ? `${Math.round(idleMs / 1000)} s` : `${idleMs} ms`
      this.cut(new UploadRefused(`No data for ${seconds}: the upload was cut; send it again`, 408))
    }, idleMs)
    this.timer.unref()
  }

  /** Counts `bytes` against the quota; the error when they pass it. */
  count(bytes: number): UploadRefused | undefined {
    this.received += bytes
    if (this.received <= this.claim.maxBytes) return undefined
    return new UploadRefused(`The upload is larger than the limit of ${this.claim.maxBytes} bytes for this location`, 413)
  }

  /**
   * A new file of this upload, created exclusively under a name the server chose. With
   * `commitOnFinish` (FTP: one STOR is one upload) the upload is kept when the file ends.
   */
  async file(name: string | undefined, options: { commitOnFinish?: boolean } = {}): Promise<SessionFile> {
    this.assertOpen()
    const opening = this.create(name)
    this.opening.add(opening)
    let created: { handle: FileHandle; file: StoredFile }
    try {
      created = await opening
    } finally {
      this.opening.delete(opening)
    }
    if (this.ended) {
      await created.handle.close().catch(() => undefined)
      await rm(created.file.path, { force: true })
      this.assertOpen()
    }
    const stream = new SessionFile(created.handle, this, created.file, options.commitOnFinish === true)
    created.file.stream = stream
    return stream
  }

  private async create(name: string | undefined): Promise<{ handle: FileHandle; file: StoredFile }> {
    const dir = join(this.deps.dir, safeFileName(this.claim.slot.stationId, 'station'))
    await makePrivateDir(dir, this.deps.dir)
    const safe = safeFileName(name, 'diagnostics.bin')
    const original = originalName(name)
    for (let attempt = 0; ; attempt++) {
      const path = join(dir, `${randomBytes(8).toString('hex')}-${safe}`)
      try {
        const handle = await open(path, 'wx', PRIVATE_FILE_MODE)
        const file: StoredFile = { path, name: safe, size: 0, ...(original !== undefined && original !== safe ? { original } : {}) }
        this.files.push(file)
        return { handle, file }
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 3) throw new UploadRefused('The file could not be stored on this PC; try again later', 500)
      }
    }
  }

  /** Keeps every file of the upload: recorded, announced; the slot is used up. */
  async commit(): Promise<DiagnosticsUpload[]> {
    this.assertOpen()
    await Promise.allSettled([...this.opening])
    if (this.files.some((file) => !file.complete)) throw new UploadRefused('The upload ended before its files did', 400)
    if (this.files.length === 0) throw new UploadRefused('The upload carried no file', 400)
    this.ended = 'committed'
    clearTimeout(this.timer)
    this.claim.useUp()
    const slot = this.claim.slot
    const uploads = this.files.map((file) => {
      const upload: DiagnosticsUpload = {
        id: randomUUID(),
        stationId: slot.stationId,
        fileName: file.name,
        ...(file.original !== undefined ? { originalName: file.original } : {}),
        size: file.size,
        receivedAt: isoNow(),
        via: this.via,
        ...(this.remoteAddress ? { remoteAddress: this.remoteAddress } : {}),
        ...(slot.taskId ? { requestTaskId: slot.taskId } : {}),
      }
      this.deps.repo.saveUpload({ ...upload, path: relative(this.deps.dir, file.path) })
      return upload
    })
    const names = uploads.map((u) => `${u.fileName} (${u.size} bytes)`).join(', ')
    this.deps.log(`Diagnostics upload from ${slot.stationId}: ${names}, by ${this.via}${this.remoteAddress ? ` from ${this.remoteAddress}` : ''}`)
    for (const upload of uploads) this.deps.onUpload(upload)
    return uploads
  }

  /** Gives the upload up: its files are removed, the slot stays open for another try. Logged once. */
  abort(reason: unknown): Promise<void> {
    if (this.aborting) return this.aborting
    if (this.ended) return Promise.resolve()
    this.aborting = this.giveUp(reason)
    return this.aborting
  }

  private async giveUp(reason: unknown): Promise<void> {
    const error = reason instanceof UploadRefused ? reason : new UploadRefused(`The upload broke off: ${(reason as Error)?.message ?? String(reason)}`, 400)
    this.ended = error
    clearTimeout(this.timer)
    for (const file of this.files) file.stream?.destroy(error)
    await Promise.allSettled([...this.opening])
    await Promise.all(this.files.map((file) => rm(file.path, { force: true }).catch(() => undefined)))
    this.claim.release()
    this.deps.log(`Diagnostics upload from ${this.claim.slot.stationId} (${this.via}${this.remoteAddress ? `, ${this.remoteAddress}` : ''}) not kept: ${error.message}`)
  }

  /** Cut from within (idle, over quota): aborted, and the transport is told. */
  cut(error: UploadRefused): void {
    if (this.ended) return
    void this.abort(error)
    this.onCut?.(error)
  }

  private assertOpen(): void {
    if (this.ended === 'committed') throw new UploadRefused('This upload location has been used already: ask the Central System for a new one', 403)
    if (this.ended) throw this.ended
  }
}

/**
 * One file of an upload: writes go to the exclusively created file, count against the quota and
 * restart the inactivity timer. A manual 'close' before the end (ftp-srv ends a STOR that way)
 * ends the file.
 */
export class SessionFile extends Writable {
  constructor(
    private readonly handle: FileHandle,
    private readonly session: UploadSession,
    private readonly file: StoredFile,
    private readonly commitOnFinish: boolean,
  ) {
    super({ highWaterMark: 256 * 1024 })
    this.once('close', () => {
      if (!this.destroyed && !this.writableEnded) this.end()
    })
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.session.touch()
    const over = this.session.count(chunk.length)
    if (over) {
      done(over)
      return this.session.cut(over)
    }
    this.file.size += chunk.length
    this.handle.write(chunk).then(
      () => done(),
      () => done(new UploadRefused('The file could not be written on this PC (disk full?); try again later', 507)),
    )
  }

  override _final(done: (error?: Error | null) => void): void {
    this.handle
      .close()
      .then(() => {
        this.file.complete = true
      })
      .then(() => (this.commitOnFinish ? this.session.commit().then(() => undefined) : undefined))
      .then(
        () => done(),
        (error: unknown) => done(error instanceof UploadRefused ? error : new UploadRefused('The file could not be kept on this PC; try again later', 500)),
      )
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    this.handle.close().then(
      () => done(error),
      () => done(error),
    )
  }
}
