/**
 * Errors of the domain and storage layers that are not the client's fault but still have an answer
 * a person can act on (issue 18 §4). Everything not named here is answered as an internal error
 * (500 with an id, nothing of its text).
 */
import { StorageError } from '../storage/storage-logger'
import { internalErrorId } from '../util/internal-error'
import { ApiError } from './api-error'

/** `error` as the ApiError a client should get, or undefined when it is an internal error. */
export function domainApiError(error: unknown, log: (line: string) => void): ApiError | undefined {
  if (error instanceof StorageError) {
    // The storage's own words name files of the data folder: they go to the log, under an id.
    if (error.code === 'INVALID_QUERY') return new ApiError('BadRequest', error.message)
    const id = internalErrorId(error, 'the data folder', log)
    if (error.code === 'JOURNAL_CLOSED' || error.code === 'STORE_CLOSED') return new ApiError('Unavailable', `The Central System is shutting down and no longer saves changes (id ${id}); try again once it has started.`)
    return new ApiError('Unavailable', `The Central System could not save to its data folder (id ${id}): the disk may be full or no longer writable. Check the data folder and the log under this id, then try again.`)
  }
  return undefined
}
