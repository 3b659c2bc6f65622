import type { CsToCpAction } from '@shared/ocpp/actions'

/**
 * Starting points for the raw call composer: plain sample text the user edits before sending.
 * Main checks whatever is sent against the schema; nothing here is validated or interpreted.
 */
export function payloadExample(action: string, now = new Date()): unknown {
  const inOneHour = new Date(now.getTime() + 3_600_000).toISOString()
  const examples: Record<CsToCpAction, unknown> = {
    CancelReservation: { reservationId: 1 },
    ChangeAvailability: { connectorId: 0, type: 'Inoperative' },
    ChangeConfiguration: { key: 'HeartbeatInterval', value: '300' },
    ClearCache: {},
    ClearChargingProfile: {},
    DataTransfer: { vendorId: 'com.example', messageId: 'Test', data: 'hello' },
    GetCompositeSchedule: { connectorId: 1, duration: 3600, chargingRateUnit: 'W' },
    GetConfiguration: {},
    GetDiagnostics: { location: 'ftp://user:password@host/diagnostics/' },
    GetLocalListVersion: {},
    RemoteStartTransaction: { connectorId: 1, idTag: 'TAG0001' },
    RemoteStopTransaction: { transactionId: 1 },
    ReserveNow: { connectorId: 1, expiryDate: inOneHour, idTag: 'TAG0001', reservationId: 1 },
    Reset: { type: 'Soft' },
    SendLocalList: {
      listVersion: 1,
      updateType: 'Full',
      localAuthorizationList: [{ idTag: 'TAG0001', idTagInfo: { status: 'Accepted' } }],
    },
    SetChargingProfile: {
      connectorId: 1,
      csChargingProfiles: {
        chargingProfileId: 1,
        stackLevel: 0,
        chargingProfilePurpose: 'TxDefaultProfile',
        chargingProfileKind: 'Relative',
        chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] },
      },
    },
    TriggerMessage: { requestedMessage: 'StatusNotification', connectorId: 1 },
    UnlockConnector: { connectorId: 1 },
    UpdateFirmware: { location: 'http://host/firmware.bin', retrieveDate: now.toISOString() },
  }
  return (examples as Record<string, unknown>)[action] ?? {}
}
