/**
 * StatusNotification rules (OCPP 1.6 §4.9, §7.7; errata 3.19/3.20): what is kept about a connector and
 * the oddities worth showing. Oddities are warnings, never errors: the CSMS always answers `{}`.
 */
import type { ConnectorStatus } from '@shared/contract/dto'
import type { OcppRequest } from '@shared/ocpp/payloads'
import { boundedStatusText, clip } from './station-strings'

export type StatusNotification = OcppRequest<'StatusNotification'>

/** The statuses connector 0 (the charge point itself) may report. */
export const CONNECTOR_ZERO_STATUSES: readonly string[] = ['Available', 'Unavailable', 'Faulted']

/** Connectors tracked per station (their current status in the station record); more are kept in the history only. */
export const MAX_TRACKED_CONNECTORS = 128

/** A timestamp this far ahead of the time of receipt is reported (clock not synchronised). */
export const FUTURE_TOLERANCE_MS = 5 * 60_000

/** Warning-level error codes the spec expects with a working connector (§7.6). */
const WARNING_ONLY_CODES: readonly string[] = ['EVCommunicationError']

export function statusWarnings(request: StatusNotification, receivedAtMs: number): string[] {
  const warnings: string[] = []
  if (request.connectorId === 0 && !CONNECTOR_ZERO_STATUSES.includes(request.status)) {
    warnings.push(`Connector 0 (the charge point) reported ${request.status}; it may only use Available, Unavailable or Faulted`)
  }
  if (request.errorCode !== 'NoError' && request.status !== 'Faulted' && !WARNING_ONLY_CODES.includes(request.errorCode)) {
    warnings.push(`Error ${request.errorCode} reported while ${request.status} (not Faulted): a warning condition, the connector stays usable`)
  }
  if (request.timestamp !== undefined) {
    const ms = Date.parse(request.timestamp)
    if (!Number.isFinite(ms)) warnings.push(`The timestamp "${clip(String(request.timestamp), 64)}" is not a valid time`)
    else if (ms - receivedAtMs > FUTURE_TOLERANCE_MS) {
      warnings.push(`The timestamp ${request.timestamp} is ${Math.round((ms - receivedAtMs) / 1000)} s in the future: is the station's clock set?`)
    }
  }
  return warnings
}

/** What the CSMS keeps of one StatusNotification. */
export function toConnectorStatus(request: StatusNotification, receivedAt: string): ConnectorStatus {
  const status: ConnectorStatus = { connectorId: request.connectorId, status: request.status, errorCode: request.errorCode, receivedAt }
  // Cut to the schema's lengths: a lenient CSMS accepts longer text but keeps only this much.
  if (request.info !== undefined) status.info = boundedStatusText(request.info, 'info')
  if (request.vendorId !== undefined) status.vendorId = boundedStatusText(request.vendorId, 'vendorId')
  if (request.vendorErrorCode !== undefined) status.vendorErrorCode = boundedStatusText(request.vendorErrorCode, 'vendorErrorCode')
  if (request.timestamp !== undefined) status.timestamp = clip(String(request.timestamp), 64)
  const warnings = statusWarnings(request, Date.parse(receivedAt))
  if (warnings.length > 0) status.warnings = warnings
  return status
}
