/**
 * What a profile handler sees (DESIGN rule 4): plain `async (ctx, request) => response` functions,
 * joined by profiles/index.ts into a table keyed by action that the compiler checks for completeness.
 */
import type { ConnectorStatus, RegistrationStatus } from '@shared/contract/dto'
import type { CpToCsAction } from '@shared/ocpp/actions'
import type { OcppRequest, OcppResponse } from '@shared/ocpp/payloads'
import type { DataTransferRegistry } from '../services/data-transfer-registry'
import type { IdTagService } from '../services/id-tag-service'
import type { StationService } from '../services/station-service'
import type { TransactionService } from '../services/transaction-service'

export interface ProfileServices {
  stations: StationService
  dataTransfer: DataTransferRegistry
  idTags: IdTagService
  transactions: TransactionService
  /** Durable history of every StatusNotification. */
  statusHistory: { append(stationId: string, status: ConnectorStatus): Promise<void> }
  /** Whether a (Pending) station was triggered to send this action (TriggerMessage accepted). */
  triggered?(stationId: string, action: string): boolean
  /** A StatusNotification was kept (reservations end when their connector goes Faulted or Unavailable). */
  statusObserved?(stationId: string, status: ConnectorStatus): void
  /** A FirmwareStatusNotification or DiagnosticsStatusNotification arrived. */
  fileStatusNotified?(stationId: string, kind: 'firmware' | 'diagnostics', status: string): void
  /** Every CALL a station sent, once answered (to link what a TriggerMessage asked for). */
  callAnswered?(stationId: string, action: string, payload: unknown, messageId: string): void
  /** Called once a BootNotification has been answered (for follow-ups the settings allow). */
  afterBoot?(stationId: string, status: RegistrationStatus): void
}

export interface HandlerContext {
  stationId: string
  messageId: string
  services: ProfileServices
}

export type Handler<A extends CpToCsAction> = (ctx: HandlerContext, request: OcppRequest<A>) => Promise<OcppResponse<A>>

export type HandlerTable = { [A in CpToCsAction]: Handler<A> }
