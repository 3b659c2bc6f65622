/**
 * Every operation form the Operations card offers. A new feature profile adds its forms here and
 * nowhere else: each entry's component takes OperationFormProps and renders its own OperationSender.
 */
import type { Component } from 'vue'
import type { SelectGroupOption } from 'naive-ui'
import type { CsToCpAction } from '@shared/ocpp/actions'
import ChangeAvailabilityForm from './core/ChangeAvailabilityForm.vue'
import ChangeConfigurationForm from './core/ChangeConfigurationForm.vue'
import ClearCacheForm from './core/ClearCacheForm.vue'
import DataTransferForm from './core/DataTransferForm.vue'
import GetConfigurationForm from './core/GetConfigurationForm.vue'
import RemoteStartTransactionForm from './core/RemoteStartTransactionForm.vue'
import RemoteStopTransactionForm from './core/RemoteStopTransactionForm.vue'
import ResetForm from './core/ResetForm.vue'
import UnlockConnectorForm from './core/UnlockConnectorForm.vue'
import ClearChargingProfileForm from './smart-charging/ClearChargingProfileForm.vue'
import GetCompositeScheduleForm from './smart-charging/GetCompositeScheduleForm.vue'
import SetChargingProfileForm from './smart-charging/SetChargingProfileForm.vue'
import GetLocalListVersionForm from './local-auth-list/GetLocalListVersionForm.vue'
import SendLocalListForm from './local-auth-list/SendLocalListForm.vue'
import CancelReservationForm from './reservation/CancelReservationForm.vue'
import ReserveNowForm from './reservation/ReserveNowForm.vue'
import GetDiagnosticsForm from './firmware/GetDiagnosticsForm.vue'
import UpdateFirmwareForm from './firmware/UpdateFirmwareForm.vue'
import TriggerMessageForm from './remote-trigger/TriggerMessageForm.vue'

/** OCPP 1.6 feature profiles, in the order the selector groups them. */
export const OPERATION_PROFILES = ['Core', 'Smart Charging', 'Reservation', 'Local Auth List', 'Firmware Management', 'Remote Trigger'] as const
export type OperationProfile = (typeof OPERATION_PROFILES)[number]

export interface OperationEntry {
  action: CsToCpAction
  profile: OperationProfile
  label: string
  /** One line on what it does, shown above the form. */
  hint: string
  /** Takes OperationFormProps (stationId, online, prefill). */
  component: Component
}

export const OPERATIONS: readonly OperationEntry[] = [
  { action: 'RemoteStartTransaction', profile: 'Core', label: 'Remote start', hint: 'Ask the station to start a transaction for an idTag.', component: RemoteStartTransactionForm },
  { action: 'RemoteStopTransaction', profile: 'Core', label: 'Remote stop', hint: 'Ask the station to stop a transaction by its id.', component: RemoteStopTransactionForm },
  { action: 'Reset', profile: 'Core', label: 'Reset', hint: 'Soft or hard restart of the station.', component: ResetForm },
  { action: 'UnlockConnector', profile: 'Core', label: 'Unlock connector', hint: 'Release the cable lock of a connector.', component: UnlockConnectorForm },
  { action: 'ChangeAvailability', profile: 'Core', label: 'Change availability', hint: 'Make the station (connector 0) or one connector Operative or Inoperative.', component: ChangeAvailabilityForm },
  { action: 'ChangeConfiguration', profile: 'Core', label: 'Change configuration', hint: 'Set one configuration key to a value.', component: ChangeConfigurationForm },
  { action: 'GetConfiguration', profile: 'Core', label: 'Get configuration', hint: 'Read all keys, or the keys listed.', component: GetConfigurationForm },
  { action: 'ClearCache', profile: 'Core', label: 'Clear cache', hint: 'Empty the station’s authorization cache.', component: ClearCacheForm },
  { action: 'DataTransfer', profile: 'Core', label: 'Data transfer', hint: 'Send vendor-specific data.', component: DataTransferForm },
  {
    action: 'SetChargingProfile',
    profile: 'Smart Charging',
    label: 'Set charging profile',
    hint: 'Install a profile (library or JSON) on a connector; the CSMS allocates its id and follows what the station holds.',
    component: SetChargingProfileForm,
  },
  {
    action: 'ClearChargingProfile',
    profile: 'Smart Charging',
    label: 'Clear charging profile',
    hint: 'Remove profiles by id, by criteria, or all of them.',
    component: ClearChargingProfileForm,
  },
  {
    action: 'GetCompositeSchedule',
    profile: 'Smart Charging',
    label: 'Get composite schedule',
    hint: 'Ask what the station will apply on a connector; the Smart charging tab compares it with what the CSMS expects.',
    component: GetCompositeScheduleForm,
  },
  {
    action: 'ReserveNow',
    profile: 'Reservation',
    label: 'Reserve now',
    hint: 'Reserve a connector (0 = any) for an idTag until a time; the CSMS allocates the reservationId, fills parentIdTag from the id-tag store and follows the reservation.',
    component: ReserveNowForm,
  },
  {
    action: 'CancelReservation',
    profile: 'Reservation',
    label: 'Cancel reservation',
    hint: 'Cancel a reservation by its id; any id can be sent (the station answers Rejected for one it does not hold).',
    component: CancelReservationForm,
  },
  {
    action: 'SendLocalList',
    profile: 'Local Auth List',
    label: 'Send local list',
    hint: 'Install a library list (Full, or the Differential the CSMS computes from what the station holds); chunked by SendLocalListMaxLength, versions allocated unless typed.',
    component: SendLocalListForm,
  },
  {
    action: 'GetLocalListVersion',
    profile: 'Local Auth List',
    label: 'Get local list version',
    hint: 'Ask which list version the station holds (-1 = not supported, 0 = empty); compared with the version the CSMS expects.',
    component: GetLocalListVersionForm,
  },
  {
    action: 'UpdateFirmware',
    profile: 'Firmware Management',
    label: 'Update firmware',
    hint: 'Have the station download a firmware (a file hosted here or any location) from retrieveDate on and install it; its FirmwareStatusNotifications are followed below.',
    component: UpdateFirmwareForm,
  },
  {
    action: 'GetDiagnostics',
    profile: 'Firmware Management',
    label: 'Get diagnostics',
    hint: 'Have the station upload a diagnostics file to a receiver of this PC (FTP, HTTP PUT or POST) or any location; the upload statuses and the file that arrives are shown below.',
    component: GetDiagnosticsForm,
  },
  {
    action: 'TriggerMessage',
    profile: 'Remote Trigger',
    label: 'Trigger message',
    hint: 'Ask the station to send a message now (after its answer); any connectorId can be sent, and what the station sends is shown under the answer.',
    component: TriggerMessageForm,
  },
]

/** Which form to open, and its initial values (e.g. the configuration table opening ChangeConfiguration for a key). */
export interface OperationRequest {
  action: string
  prefill?: Record<string, unknown>
}

export function findOperation(action: string): OperationEntry | undefined {
  return OPERATIONS.find((op) => op.action === action)
}

/** Options for the selector: one group per profile that has forms, in profile order. */
export function operationSelectOptions(operations: readonly OperationEntry[] = OPERATIONS): SelectGroupOption[] {
  return OPERATION_PROFILES.map((profile) => ({
    type: 'group' as const,
    key: profile,
    label: profile,
    children: operations.filter((op) => op.profile === profile).map((op) => ({ label: op.action, value: op.action })),
  })).filter((group) => group.children.length > 0)
}
