/** The Smart Charging commands of the contract, over the ChargingService. */
import type { ChargingCommandResults } from '@shared/contract/charging-commands'
import type { CommandArgs } from '@shared/contract/commands'
import { ProfileSchemaError, UnknownLibraryProfileError, type ChargingService } from '../services/smart-charging/charging-service'
import { ApiError } from './api-error'

type ChargingCommand = keyof ChargingCommandResults

function mapped<T>(fn: () => T | Promise<T>): Promise<T> {
  return Promise.resolve()
    .then(fn)
    .catch((error: unknown) => {
      if (error instanceof ProfileSchemaError) throw new ApiError('BadRequest', error.message, error.violations)
      if (error instanceof UnknownLibraryProfileError) throw new ApiError('NotFound', error.message)
      throw error
    })
}

export function createChargingHandlers(
  charging: ChargingService,
  stationKnown: (stationId: string) => boolean,
): { [C in ChargingCommand]: (args: CommandArgs<C>) => Promise<ChargingCommandResults[C]> } {
  const known = (stationId: string) => {
    if (!stationKnown(stationId)) throw new ApiError('NotFound', `No charge point "${stationId}" is known to this Central System`)
  }
  return {
    listChargingProfiles: async () => charging.library(),
    saveChargingProfile: (args) => mapped(() => charging.saveLibraryProfile(args)),
    deleteChargingProfile: (args) =>
      mapped(() => {
        charging.deleteLibraryProfile(args.id)
        return { deleted: true as const }
      }),
    checkChargingProfile: (args) =>
      mapped(() => {
        if (args.stationId) known(args.stationId)
        return charging.check(args.profile, args)
      }),
    previewChargingProfile: (args) => mapped(() => charging.preview(args.profile, args)),
    sendChargingProfile: (args) =>
      mapped(() => {
        for (const target of args.targets) known(target.stationId)
        return charging.send(args)
      }),
    getChargingView: (args) =>
      mapped(() => {
        known(args.stationId)
        return charging.view(args.stationId, args)
      }),
    newChargingProfileId: async () => ({ chargingProfileId: await charging.newProfileId() }),
    forgetInstalledProfiles: (args) =>
      mapped(() => {
        known(args.stationId)
        charging.forget(args.stationId, args.connectorId)
        return charging.view(args.stationId)
      }),
  }
}
