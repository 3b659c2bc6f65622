import type { Handler } from '../types'

/**
 * StatusNotification: kept as the connector's current status and appended to the history. Every
 * status and errorCode is accepted; oddities are recorded as warnings, the answer is always `{}`.
 */
export const statusNotification: Handler<'StatusNotification'> = async (ctx, request) => {
  const status = ctx.services.stations.recordStatus(ctx.stationId, request, ctx.messageId)
  await ctx.services.statusHistory.append(ctx.stationId, status)
  ctx.services.statusObserved?.(ctx.stationId, status)
  return {}
}
