/** Electron entry: the same core as headless, plus a window that talks to it over IPC. */
import '../util/v8-tuning' // first: before anything allocates
import { app, BrowserWindow, dialog, ipcMain, session, shell } from 'electron'
import { join } from 'node:path'
import { startCsms, type Csms } from '../app'
import { loadConfig } from '../config/app-config'
import { appPage } from './app-page'
import { createFileDialogs } from './dialogs'
import { guardSession, guardWebContents } from './guards'
import { registerIpc } from './ipc'
import { createMainWindow } from './window'
import { ensureDataDir } from '../storage/data-dir'
import { StorageError } from '../storage/storage-logger'
import { appVersion, builtRendererDir } from '../util/project-paths'
import { installLastResort, stopAndExit } from '../util/last-resort'

/** Set once started: what a fatal storage failure stops. */
let running: Csms | undefined

// First thing: an error nothing caught is logged once and the servers go on; only a failed data store stops the app.
installLastResort({
  log: (line) => console.error(line),
  onFatal: (message) => {
    dialog.showErrorBox('The Central System stopped', message)
    void stopAndExit(running ? () => running!.stop() : undefined, (code) => app.exit(code))
  },
})

async function main(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return
  }
  await app.whenReady()
  // The dev server (ELECTRON_RENDERER_URL) only when not packaged; else the built index.html.
  const page = appPage(app.isPackaged, process.env, join(app.getAppPath(), 'out', 'renderer', 'index.html'))
  guardSession(session.defaultSession, page)
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, page, (url) => void shell.openExternal(url)))
  const config = loadConfig(process.argv.slice(app.isPackaged ? 1 : 2), process.env, app.getPath('userData'))
  const dataDir = config.dataDir ?? app.getPath('userData')
  await ensureDataDir(dataDir)
  const parent = () => BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0]
  const dialogs = createFileDialogs({ showOpenDialog: (window, options) => (window ? dialog.showOpenDialog(window, options) : dialog.showOpenDialog(options)) }, parent)
  const csms = await startCsms({ config, dataDir, rendererDir: builtRendererDir(), version: appVersion(), dialogs })
  running = csms
  for (const url of csms.info.ocppUrls) console.log(`OCPP endpoint: ${url}/<charge point identity>`)
  console.log(`UI: ${csms.info.uiUrl}`)
  console.log(`API: ${csms.info.apiUrl}`)

  registerIpc(ipcMain, csms.api, csms.bus, () => BrowserWindow.getAllWindows().map((w) => w.webContents), page)
  const open = () => createMainWindow(join(app.getAppPath(), 'out', 'preload'), page)
  open()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) open()
  })
  app.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.focus())
  app.on('window-all-closed', () => app.quit())
  let quitting = false
  app.on('before-quit', (event) => {
    if (quitting) return
    event.preventDefault()
    quitting = true
    void csms.stop().finally(() => app.exit(0))
  })
}

main().catch((error: unknown) => {
  console.error('Cannot start:', error)
  // A storage refusal (another instance holds the data folder, it is not writable) says what to do.
  if (error instanceof StorageError) dialog.showErrorBox('The Central System cannot start', error.message)
  app.exit(1)
})
