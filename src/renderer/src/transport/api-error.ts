import type { ApiErrorCode } from '@shared/contract'

/** Codes the renderer itself produces, besides the ones main answers with. */
export type ClientErrorCode = 'NetworkError' | 'BadResponse'

/** A command that failed: main refused it, or the API could not be reached. */
export class ApiError extends Error {
  override readonly name = 'ApiError'
  constructor(
    readonly code: ApiErrorCode | ClientErrorCode | (string & {}),
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
  }
}

/** A message a person can act on, whatever was thrown. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message
  if (err instanceof Error) return err.message
  return String(err)
}
