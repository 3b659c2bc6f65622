/**
 * Start-up configuration: defaults < settings file < environment < command-line flags.
 * Runtime settings (heartbeat interval, timeouts, ...) live in storage and are changed over the API.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { readOperatorCertificates, TlsCertificateError } from '../ocpp/tls-key-pair'

export interface AppConfig {
  headless: boolean
  ocppHost: string
  ocppPort: number
  apiHost: string
  apiPort: number
  /** The built-in firmware host and diagnostics receivers (HTTP and FTP) bind here. */
  filesHost: string
  filesPort: number
  ftpPort: number
  /** FTP passive data ports (stations connect to these for the upload itself). */
  ftpPassivePorts: [number, number]
  /** The wss:// endpoint for security profile 2 (TLS ≥ 1.2 + Basic auth); off with --no-tls. */
  tls: boolean
  tlsPort: number
  /**
   * The operator's own server certificates and keys (PEM): an RSA and/or an ECDSA pair, each key
   * paired with the certificate it belongs to. A kind not given is served from a self-signed
   * certificate made on first run, so every whitepaper suite keeps working.
   */
  tlsCertFiles?: string[]
  tlsKeyFiles?: string[]
  /** Required on every API request when set; made up (and kept in the data directory) when the API binds beyond loopback. */
  apiToken?: string
  /** Absent: the platform's user data directory (Electron's userData in the desktop app). */
  dataDir?: string
  /** The settings file that was read, if any. */
  configFile?: string
  /** The firmware import folder, kept in settings at start (files.importDir). */
  importDir?: string
}

export const DEFAULT_CONFIG: AppConfig = {
  headless: false,
  // Chargers on the site LAN must reach the OCPP endpoint; the API stays on this PC.
  ocppHost: '0.0.0.0',
  ocppPort: 9000,
  apiHost: '127.0.0.1',
  apiPort: 8180,
  // Stations download firmware and upload diagnostics: reachable from the site LAN.
  filesHost: '0.0.0.0',
  filesPort: 8181,
  ftpPort: 2121,
  ftpPassivePorts: [2122, 2199],
  tls: true,
  tlsPort: 9443,
}

export const CONFIG_FILE_NAME = 'csms.config.json'

export const USAGE = `Options (flags win over CSMS_* environment variables, which win over the settings file):
  --headless            run without a window (also: CSMS_HEADLESS=1)
  --ocpp-port N         OCPP WebSocket port, 0 = any free port (CSMS_OCPP_PORT, default 9000)
  --ocpp-host ADDR      address the OCPP endpoint binds to (CSMS_OCPP_HOST, default 0.0.0.0 = all)
  --api-port N          UI and API port, 0 = any free port (CSMS_API_PORT, default 8180)
  --api-host ADDR       address the UI/API binds to (CSMS_API_HOST, default 127.0.0.1); beyond loopback a token is required
  --api-token TOKEN     the token API clients must send (CSMS_API_TOKEN; made up and kept in the data directory if needed)
  --tls-port N          wss:// endpoint for security profile 2, 0 = any (CSMS_TLS_PORT, default 9443)
  --no-tls              no wss:// endpoint
  --tls-cert FILE       own server certificate (PEM; with --tls-key); give it twice for an RSA and an ECDSA one.
                        A kind not given is served from the self-signed one the CSMS makes
  --tls-key FILE        its private key (PEM, unencrypted; RSA >= 2048 bits or ECDSA P-256/P-384)
  --files-port N        firmware host and HTTP diagnostics receiver port, 0 = any (CSMS_FILES_PORT, default 8181)
  --ftp-port N          FTP diagnostics receiver port, 0 = any (CSMS_FTP_PORT, default 2121)
  --ftp-passive-ports A-B  FTP passive data ports, e.g. 2122-2199 (CSMS_FTP_PASSIVE_PORTS, default 2122-2199)
  --files-host ADDR     address the file services bind to (CSMS_FILES_HOST, default 0.0.0.0 = all)
  --import-dir DIR      firmware import folder: its files can be added to the firmware host by name (CSMS_IMPORT_DIR)
  --data-dir DIR        where data is kept (CSMS_DATA_DIR, default: the user data directory)
  --config FILE         settings file (CSMS_CONFIG; default: <data dir>/${CONFIG_FILE_NAME} when present)
  --help                this text`

