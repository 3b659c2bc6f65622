import type { Handler } from '../types'

/** FirmwareStatusNotification: kept on the station's firmware timeline (Idle too: it answers a trigger, R-FW-01). */
export const firmwareStatusNotification: Handler<'FirmwareStatusNotification'> = async (ctx, request) => {
  ctx.services.fileStatusNotified?.(ctx.stationId, 'firmware', request.status)
  return {}
}

/** DiagnosticsStatusNotification: kept on the station's diagnostics timeline. */
export const diagnosticsStatusNotification: Handler<'DiagnosticsStatusNotification'> = async (ctx, request) => {
  ctx.services.fileStatusNotified?.(ctx.stationId, 'diagnostics', request.status)
  return {}
}

export const firmwareManagementHandlers = {
  FirmwareStatusNotification: firmwareStatusNotification,
  DiagnosticsStatusNotification: diagnosticsStatusNotification,
}
