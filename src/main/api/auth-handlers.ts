/** The Reservation and Local Authorization List commands of the contract. */
import type { AuthCommandResults } from '@shared/contract/auth-commands'
import type { CommandArgs } from '@shared/contract/commands'
import { ListSchemaError, ListVersionError, UnknownListError, type LocalListService } from '../services/local-list/local-list-service'
import { exportListCsv, parseListCsv } from '../services/local-list/list-csv'
import type { ReservationService } from '../services/reservations/reservation-service'
import { ApiError } from './api-error'

type AuthCommand = keyof AuthCommandResults

function mapped<T>(fn: () => T | Promise<T>): Promise<T> {
  return Promise.resolve()
    .then(fn)
    .catch((error: unknown) => {
      if (error instanceof ListSchemaError) throw new ApiError('BadRequest', error.message, error.violations)
      if (error instanceof UnknownListError) throw new ApiError('NotFound', error.message)
      if (error instanceof ListVersionError) throw new ApiError('BadRequest', error.message)
      throw error
    })
}

export function createAuthHandlers(
  reservations: ReservationService,
  lists: LocalListService,
  stationKnown: (stationId: string) => boolean,
): { [C in AuthCommand]: (args: CommandArgs<C>) => Promise<AuthCommandResults[C]> } {
  const known = (stationId: string) => {
    if (!stationKnown(stationId)) throw new ApiError('NotFound', `No charge point "${stationId}" is known to this Central System`)
  }
  return {
    reserveNow: (args) =>
      mapped(() => {
        known(args.stationId)
        return reservations.reserve(args)
      }),
    listReservations: async (args) => reservations.list(args),
    listAuthLists: async () => lists.lists(),
    saveAuthList: (args) => mapped(() => lists.saveList(args)),
    deleteAuthList: (args) =>
      mapped(() => {
        lists.deleteList(args.id)
        return { deleted: true as const }
      }),
    authListFromIdTags: async (args) => lists.fromIdTags(args.idTags),
    importAuthListCsv: async ({ csv }) => parseListCsv(csv),
    exportAuthListCsv: (args) =>
      mapped(() => {
        const stamp = new Date().toISOString().replace(/[:.]/g, '-')
        const name = (args.name ?? 'local-list').replace(/[^\w.-]+/g, '_')
        // Entries the client made up: checked like a list to send, so a wrong one is a 400 that names it.
        return { fileName: `${name}-${stamp}.csv`, content: exportListCsv(lists.checked(args.entries)), count: args.entries.length }
      }),
    sendLocalList: (args) =>
      mapped(() => {
        for (const stationId of args.stationIds) known(stationId)
        if (args.listId === undefined && args.entries === undefined) throw new ApiError('BadRequest', 'Give the list to send: listId (from the library) or entries')
        return lists.send(args)
      }),
    getStationLocalList: (args) =>
      mapped(() => {
        known(args.stationId)
        return lists.stationView(args.stationId)
      }),
  }
}