export class ConfigError extends Error {}

type Partial_ = Partial<AppConfig>

function port(value: unknown, where: string): number {
  const n = typeof value === 'number' ? value : Number(String(value).trim())
  if (!Number.isInteger(n) || n < 0 || n > 65_535) throw new ConfigError(`${where}: "${String(value)}" is not a port number (0-65535)`)
  return n
}

function host(value: unknown, where: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new ConfigError(`${where}: expected an address such as 127.0.0.1 or 0.0.0.0`)
  return value.trim()
}

/** A passive port range: "2122-2199" or [2122, 2199]; ports 1-65535, the first not above the last. */
export function portRange(value: unknown, where: string): [number, number] {
  const parts = Array.isArray(value) ? value : typeof value === 'string' ? value.split('-') : []
  const [from, to] = parts.map((part) => (typeof part === 'number' ? part : /^\s*\d{1,5}\s*$/.test(String(part)) ? Number(part) : Number.NaN))
  const valid = (n: number | undefined): n is number => n !== undefined && Number.isInteger(n) && n >= 1 && n <= 65_535
  if (parts.length !== 2 || !valid(from) || !valid(to) || from > to) {
    throw new ConfigError(`${where}: "${Array.isArray(value) ? JSON.stringify(value) : String(value)}" is not a port range such as 2122-2199 (ports 1-65535, the first not above the last)`)
  }
  return [from, to]
}

function token(value: unknown, where: string): string {
  if (typeof value !== 'string' || value.trim().length < 16) throw new ConfigError(`${where}: the API token must be at least 16 characters`)
  return value.trim()
}

/** Whether an address is this machine only. */
export function isLoopback(address: string): boolean {
  return address === 'localhost' || address === '::1' || /^127\./.test(address)
}

/** A file name or a list of at most two (settings-file tlsCert/tlsKey). */
function files(value: unknown, where: string): string[] {
  const list = typeof value === 'string' ? [value] : value
  if (!Array.isArray(list) || list.length === 0 || list.length > 2 || !list.every((item) => typeof item === 'string' && item.trim() !== '')) {
    throw new ConfigError(`${where}: expected a PEM file name, or a list of two (an RSA and an ECDSA one)`)
  }
  return list.map((item: string) => resolve(item))
}

/** The operator's certificates must be servable before anything starts: a clear refusal beats a TLS endpoint that never comes up. */
function checkOperatorCertificates(config: Partial_): void {
  if (!config.tlsCertFiles && !config.tlsKeyFiles) return
  if (config.tls === false) return
  try {
    readOperatorCertificates(config.tlsCertFiles ?? [], config.tlsKeyFiles ?? [])
  } catch (error) {
    if (error instanceof TlsCertificateError) throw new ConfigError(`TLS certificate (--tls-cert/--tls-key): ${error.message}`)
    throw error
  }
}

function bool(value: string): boolean {
  return ['1', 'true', 'yes', 'on'].includes(value.trim().toLowerCase())
}

