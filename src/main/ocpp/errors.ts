import type { OcppErrorCode } from '@shared/ocpp/error-codes'

/**
 * The one OCPP error type. A handler throws it to answer a CALL with a CALLERROR; any other error a
 * handler throws is answered as InternalError.
 */
export class OcppError extends Error {
  constructor(
    readonly code: OcppErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message)
    this.name = 'OcppError'
  }
}

export function isOcppError(error: unknown): error is OcppError {
  return error instanceof OcppError
}
