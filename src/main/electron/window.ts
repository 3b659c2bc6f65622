/** The main window, hardened: context isolation, sandbox, no Node in the page, no navigation away. */
import { BrowserWindow, shell } from 'electron'
import { join } from 'node:path'

export function createMainWindow(preloadDir: string, rendererIndex: string, devServerUrl?: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    show: false,
    title: 'OCPP 1.6 Central System',
    autoHideMenuBar: true,
    webPreferences: {
      preload: join(preloadDir, 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  })
  window.once('ready-to-show', () => window.show())
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
  window.webContents.on('will-navigate', (event, url) => {
    if (!(devServerUrl && url.startsWith(devServerUrl))) event.preventDefault()
  })
  if (devServerUrl) void window.loadURL(devServerUrl)
  else void window.loadFile(rendererIndex)
  return window
}