function fromFile(file: string): Partial_ {
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    throw new ConfigError(`Settings file ${file} could not be read: ${(error as Error).message}`)
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ConfigError(`Settings file ${file} must hold a JSON object`)
  const data = raw as Record<string, unknown>
  const known = new Set(['headless', 'ocppHost', 'ocppPort', 'apiHost', 'apiPort', 'dataDir', 'filesHost', 'filesPort', 'ftpPort', 'ftpPassivePorts', 'apiToken', 'tls', 'tlsPort', 'tlsCert', 'tlsKey', 'importDir'])
  const unknown = Object.keys(data).filter((key) => !known.has(key))
  if (unknown.length) throw new ConfigError(`Settings file ${file}: unknown keys ${unknown.join(', ')} (known: ${[...known].join(', ')})`)
  const result: Partial_ = {}
  if (data.headless !== undefined) result.headless = data.headless === true
  if (data.ocppHost !== undefined) result.ocppHost = host(data.ocppHost, `${file} ocppHost`)
  if (data.ocppPort !== undefined) result.ocppPort = port(data.ocppPort, `${file} ocppPort`)
  if (data.apiHost !== undefined) result.apiHost = host(data.apiHost, `${file} apiHost`)
  if (data.apiToken !== undefined) result.apiToken = token(data.apiToken, `${file} apiToken`)
  if (data.tlsPort !== undefined) result.tlsPort = port(data.tlsPort, `${file} tlsPort`)
  if (data.tls !== undefined) result.tls = data.tls === true
  if (data.tlsCert !== undefined) result.tlsCertFiles = files(data.tlsCert, `${file} tlsCert`)
  if (data.tlsKey !== undefined) result.tlsKeyFiles = files(data.tlsKey, `${file} tlsKey`)
  if (data.filesHost !== undefined) result.filesHost = host(data.filesHost, `${file} filesHost`)
  if (data.filesPort !== undefined) result.filesPort = port(data.filesPort, `${file} filesPort`)
  if (data.ftpPort !== undefined) result.ftpPort = port(data.ftpPort, `${file} ftpPort`)
  if (data.ftpPassivePorts !== undefined) result.ftpPassivePorts = portRange(data.ftpPassivePorts, `${file} ftpPassivePorts`)
  if (data.apiPort !== undefined) result.apiPort = port(data.apiPort, `${file} apiPort`)
  if (data.dataDir !== undefined) result.dataDir = resolve(String(data.dataDir))
  if (typeof data.importDir === 'string') result.importDir = resolve(data.importDir)
  return result
}

function fromEnv(env: NodeJS.ProcessEnv): Partial_ {
  const result: Partial_ = {}
  if (env.CSMS_HEADLESS) result.headless = bool(env.CSMS_HEADLESS)
  if (env.CSMS_OCPP_HOST) result.ocppHost = host(env.CSMS_OCPP_HOST, 'CSMS_OCPP_HOST')
  if (env.CSMS_OCPP_PORT) result.ocppPort = port(env.CSMS_OCPP_PORT, 'CSMS_OCPP_PORT')
  if (env.CSMS_API_HOST) result.apiHost = host(env.CSMS_API_HOST, 'CSMS_API_HOST')
  if (env.CSMS_API_PORT) result.apiPort = port(env.CSMS_API_PORT, 'CSMS_API_PORT')
  if (env.CSMS_DATA_DIR) result.dataDir = resolve(env.CSMS_DATA_DIR)
  if (env.CSMS_TLS_PORT) result.tlsPort = port(env.CSMS_TLS_PORT, 'CSMS_TLS_PORT')
  if (env.CSMS_API_TOKEN) result.apiToken = token(env.CSMS_API_TOKEN, 'CSMS_API_TOKEN')
  if (env.CSMS_FILES_HOST) result.filesHost = host(env.CSMS_FILES_HOST, 'CSMS_FILES_HOST')
  if (env.CSMS_FILES_PORT) result.filesPort = port(env.CSMS_FILES_PORT, 'CSMS_FILES_PORT')
  if (env.CSMS_FTP_PORT) result.ftpPort = port(env.CSMS_FTP_PORT, 'CSMS_FTP_PORT')
  if (env.CSMS_IMPORT_DIR) result.importDir = resolve(env.CSMS_IMPORT_DIR)
  if (env.CSMS_FTP_PASSIVE_PORTS) result.ftpPassivePorts = portRange(env.CSMS_FTP_PASSIVE_PORTS, 'CSMS_FTP_PASSIVE_PORTS')
  return result
}

export interface ParsedCommandLine {
  help: boolean
  config: Partial_
  configFile?: string
}

