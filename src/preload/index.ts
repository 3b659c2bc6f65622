/** Transport only: forwards the contract between the sandboxed page and main. No logic here. */
import { contextBridge, ipcRenderer } from 'electron'
import { IPC_EVENT, IPC_INVOKE, IPC_SUBSCRIBE } from '@shared/ipc/channels'

contextBridge.exposeInMainWorld('csms', {
  invoke: (command: string, args: unknown) => ipcRenderer.invoke(IPC_INVOKE, command, args),
  on: (event: string, listener: (data: unknown) => void) => {
    const forward = (_sender: unknown, message: { event: string; data: unknown }) => {
      if (message.event === event) listener(message.data)
    }
    ipcRenderer.on(IPC_EVENT, forward)
    return () => ipcRenderer.removeListener(IPC_EVENT, forward)
  },
  subscribe: (subscription: unknown) => ipcRenderer.send(IPC_SUBSCRIBE, subscription),
})
