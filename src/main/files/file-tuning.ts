/**
 * Time-related knobs of the file receivers that tests (and only tests) replace: the clock upload
 * locations expire by, the inactivity limit of uploads in milliseconds, and how the check for an
 * "Uploaded" without a file is scheduled. The app itself runs with the defaults and the settings.
 */
export interface FileTuning {
  /** The clock upload locations expire by (default Date.now). */
  now?: () => number
  /** Overrides settings files.uploadIdleSec: an upload with no byte for this long is cut. */
  uploadIdleMs?: number
  /** How long after "Uploaded" the file may still land before the request is flagged (default 15 s). */
  uploadMissingGraceMs?: number
  /** How that check is scheduled (default setTimeout); returns a cancel function. */
  schedule?: (run: () => void, delayMs: number) => () => void
}

export const DEFAULT_UPLOAD_MISSING_GRACE_MS = 15_000

export function defaultSchedule(run: () => void, delayMs: number): () => void {
  const timer = setTimeout(run, delayMs)
  timer.unref?.()
  return () => clearTimeout(timer)
}
