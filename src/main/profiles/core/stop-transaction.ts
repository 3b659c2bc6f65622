import type { Handler } from '../types'

/**
 * StopTransaction: never refused. Unknown or -1 ids are acknowledged and kept as orphans, a
 * duplicate stop is idempotent, idTagInfo is returned when an idTag is present.
 */
export const stopTransaction: Handler<'StopTransaction'> = async (ctx, request) => ctx.services.transactions.stop(ctx.stationId, request)
