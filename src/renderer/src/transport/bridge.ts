/**
 * What the Electron preload exposes as `window.csms` (contextBridge). Transport only: the preload
 * forwards `invoke` to main over IPC and relays the contract's events; it knows no command.
 */
export interface CsmsBridge {
  /** Runs a contract command. Resolves with main's `IpcEnvelope` (`@shared/ipc/channels`). */
  invoke(command: string, args: unknown): Promise<unknown>
  /** Subscribes to a contract event; returns the function that unsubscribes. */
  on(event: string, listener: (data: unknown) => void): () => void
  /** Tells main which events this window wants (an EventSubscription); until then it gets all. */
  subscribe(subscription: unknown): void
}
