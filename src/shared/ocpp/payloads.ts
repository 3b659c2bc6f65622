/**
 * OCPP 1.6 payload types, generated from the project's schemas (DESIGN rule 5), plus helpers that
 * pick a payload type by action: `OcppRequest<'BootNotification'>`, `OcppResponse<'Heartbeat'>`.
 */
import type { OcppAction } from './actions'
import type { OcppRequests, OcppResponses } from './payloads.generated'

export type * from './payloads.generated'

/** The CALL payload of an action. */
export type OcppRequest<A extends OcppAction> = OcppRequests[A]
/** The CALLRESULT payload of an action. */
export type OcppResponse<A extends OcppAction> = OcppResponses[A]
