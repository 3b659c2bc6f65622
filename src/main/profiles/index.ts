/**
 * The routing table: one handler per CP→CS action. The `HandlerTable` type makes a missing action a
 * compile error.
 */
import type { CpToCsAction } from '@shared/ocpp/actions'
import { OcppError } from '../ocpp/errors'
import type { JsonObject } from '../ocpp/frames'
import { coreHandlers } from './core'
import { firmwareManagementHandlers } from './firmware-management'
import type { Handler, HandlerContext, HandlerTable, ProfileServices } from './types'

export const handlers: HandlerTable = {
  ...coreHandlers,
  ...firmwareManagementHandlers,
}

/**
 * Route one CP→CS CALL. A station the CSMS has never accepted may only send BootNotification
 * (OCPP-J errata 3.10: SecurityError); one accepted before is served after a reconnect without boot.
 * A Pending station may also send what a TriggerMessage asked it for (OCPP 1.6 §4.2).
 */
export function createDispatcher(services: ProfileServices, table: HandlerTable = handlers) {
  return async (stationId: string, action: CpToCsAction, payload: JsonObject, messageId: string): Promise<unknown> => {
    if (action !== 'BootNotification') {
      const record = services.stations.get(stationId)
      const status = record?.registrationStatus
      let triggered = status === 'Pending' && services.triggered?.(stationId, action) === true
      if (status === 'Pending' && !triggered && services.triggered) {
        // The station sends the triggered message right after its TriggerMessage.conf; both may be
        // read in one tick, before that answer is processed. Look again once it has been.
        await new Promise((resolve) => setImmediate(resolve))
        triggered = services.triggered(stationId, action)
      }
      if (!triggered) {
        if (status === 'Pending' || status === 'Rejected') {
          throw new OcppError('SecurityError', `${stationId} is ${status}: only BootNotification (and what a TriggerMessage asks for) is answered until it is Accepted`)
        }
        if (!record?.everAccepted) throw new OcppError('SecurityError', `${stationId} has not been accepted yet: send BootNotification first`)
      }
    }
    const ctx: HandlerContext = { stationId, messageId, services }
    const handler = table[action] as Handler<CpToCsAction>
    const response = await handler(ctx, payload as never)
    services.callAnswered?.(stationId, action, payload, messageId)
    return response
  }
}
