/**
 * "Uploaded" without a file: when a station reports DiagnosticsStatusNotification Uploaded for a
 * GetDiagnostics whose location the built-in receivers made, the file must have arrived there. It
 * may land just after the notification, so the check runs a grace period later (again while an
 * upload to that location is still under way); if no file came, the request is flagged with what to
 * check. Locations the CSMS did not make (typed ones) are not judged.
 */
import type { DiagnosticsRequest } from '@shared/contract/files-dto'

export interface UploadWatchDeps {
  /**
   * The upload token of the location the built-in receivers made for the GetDiagnostics task, if
   * they made it (the stored location is masked: the token is a secret, so it is not read from it).
   */
  tokenFor(taskId: string): string | undefined
  /** Whether an upload to the location of `token` is running right now. */
  inProgress(token: string): boolean
  /** What to check when no file came to `location`. */
  advice(location: string): string
  /** The request as it is now (undefined once it left the history). */
  request(stationId: string, taskId: string): DiagnosticsRequest | undefined
  flag(stationId: string, taskId: string, note: string): void
  graceMs: number
  schedule(run: () => void, delayMs: number): () => void
}

/** Checks again while an upload is still running, at most this many times. */
const MAX_RECHECKS = 20

export class UploadWatch {
  private readonly pending = new Map<string, () => void>()

  constructor(private readonly deps: UploadWatchDeps) {}

  /** The station said Uploaded for `request`. */
  uploaded(stationId: string, request: DiagnosticsRequest): void {
    const token = this.deps.tokenFor(request.taskId)
    if (!token || request.uploadId) return
    this.later(stationId, request.taskId, token, 0)
  }

  stop(): void {
    for (const cancel of this.pending.values()) cancel()
    this.pending.clear()
  }

  private later(stationId: string, taskId: string, token: string, rechecks: number): void {
    const key = `${stationId}\u0000${taskId}`
    this.pending.get(key)?.()
    this.pending.set(
      key,
      this.deps.schedule(() => {
        this.pending.delete(key)
        this.check(stationId, taskId, token, rechecks)
      }, this.deps.graceMs),
    )
  }

  private check(stationId: string, taskId: string, token: string, rechecks: number): void {
    const request = this.deps.request(stationId, taskId)
    if (!request || request.uploadId) return
    if (this.deps.inProgress(token) && rechecks < MAX_RECHECKS) return this.later(stationId, taskId, token, rechecks + 1)
    const seconds = Math.round(this.deps.graceMs / 1000)
    this.deps.flag(stationId, taskId, `The station reported Uploaded, but no file arrived at the location made for this request${seconds > 0 ? ` within ${seconds} s` : ''}. ${this.deps.advice(request.location)}`)
  }
}
