/** The IPC channels between main and the renderer; the preload only forwards them. */
export const IPC_INVOKE = 'csms:invoke'
export const IPC_EVENT = 'csms:event'
/** Renderer → main: the window's EventSubscription (`@shared/contract/event-subscription`). */
export const IPC_SUBSCRIBE = 'csms:subscribe'

/**
 * What main answers on IPC_INVOKE: the result as JSON text (made as for the web bridge, so one
 * record that cannot be written never fails a list), or the error as data (Electron keeps only an
 * Error's message).
 */
export type IpcEnvelope = { ok: true; json: string } | { ok: false; error: { code: string; message: string; details?: unknown } }
