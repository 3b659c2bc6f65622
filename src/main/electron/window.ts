/** The main window, hardened: context isolation, sandbox, no Node in the page; guards.ts keeps it on the app's page. */
import { BrowserWindow } from 'electron'
import { join } from 'node:path'
import type { AppPage } from './app-page'

export function createMainWindow(preloadDir: string, page: AppPage): BrowserWindow {
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
      webviewTag: false,
    },
  })
  window.once('ready-to-show', () => window.show())
  if (page.kind === 'dev') void window.loadURL(page.url)
  else void window.loadFile(page.file)
  return window
}
