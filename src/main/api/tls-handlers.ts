/** The wss:// endpoint's commands of the contract. */
import type { CommandArgs } from '@shared/contract/commands'
import type { TlsCommandResults } from '@shared/contract/tls-commands'
import type { TlsStatus } from '@shared/contract/tls-dto'
import { TlsUnavailableError, TlsWriteError } from '../services/tls/tls-service'
import { ApiError } from './api-error'

type TlsCommand = keyof TlsCommandResults

export interface TlsApiDeps {
  /** The status with this PC's addresses checked now. */
  status(): TlsStatus
  regenerate(): Promise<TlsStatus>
}

export function createTlsHandlers(tls: TlsApiDeps): { [C in TlsCommand]: (args: CommandArgs<C>) => Promise<TlsCommandResults[C]> } {
  return {
    getTlsStatus: async () => tls.status(),
    regenerateTlsCertificates: async () => {
      try {
        return await tls.regenerate()
      } catch (error) {
        if (error instanceof TlsUnavailableError) throw new ApiError('Conflict', error.message)
        if (error instanceof TlsWriteError) throw new ApiError('Unavailable', error.message)
        throw error
      }
    },
  }
}