export function parseCommandLine(argv: string[]): ParsedCommandLine {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        headless: { type: 'boolean' },
        'ocpp-port': { type: 'string' },
        'ocpp-host': { type: 'string' },
        'api-port': { type: 'string' },
        'api-host': { type: 'string' },
        'data-dir': { type: 'string' },
        'files-host': { type: 'string' },
        'api-token': { type: 'string' },
        'tls-port': { type: 'string' },
        'no-tls': { type: 'boolean' },
        'tls-cert': { type: 'string', multiple: true },
        'tls-key': { type: 'string', multiple: true },
        'files-port': { type: 'string' },
        'ftp-port': { type: 'string' },
        'import-dir': { type: 'string' },
        'ftp-passive-ports': { type: 'string' },
        config: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    })
  } catch (error) {
    throw new ConfigError(`${(error as Error).message}\n\n${USAGE}`)
  }
  const v = parsed.values
  const config: Partial_ = {}
  if (v.headless) config.headless = true
  if (v['ocpp-port'] !== undefined) config.ocppPort = port(v['ocpp-port'], '--ocpp-port')
  if (v['ocpp-host'] !== undefined) config.ocppHost = host(v['ocpp-host'], '--ocpp-host')
  if (v['api-port'] !== undefined) config.apiPort = port(v['api-port'], '--api-port')
  if (v['api-host'] !== undefined) config.apiHost = host(v['api-host'], '--api-host')
  if (v['data-dir'] !== undefined) config.dataDir = resolve(v['data-dir'])
  if (v['files-host'] !== undefined) config.filesHost = host(v['files-host'], '--files-host')
  if (v['api-token'] !== undefined) config.apiToken = token(v['api-token'], '--api-token')
  if (v['tls-port'] !== undefined) config.tlsPort = port(v['tls-port'], '--tls-port')
  if (v['no-tls']) config.tls = false
  if (v['tls-cert'] !== undefined) config.tlsCertFiles = v['tls-cert'].map((file) => resolve(file))
  if (v['tls-key'] !== undefined) config.tlsKeyFiles = v['tls-key'].map((file) => resolve(file))
  if (v['files-port'] !== undefined) config.filesPort = port(v['files-port'], '--files-port')
  if (v['ftp-port'] !== undefined) config.ftpPort = port(v['ftp-port'], '--ftp-port')
  if (v['import-dir'] !== undefined) config.importDir = resolve(v['import-dir'])
  if (v['ftp-passive-ports'] !== undefined) config.ftpPassivePorts = portRange(v['ftp-passive-ports'], '--ftp-passive-ports')
  return { help: v.help === true, config, configFile: v.config ? resolve(v.config) : undefined }
}

/** Merge every source. `defaultDataDir` locates the settings file when no --config is given. */
export function loadConfig(argv: string[], env: NodeJS.ProcessEnv, defaultDataDir?: string): AppConfig & { help: boolean } {
  const cli = parseCommandLine(argv)
  const envConfig = fromEnv(env)
  const explicitFile = cli.configFile ?? (env.CSMS_CONFIG ? resolve(env.CSMS_CONFIG) : undefined)
  if (explicitFile && !existsSync(explicitFile)) throw new ConfigError(`Settings file ${explicitFile} does not exist`)
  const dataDirHint = cli.config.dataDir ?? envConfig.dataDir ?? defaultDataDir
  const implicitFile = dataDirHint ? join(dataDirHint, CONFIG_FILE_NAME) : undefined
  const configFile = explicitFile ?? (implicitFile && existsSync(implicitFile) ? implicitFile : undefined)
  const fileConfig = configFile ? fromFile(configFile) : {}
  const config = { ...DEFAULT_CONFIG, ...fileConfig, ...envConfig, ...cli.config, configFile, help: cli.help }
  const [from, to] = config.ftpPassivePorts
  if (config.ftpPort >= from && config.ftpPort <= to) throw new ConfigError(`The FTP passive ports ${from}-${to} include the FTP port ${config.ftpPort}: choose a range without it (--ftp-passive-ports)`)
  if (!config.help) checkOperatorCertificates(config)
  return config
}
