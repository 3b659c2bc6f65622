import type { Handler } from '../types'
import { isoNow } from '../../util/time'

/**
 * BootNotification: answered with the station's registration policy (Accepted unless the operator
 * chose Pending or Rejected). For Pending and Rejected the interval is the wait before the next boot.
 */
export const bootNotification: Handler<'BootNotification'> = async (ctx, request) => {
  const { stations } = ctx.services
  const status = stations.get(ctx.stationId)?.registrationPolicy ?? 'Accepted'
  stations.recordBoot(ctx.stationId, request, status)
  ctx.services.afterBoot?.(ctx.stationId, status)
  return { status, currentTime: isoNow(), interval: stations.effective(ctx.stationId).heartbeatIntervalSec }
}
