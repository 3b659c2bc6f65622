/** Where the storage layer reports what it repaired or could not do. */
export interface StorageLogger {
  warn(message: string): void
  error(message: string): void
}

export const consoleStorageLogger: StorageLogger = {
  warn: (message) => console.warn(`[storage] ${message}`),
  error: (message) => console.error(`[storage] ${message}`),
}

export type StorageErrorCode =
  | 'DATA_DIR_UNUSABLE'
  | 'DATA_DIR_LOCKED'
  | 'JOURNAL_CLOSED'
  | 'JOURNAL_BACKLOG'
  | 'JOURNAL_FAILED'
  | 'STORE_CLOSED'
  | 'INVALID_QUERY'

/** A non-protocol failure of the storage layer: a string code and a message a person can act on. */
export class StorageError extends Error {
  constructor(
    readonly code: StorageErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
    this.name = 'StorageError'
  }
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
