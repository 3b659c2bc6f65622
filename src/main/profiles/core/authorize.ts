import type { Handler } from '../types'

/** Authorize: the idTag's status (Invalid when unknown) with its expiryDate and parentIdTag (R-CORE-06). */
export const authorize: Handler<'Authorize'> = async (ctx, request) => ({ idTagInfo: ctx.services.idTags.authorize(request.idTag) })
