import type { CsmsClient, FirmwareFile } from '@shared/contract'

/** State of the event channel: the UI shows "API disconnected, reconnecting…" unless `open`. */
export type ConnectionState = 'connecting' | 'open' | 'closed'

/** A client plus what the UI needs to know about the channel under it. */
export interface CsmsTransport extends CsmsClient {
  getState(): ConnectionState
  onState(listener: (state: ConnectionState) => void): () => void
  /** Fires when events may have been missed (after a reconnect): stores reload their snapshots. */
  onResync(listener: () => void): () => void
  close(): void
  /** 'ipc': inside the desktop app (native dialogs exist); 'http': a browser on the web bridge. Absent: treated as 'http'. */
  readonly kind?: 'ipc' | 'http'
  /** The web bridge's raw firmware upload (PUT /api/firmware-files), with its progress; HTTP only. */
  uploadFirmware?(file: Blob, name: string, onProgress?: (sent: number, total: number) => void): Promise<FirmwareFile>
}

/** A minimal listener set; one throwing listener does not stop the others. */
export class Listeners<T> {
  private readonly set = new Set<(value: T) => void>()

  add(listener: (value: T) => void): () => void {
    this.set.add(listener)
    return () => {
      this.set.delete(listener)
    }
  }

  emit(value: T): void {
    for (const listener of [...this.set]) {
      try {
        listener(value)
      } catch (err) {
        console.error('listener failed', err)
      }
    }
  }

  get size(): number {
    return this.set.size
  }
}
