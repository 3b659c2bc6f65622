/** The Reservation and Local Authorization List commands of the contract. */
import { Type } from 'typebox'
import type { AuthList, ListSend, Reservation, StationLocalList } from './auth-dto'
import type { CallTask } from './dto'
import type { AuthorizationData } from '../ocpp/payloads'

const StationId = Type.String({ minLength: 1, maxLength: 255, description: 'Charge point identity' })
const IsoTime = Type.String({ format: 'date-time' })
const IdTag = Type.String({ minLength: 1, maxLength: 20 })
const Entries = Type.Array(Type.Unknown(), { maxItems: 100_000, description: 'AuthorizationData[]: {idTag, idTagInfo?: {status, expiryDate?, parentIdTag?}}; checked against the OCPP schema' })

export const authCommandArgs = {
  reserveNow: Type.Object(
    {
      stationId: StationId,
      connectorId: Type.Integer({ description: '0 = any connector (needs ReserveConnectorZeroSupported)' }),
      idTag: IdTag,
      expiryDate: IsoTime,
      parentIdTag: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Null()], { description: "absent = the idTag's parent from the id-tag store; null = none" })),
      reservationId: Type.Optional(Type.Integer({ description: 'absent = a new id, never used before' })),
    },
    { additionalProperties: false },
  ),
  listReservations: Type.Object(
    {
      stationId: Type.Optional(StationId),
      /** Only these states; absent = all. */
      states: Type.Optional(Type.Array(Type.String({ maxLength: 20 }), { maxItems: 10 })),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })),
    },
    { additionalProperties: false },
  ),
  listAuthLists: Type.Object({}, { additionalProperties: false }),
  saveAuthList: Type.Object(
    { id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })), name: Type.String({ minLength: 1, maxLength: 100 }), note: Type.Optional(Type.String({ maxLength: 1000 })), entries: Entries },
    { additionalProperties: false },
  ),
  deleteAuthList: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }),
  authListFromIdTags: Type.Object(
    { idTags: Type.Optional(Type.Array(IdTag, { maxItems: 100_000, description: 'absent = every idTag in the store' })) },
    { additionalProperties: false, description: 'Entries built from the id-tag store (status, expiryDate, parentIdTag)' },
  ),
  importAuthListCsv: Type.Object({ csv: Type.String({ maxLength: 10_000_000 }) }, { additionalProperties: false }),
  exportAuthListCsv: Type.Object({ entries: Entries, name: Type.Optional(Type.String({ maxLength: 100 })) }, { additionalProperties: false }),
  sendLocalList: Type.Object(
    {
      stationIds: Type.Array(StationId, { minItems: 1, maxItems: 5000 }),
      /** The list to install: a library list or entries given here. */
      listId: Type.Optional(Type.String({ maxLength: 64 })),
      entries: Type.Optional(Entries),
      updateType: Type.Union([Type.Literal('Full'), Type.Literal('Differential')], {
        description: 'Full = replace; Differential = only the difference from what the station holds (removals as entries without idTagInfo)',
      }),
      /** Differential only: send these entries as they are instead of computing the difference. */
      asIs: Type.Optional(Type.Boolean()),
      listVersion: Type.Optional(Type.Integer({ description: 'absent = one above anything sent to or reported by the station; a typed one is sent as typed' })),
      /** Entries per SendLocalList; absent = the station's SendLocalListMaxLength, if known. */
      chunkSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
    },
    { additionalProperties: false },
  ),
  getStationLocalList: Type.Object({ stationId: StationId }, { additionalProperties: false }),
}

export interface AuthCommandResults {
  reserveNow: CallTask
  listReservations: Reservation[]
  listAuthLists: AuthList[]
  saveAuthList: { record: AuthList; warnings: string[] }
  deleteAuthList: { deleted: true }
  authListFromIdTags: { entries: AuthorizationData[]; warnings: string[] }
  importAuthListCsv: { entries: AuthorizationData[]; errors: { row: number; message: string }[] }
  exportAuthListCsv: { fileName: string; content: string; count: number }
  sendLocalList: { sends: ListSend[] }
  getStationLocalList: StationLocalList
}

export const authCommandDescriptions: Record<keyof AuthCommandResults, string> = {
  reserveNow: 'ReserveNow on any connector (0 too): reservationId allocated unless given, parentIdTag from the id-tag store unless given; the reservation is tracked to its end',
  listReservations: 'Reservations, newest first, with their state (requested, active, used, expired, cancelled, ended, replaced, rejected, failed)',
  listAuthLists: 'The local authorization list library',
  saveAuthList: 'Create or replace a library list; refused only when an entry breaks the OCPP schema',
  deleteAuthList: 'Remove a library list (lists already sent stay on the stations)',
  authListFromIdTags: 'List entries built from the id-tag store (all, or the idTags given)',
  importAuthListCsv: 'Parse list entries from CSV (idTag,status,expiryDate,parentIdTag; no status = remove in a Differential)',
  exportAuthListCsv: 'List entries as CSV',
  sendLocalList: 'SendLocalList to many stations: Full or Differential (computed from what each station holds), chunked by SendLocalListMaxLength, versions that only increase',
  getStationLocalList: 'The list version and content the CSMS believes a station holds, its last reported version (mismatch flagged), its limits and every list sent',
}
