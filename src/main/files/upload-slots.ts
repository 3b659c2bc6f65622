/**
 * Upload locations ("slots") as rules: one station each, one upload each (the first complete
 * upload uses the slot up; a multipart form is one upload, whatever number of files it carries),
 * an expiry (the GetDiagnostics stopTime plus the window, never earlier than the window from when
 * the location was made), a byte quota (the upload size limit when it was made, never more than the
 * current one), and a bounded number of open slots per station and overall (the oldest go first).
 * Used and expired slots leave the state; at most one upload runs per slot at a time.
 */
import { randomBytes } from 'node:crypto'
import type { UploadSlot } from '../storage/files-repository'

/** What decides when a location made for a GetDiagnostics closes. */
export interface SlotRequest {
  stopTime?: string
  retries?: number
  retryInterval?: number
}

export type SlotRefusal = 'unknown' | 'expired' | 'used' | 'busy'

export class SlotRefused extends Error {
  constructor(
    readonly reason: SlotRefusal,
    message: string,
  ) {
    super(message)
  }
}

export interface SlotLimits {
  perStation: number
  total: number
}

export const DEFAULT_SLOT_LIMITS: SlotLimits = { perStation: 10, total: 500 }
/** However far the stopTime or the retries reach, a location closes within a week (plus the window). */
export const MAX_SLOT_REACH_MS = 7 * 24 * 3600 * 1000
const TOKEN = /^[0-9a-f]{24}$/
/** Tokens used up recently, to tell "used" from "unknown" in answers and logs (bounded). */
const REMEMBER_USED = 256

/** When a location made at `now` for `request` stops taking uploads (ms since the epoch). */
export function slotExpiry(now: number, windowMs: number, request?: SlotRequest): number {
  const stop = request?.stopTime === undefined ? Number.NaN : Date.parse(request.stopTime)
  const retries = Number.isFinite(request?.retries) ? Math.max(0, request!.retries!) : 0
  const interval = Number.isFinite(request?.retryInterval) ? Math.max(0, request!.retryInterval!) : 0
  const base = Math.max(now, Number.isFinite(stop) ? stop : now) + Math.min(retries * interval * 1000, MAX_SLOT_REACH_MS)
  return Math.min(base, now + MAX_SLOT_REACH_MS) + windowMs
}

export interface SlotStore {
  slot(token: string): UploadSlot | undefined
  slots(): UploadSlot[]
  saveSlot(slot: UploadSlot): void
  deleteSlot(token: string): void
}

export interface UploadSlotsDeps {
  repo: SlotStore
  now(): number
  /** How long a location stays open after its request's stopTime, and at least after it was made. */
  windowMs(): number
  /** The upload size limit now (settings.files.maxUploadMb). */
  maxBytes(): number
  limits?: SlotLimits
  log(line: string): void
}

/** A slot taken by one upload: released when it fails, used up when it is kept. */
export interface SlotClaim {
  slot: UploadSlot
  /** Bytes this upload may bring, all its files together. */
  maxBytes: number
  release(): void
  useUp(): void
}

export class UploadSlots {
  private readonly busy = new Set<string>()
  private readonly used = new Set<string>()

  constructor(private readonly deps: UploadSlotsDeps) {}

  private get limits(): SlotLimits {
    return this.deps.limits ?? DEFAULT_SLOT_LIMITS
  }

  /** A new location for `stationId`, expiring as `request` says; the oldest open ones make room. */
  create(stationId: string, request?: SlotRequest): UploadSlot {
    this.sweep()
    const now = this.deps.now()
    this.makeRoom(stationId)
    const slot: UploadSlot = {
      token: randomBytes(12).toString('hex'),
      stationId,
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(slotExpiry(now, this.deps.windowMs(), request)).toISOString(),
      maxBytes: this.deps.maxBytes(),
    }
    this.deps.repo.saveSlot(slot)
    return slot
  }

