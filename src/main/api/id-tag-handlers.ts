/** The idTag commands of the contract, over the IdTagService. */
import type { CommandArgs, CommandResult } from '@shared/contract/commands'
import { IdTagValidationError, type IdTagService } from '../services/id-tag-service'
import { ApiError } from './api-error'

type IdTagCommand = 'listIdTags' | 'upsertIdTag' | 'deleteIdTag' | 'importIdTagsCsv' | 'exportIdTagsCsv'

export function createIdTagHandlers(idTags: IdTagService): { [C in IdTagCommand]: (args: CommandArgs<C>) => Promise<CommandResult<C>> } {
  return {
    listIdTags: async () => idTags.list(),
    upsertIdTag: async (args) => {
      try {
        return idTags.upsert(args)
      } catch (error) {
        if (error instanceof IdTagValidationError) throw new ApiError('BadRequest', error.message)
        throw error
      }
    },
    deleteIdTag: async ({ idTag }) => {
      if (!idTags.remove(idTag)) throw new ApiError('NotFound', `No idTag "${idTag}" is known to this Central System`)
      return { deleted: true }
    },
    importIdTagsCsv: async ({ csv }) => idTags.importCsv(csv),
    exportIdTagsCsv: async () => {
      const stamp = new Date().toISOString().replace(/[:.]/g, '-')
      return { fileName: `id-tags-${stamp}.csv`, content: idTags.exportCsv(), count: idTags.list().length }
    },
  }
}
