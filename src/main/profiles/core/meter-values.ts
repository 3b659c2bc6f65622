import type { Handler } from '../types'

/** MeterValues: stored durably (linked to the transaction when it carries one), then `{}`. */
export const meterValues: Handler<'MeterValues'> = async (ctx, request) => {
  await ctx.services.transactions.meterValues(ctx.stationId, request)
  return {}
}
