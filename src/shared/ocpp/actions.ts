/** The 28 OCPP 1.6 actions, by who sends the CALL. DataTransfer goes both ways. */
export const CP_TO_CS_ACTIONS = [
  'Authorize',
  'BootNotification',
  'DataTransfer',
  'DiagnosticsStatusNotification',
  'FirmwareStatusNotification',
  'Heartbeat',
  'MeterValues',
  'StartTransaction',
  'StatusNotification',
  'StopTransaction',
] as const

export const CS_TO_CP_ACTIONS = [
  'CancelReservation',
  'ChangeAvailability',
  'ChangeConfiguration',
  'ClearCache',
  'ClearChargingProfile',
  'DataTransfer',
  'GetCompositeSchedule',
  'GetConfiguration',
  'GetDiagnostics',
  'GetLocalListVersion',
  'RemoteStartTransaction',
  'RemoteStopTransaction',
  'ReserveNow',
  'Reset',
  'SendLocalList',
  'SetChargingProfile',
  'TriggerMessage',
  'UnlockConnector',
  'UpdateFirmware',
] as const

export type CpToCsAction = (typeof CP_TO_CS_ACTIONS)[number]
export type CsToCpAction = (typeof CS_TO_CP_ACTIONS)[number]
export type OcppAction = CpToCsAction | CsToCpAction

export const ALL_ACTIONS: readonly OcppAction[] = [...new Set<OcppAction>([...CP_TO_CS_ACTIONS, ...CS_TO_CP_ACTIONS])].sort()

export function isOcppAction(value: unknown): value is OcppAction {
  return typeof value === 'string' && (ALL_ACTIONS as readonly string[]).includes(value)
}
export function isCpToCsAction(value: unknown): value is CpToCsAction {
  return typeof value === 'string' && (CP_TO_CS_ACTIONS as readonly string[]).includes(value)
}
export function isCsToCpAction(value: unknown): value is CsToCpAction {
  return typeof value === 'string' && (CS_TO_CP_ACTIONS as readonly string[]).includes(value)
}
