/**
 * IPC registration: the contract over Electron IPC. Only the app's own page is answered (exact
 * origin, top-level frame); the command must be one of the contract's and its argument is checked
 * against the contract by the API before any handler runs; the preload only forwards. Typed
 * structurally so tests can pass fakes for ipcMain and webContents.
 */
import { IPC_EVENT, IPC_INVOKE, IPC_SUBSCRIBE, type IpcEnvelope } from '@shared/ipc/channels'
import { parseEventSubscription } from '@shared/contract/event-subscription'
import { answerJson, toErrorBody, type Api } from '../api'
import type { EventBus } from '../services/event-bus'
import { ClientEvents, fanOut } from '../services/event-subscriptions'
import { isAppPage, type AppPage } from './app-page'

type SenderFrame = { senderFrame?: { url: string; parent?: unknown } | null }

export interface IpcMainLike {
  handle(channel: string, listener: (event: SenderFrame, ...args: unknown[]) => Promise<unknown>): void
  removeHandler(channel: string): void
  on(channel: string, listener: (event: SenderFrame & { sender: { id: number } }, ...args: unknown[]) => void): void
  removeAllListeners(channel: string): void
}

export interface WebContentsLike {
  readonly id: number
  isDestroyed(): boolean
  send(channel: string, message: unknown): void
}

/** Only the app's own page may call the API: its index.html packaged, the dev server's exact origin in development; never a sub-frame. */
export function isTrustedSender(frame: SenderFrame['senderFrame'], page: AppPage): boolean {
  if (!frame || (frame.parent !== undefined && frame.parent !== null)) return false
  return isAppPage(page, frame.url)
}

export function registerIpc(
  ipcMain: IpcMainLike,
  api: Api,
  bus: EventBus,
  targets: () => WebContentsLike[],
  page: AppPage,
): () => void {
  ipcMain.handle(IPC_INVOKE, async (event, command, args): Promise<IpcEnvelope> => {
    if (!isTrustedSender(event.senderFrame, page)) {
      return { ok: false, error: { code: 'BadRequest', message: 'IPC from an untrusted page' } }
    }
    if (typeof command !== 'string') return { ok: false, error: { code: 'BadRequest', message: 'command must be a string' } }
    try {
      // Sent as JSON text, written record by record where it must be (answer-json.ts), like the web bridge's answers.
      return { ok: true, json: answerJson(command, await api.invoke(command, args)) }
    } catch (error) {
      return { ok: false, error: toErrorBody(error) }
    }
  })
  /** Per window (webContents id); a window that never subscribed gets every event. */
  const subscriptions = new Map<number, ClientEvents>()
  ipcMain.on(IPC_SUBSCRIBE, (event, subscription) => {
    if (!isTrustedSender(event.senderFrame, page)) return
    try {
      const events = subscriptions.get(event.sender.id) ?? new ClientEvents()
      events.subscribe(parseEventSubscription(subscription))
      subscriptions.set(event.sender.id, events)
    } catch (error) {
      // Only the app's own renderer sends this; a wrong one is a bug to see, not a reason to stop events.
      console.error(`Ignored a window's event subscription: ${error instanceof Error ? error.message : String(error)}`)
    }
  })
  const everything = new ClientEvents()
  const stop = bus.onAny((event, data) => {
    const live: Array<readonly [WebContentsLike, ClientEvents]> = []
    for (const contents of targets()) if (!contents.isDestroyed()) live.push([contents, subscriptions.get(contents.id) ?? everything])
    // Forget the subscriptions of windows that closed.
    if (subscriptions.size > live.length) {
      const open = new Set(live.map(([contents]) => contents.id))
      for (const id of subscriptions.keys()) if (!open.has(id)) subscriptions.delete(id)
    }
    fanOut(live, event, data, (selected) => ({ event, data: selected }), (contents, message) => contents.send(IPC_EVENT, message))
  })
  return () => {
    stop()
    ipcMain.removeHandler(IPC_INVOKE)
    ipcMain.removeAllListeners(IPC_SUBSCRIBE)
  }
}