  /** The GetDiagnostics a location was sent with: linked, and the location stays open as its stopTime asks. */
  link(token: string, taskId: string, request?: SlotRequest): void {
    const slot = this.lookup(token)
    if (!slot) return
    const created = Date.parse(slot.createdAt)
    const wanted = slotExpiry(Number.isFinite(created) ? created : this.deps.now(), this.deps.windowMs(), request)
    const expiresAt = Math.max(this.expiry(slot), wanted)
    this.deps.repo.saveSlot({ ...slot, taskId, expiresAt: new Date(expiresAt).toISOString() })
  }

  /** The open slot of `token`; otherwise why not (unknown, expired, used). An expired one is removed. */
  check(token: string): UploadSlot {
    const slot = this.lookup(token)
    if (!slot) {
      if (this.used.has(token)) throw new SlotRefused('used', 'This upload location has been used already: ask the Central System for a new one')
      throw new SlotRefused('unknown', 'Unknown upload location: ask the Central System for a new one')
    }
    if (this.expiry(slot) <= this.deps.now()) {
      if (!this.busy.has(token)) this.deps.repo.deleteSlot(token)
      throw new SlotRefused('expired', `This upload location expired at ${new Date(this.expiry(slot)).toISOString()}: ask the Central System for a new one`)
    }
    return slot
  }

  /** Takes the slot for one upload; a second upload while one runs is refused ("busy"). */
  claim(token: string): SlotClaim {
    const slot = this.check(token)
    if (this.busy.has(token)) throw new SlotRefused('busy', 'An upload to this location is already under way: wait for it to end')
    this.busy.add(token)
    const maxBytes = Math.min(slot.maxBytes ?? Number.POSITIVE_INFINITY, this.deps.maxBytes())
    let done = false
    return {
      slot,
      maxBytes,
      release: () => {
        if (done) return
        done = true
        this.busy.delete(token)
      },
      useUp: () => {
        if (done) return
        done = true
        this.busy.delete(token)
        this.deps.repo.deleteSlot(token)
        this.used.add(token)
        if (this.used.size > REMEMBER_USED) this.used.delete(this.used.values().next().value!)
      },
    }
  }

  /** The token of the open slot made for the GetDiagnostics task `taskId`, if there is one. */
  tokenOfTask(taskId: string): string | undefined {
    return this.deps.repo.slots().find((slot) => slot.taskId === taskId)?.token
  }

  /** Whether an upload to `token` is under way right now. */
  inProgress(token: string): boolean {
    return this.busy.has(token)
  }

  /** Removes every expired slot no upload is using. */
  sweep(): number {
    const now = this.deps.now()
    let removed = 0
    for (const slot of this.deps.repo.slots()) {
      if (this.expiry(slot) <= now && !this.busy.has(slot.token)) {
        this.deps.repo.deleteSlot(slot.token)
        removed++
      }
    }
    return removed
  }

  private lookup(token: string): UploadSlot | undefined {
    return typeof token === 'string' && TOKEN.test(token) ? this.deps.repo.slot(token) : undefined
  }

  /** Slots stored before expiry existed close the window after they were made. */
  private expiry(slot: UploadSlot): number {
    const at = slot.expiresAt === undefined ? Number.NaN : Date.parse(slot.expiresAt)
    if (Number.isFinite(at)) return at
    const created = Date.parse(slot.createdAt)
    return (Number.isFinite(created) ? created : 0) + this.deps.windowMs()
  }

  /** Below the per-station and overall counts before a new slot: the oldest idle ones are dropped. */
  private makeRoom(stationId: string): void {
    const all = this.deps.repo.slots().sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    const drop = (candidates: UploadSlot[], keep: number, what: string) => {
      let excess = candidates.length - (keep - 1)
      for (const slot of candidates) {
        if (excess <= 0) break
        if (this.busy.has(slot.token)) continue
        this.deps.repo.deleteSlot(slot.token)
        all.splice(all.indexOf(slot), 1)
        excess--
        this.deps.log(`Upload location of ${slot.stationId} made at ${slot.createdAt} dropped: ${what}`)
      }
    }
    drop(all.filter((slot) => slot.stationId === stationId), this.limits.perStation, `at most ${this.limits.perStation} open locations per station`)
    drop([...all], this.limits.total, `at most ${this.limits.total} open locations in all`)
  }
}
