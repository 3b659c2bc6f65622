/** The two IPC channels between main and the renderer; the preload only forwards them. */
export const IPC_INVOKE = 'csms:invoke'
export const IPC_EVENT = 'csms:event'

/** What main answers on IPC_INVOKE: errors cross IPC as data (Electron keeps only an Error's message). */
export type IpcEnvelope = { ok: true; result: unknown } | { ok: false; error: { code: string; message: string; details?: unknown } }
