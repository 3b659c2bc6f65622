import type { ApiErrorCode } from '@shared/contract/commands'

/** A failure a client should see as `{ error: { code, message, details } }`. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}
