import type { Handler } from '../types'

/**
 * StartTransaction: always a transactionId (also for an invalid tag, TC_037_3), the same one for a
 * retransmit, answered only once the start is on disk. Historic timestamps are stored as sent.
 */
export const startTransaction: Handler<'StartTransaction'> = async (ctx, request) => ctx.services.transactions.start(ctx.stationId, request)
