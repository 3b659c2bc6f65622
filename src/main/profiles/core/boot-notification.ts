import type { Handler } from '../types'
import { isoNow } from '../../util/time'

/** BootNotification: register the station and tell it its heartbeat interval. */
export const bootNotification: Handler<'BootNotification'> = async (ctx, request) => {
  const { stations } = ctx.services
  const status = 'Accepted' as const
  stations.recordBoot(ctx.stationId, request, status)
  return { status, currentTime: isoNow(), interval: stations.effective(ctx.stationId).heartbeatIntervalSec }
}
