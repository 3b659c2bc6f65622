import type { Handler } from '../types'

/** DataTransfer from a charge point: routed to the vendor's handler, UnknownVendorId otherwise. */
export const dataTransfer: Handler<'DataTransfer'> = async (ctx, request) =>
  ctx.services.dataTransfer.handle(request.vendorId, { stationId: ctx.stationId, messageId: request.messageId, data: request.data })
