/** The Smart Charging commands of the contract: argument schemas, results and descriptions. */
import { Type } from 'typebox'
import type { LibraryProfile, ProfileCheck, ProfilePreview, SendProfileResult, StationChargingView } from './charging-dto'

const StationId = Type.String({ minLength: 1, maxLength: 255, description: 'Charge point identity' })
const IsoTime = Type.String({ format: 'date-time' })
const Unit = Type.Union([Type.Literal('A'), Type.Literal('W')])
const Profile = Type.Unknown({ description: 'A ChargingProfile (chargingProfileId may be left out in the library); checked against the OCPP 1.6 schema' })
const Duration = Type.Integer({ minimum: 1, maximum: 31 * 86_400, description: 'seconds' })

export const chargingCommandArgs = {
  listChargingProfiles: Type.Object({}, { additionalProperties: false }),
  saveChargingProfile: Type.Object(
    {
      id: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'absent = a new library entry' })),
      name: Type.String({ minLength: 1, maxLength: 100 }),
      note: Type.Optional(Type.String({ maxLength: 1000 })),
      profile: Profile,
    },
    { additionalProperties: false },
  ),
  deleteChargingProfile: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }),
  checkChargingProfile: Type.Object(
    {
      profile: Profile,
      stationId: Type.Optional(StationId),
      connectorId: Type.Optional(Type.Integer()),
      /** RemoteStartTransaction carries a TxProfile without transactionId; SetChargingProfile the rest. */
      usage: Type.Optional(Type.Union([Type.Literal('SetChargingProfile'), Type.Literal('RemoteStartTransaction'), Type.Literal('library')])),
    },
    { additionalProperties: false },
  ),
  previewChargingProfile: Type.Object(
    {
      profile: Profile,
      from: Type.Optional(IsoTime),
      duration: Type.Optional(Duration),
      /** When a Relative or TxProfile schedule would start (default: from). */
      transactionStart: Type.Optional(IsoTime),
      chargingRateUnit: Type.Optional(Unit),
    },
    { additionalProperties: false },
  ),
  sendChargingProfile: Type.Object(
    {
      targets: Type.Array(Type.Object({ stationId: StationId, connectorId: Type.Integer() }, { additionalProperties: false }), { minItems: 1, maxItems: 5000 }),
      profile: Profile,
      libraryId: Type.Optional(Type.String({ maxLength: 64 })),
      chargingProfileId: Type.Optional(Type.Integer({ description: "absent = the profile's own chargingProfileId if it has one, else a new id per target, never used before" })),
      transactionId: Type.Optional(
        Type.Union([Type.Integer(), Type.Literal('running'), Type.Null()], {
          description: "TxProfile: a transaction id as typed, 'running' = each target connector's running transaction, null = none; absent = as in the profile",
        }),
      ),
      anchorNow: Type.Optional(Type.Boolean({ description: 'Move startSchedule to the moment of sending, validFrom/validTo by the same amount' })),
    },
    { additionalProperties: false },
  ),
  getChargingView: Type.Object(
    {
      stationId: StationId,
      from: Type.Optional(IsoTime),
      duration: Type.Optional(Duration),
      chargingRateUnit: Type.Optional(Unit),
    },
    { additionalProperties: false },
  ),
  newChargingProfileId: Type.Object({}, { additionalProperties: false, description: 'A chargingProfileId never handed out before (e.g. for a RemoteStartTransaction profile)' }),
  forgetInstalledProfiles: Type.Object(
    { stationId: StationId, connectorId: Type.Optional(Type.Integer({ minimum: 0 })) },
    { additionalProperties: false, description: 'The CSMS forgets what it believes the station holds (e.g. after a factory reset); nothing is sent' },
  ),
}

export interface ChargingCommandResults {
  listChargingProfiles: LibraryProfile[]
  saveChargingProfile: { record: LibraryProfile; warnings: string[] }
  deleteChargingProfile: { deleted: true }
  checkChargingProfile: ProfileCheck
  previewChargingProfile: ProfilePreview
  sendChargingProfile: SendProfileResult
  getChargingView: StationChargingView
  newChargingProfileId: { chargingProfileId: number }
  forgetInstalledProfiles: StationChargingView
}

export const chargingCommandDescriptions: Record<keyof ChargingCommandResults, string> = {
  listChargingProfiles: 'The charging profile library',
  saveChargingProfile: 'Create or replace a library profile; refused only when it breaks the OCPP schema, warnings otherwise',
  deleteChargingProfile: 'Remove a library profile (profiles already sent stay on the stations)',
  checkChargingProfile: 'Schema violations and OCPP 1.6 / station-limit warnings for a profile, before saving or sending',
  previewChargingProfile: 'A profile’s own limits over time (recurrence and relative start applied), for the editor',
  sendChargingProfile: 'SetChargingProfile to one or many stations/connectors: one task each, chargingProfileId allocated unless given',
  getChargingView: 'Per connector: the installed profile stack, the composite the CSMS computes, the one the station reported, and their differences',
  newChargingProfileId: 'Allocate a chargingProfileId never handed out before (for a RemoteStartTransaction profile, or to type into a form)',
  forgetInstalledProfiles: 'Forget the profiles the CSMS believes a station (or one connector) holds, without sending anything',
}
