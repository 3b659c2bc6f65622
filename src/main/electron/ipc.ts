/**
 * IPC registration: the contract over Electron IPC. Arguments are checked by the API (main), the
 * preload only forwards. Typed structurally so tests can pass fakes for ipcMain and webContents.
 */
import { IPC_EVENT, IPC_INVOKE, type IpcEnvelope } from '@shared/ipc/channels'
import { toErrorBody, type Api } from '../api'
import type { EventBus } from '../services/event-bus'

export interface IpcMainLike {
  handle(channel: string, listener: (event: { senderFrame?: { url: string } | null }, ...args: unknown[]) => Promise<unknown>): void
  removeHandler(channel: string): void
}

export interface WebContentsLike {
  isDestroyed(): boolean
  send(channel: string, message: unknown): void
}

/** Only the app's own pages may call the API (file:// in production, the dev server in development). */
export function isTrustedSender(url: string | undefined, devServerUrl?: string): boolean {
  if (!url) return false
  if (url.startsWith('file://')) return true
  return devServerUrl !== undefined && url.startsWith(devServerUrl)
}

export function registerIpc(
  ipcMain: IpcMainLike,
  api: Api,
  bus: EventBus,
  targets: () => WebContentsLike[],
  devServerUrl?: string,
): () => void {
  ipcMain.handle(IPC_INVOKE, async (event, command, args): Promise<IpcEnvelope> => {
    if (!isTrustedSender(event.senderFrame?.url, devServerUrl)) {
      return { ok: false, error: { code: 'BadRequest', message: 'IPC from an untrusted page' } }
    }
    if (typeof command !== 'string') return { ok: false, error: { code: 'BadRequest', message: 'command must be a string' } }
    try {
      return { ok: true, result: await api.invoke(command, args) }
    } catch (error) {
      return { ok: false, error: toErrorBody(error) }
    }
  })
  const stop = bus.onAny((event, data) => {
    for (const contents of targets()) if (!contents.isDestroyed()) contents.send(IPC_EVENT, { event, data })
  })
  return () => {
    stop()
    ipcMain.removeHandler(IPC_INVOKE)
  }
}
