/**
 * Plain-Node entry: the whole CSMS without a window. Prints where its OCPP endpoint, UI and API
 * are, one per line, so people and scripts can find them.
 */
import './util/v8-tuning' // first: before anything allocates
import { startCsms, type Csms } from './app'
import { installLastResort, stopAndExit } from './util/last-resort'
import { ConfigError, loadConfig, USAGE } from './config/app-config'
import { defaultDataDir, ensureDataDir } from './storage/data-dir'
import { StorageError } from './storage/storage-logger'
import { APP_NAME, appVersion, builtRendererDir } from './util/project-paths'

export function printEndpoints(csms: Csms, print: (line: string) => void = console.log): void {
  for (const url of csms.info.ocppUrls) print(`OCPP endpoint: ${url}/<charge point identity>`)
  for (const url of csms.info.ocppTlsUrls) print(`OCPP endpoint (TLS, security profile 2): ${url}/<charge point identity>`)
  print(`UI: ${csms.info.uiUrl}`)
  print(`API: ${csms.info.apiUrl}`)
  const files = csms.files.info()
  print(files.http.running ? `Firmware host and HTTP diagnostics upload: ${files.http.baseUrl}` : `${files.http.error}`)
  print(files.ftp.running ? `FTP diagnostics upload: ${files.ftp.baseUrl}` : `${files.ftp.error}`)
  print(`Data directory: ${csms.info.dataDir}`)
}

/** Set once started: what a fatal storage failure stops. */
let running: Csms | undefined

// First thing: an error nothing caught is logged once and the servers go on; only a failed data store stops the app.
installLastResort({
  log: (line) => console.error(line),
  onFatal: () => void stopAndExit(running ? () => running!.stop() : undefined, (code) => process.exit(code)),
})

async function main(): Promise<void> {
  let config
  try {
    config = loadConfig(process.argv.slice(2), process.env, defaultDataDir(APP_NAME))
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message)
      process.exit(2)
    }
    throw error
  }
  if (config.help) {
    console.log(USAGE)
    return
  }
  const dataDir = config.dataDir ?? defaultDataDir(APP_NAME)
  await ensureDataDir(dataDir)
  const rendererDir = builtRendererDir()
  const csms = await startCsms({ config, dataDir, rendererDir, version: appVersion() })
  running = csms
  console.log(`OCPP 1.6-J Central System ${csms.info.version} running headless${config.configFile ? ` (settings from ${config.configFile})` : ''}`)
  printEndpoints(csms)
  if (!rendererDir) console.log('UI not built: run `npm run build` to serve it; the API works without it.')

  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`${signal}: closing connections and flushing data…`)
    csms.stop().then(
      () => process.exit(0),
      (error) => {
        console.error('Shutdown failed:', error)
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

main().catch((error: unknown) => {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'EADDRINUSE') {
    console.error(`Cannot start: ${(error as Error).message}. Another program uses that port; pick another with --ocpp-port or --api-port (0 = any free port).`)
  } else if (error instanceof StorageError) {
    // Says what to do (another instance holds the folder, it is not writable): no stack needed.
    console.error(`Cannot start: ${error.message}`)
  } else {
    console.error('Cannot start:', error)
  }
  process.exit(1)
})
