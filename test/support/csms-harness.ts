/** Starts a real CSMS in this process on 127.0.0.1, ports chosen by the OS, state in memory. */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Settings } from '../../src/shared/contract/dto'
import { startCsms, type Csms, type CsmsOptions } from '../../src/main/app'
import type { DeepPartial } from '../../src/main/storage'
import type { FileTuning } from '../../src/main/files/file-tuning'
import { ScriptedChargePoint, type ConnectOptions } from './scripted-charge-point'

export interface Harness {
  csms: Csms
  ocppUrl: string
  apiUrl: string
  dataDir: string
  connect(identity: string, options?: ConnectOptions): Promise<ScriptedChargePoint>
  /** Connect and boot (Accepted). */
  booted(identity: string, options?: ConnectOptions): Promise<ScriptedChargePoint>
  invoke<T = unknown>(command: string, args?: unknown): Promise<T>
  /** POST /api/<command> over real HTTP; returns status and body. */
  http(command: string, body?: unknown, contentType?: string): Promise<{ status: number; body: unknown }>
  stop(): Promise<void>
}

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined }

export interface HarnessOptions {
  inMemory?: boolean
  dataDir?: string
  /**
   * Settings laid over the defaults before any station connects. By default the configuration
   * fetch after boot is off, so a scripted charge point sees only the CALLs its test sends.
   */
  settings?: DeepPartial<Settings>
  /** Start-up configuration laid over the test defaults (loopback, any free port). */
  config?: Partial<CsmsOptions['config']>
  /** Native file dialogs (fakes of the desktop app's). */
  dialogs?: CsmsOptions['dialogs']
  /** Short limits and an injected clock for the file receivers. */
  fileTuning?: FileTuning
  /** The clock of time-based policies (Basic-auth back-off), for tests that move time on. */
  clock?: CsmsOptions['clock']
  /** Where the CSMS's operational messages go (default: nowhere). */
  logger?: CsmsOptions['logger']
  /** Further start options (e.g. an injected address source for the TLS certificates, a logger). */
  core?: Partial<Omit<CsmsOptions, 'config' | 'dataDir' | 'inMemory'>>
  /** Server limits (timeouts, connection caps) laid over the defaults, e.g. short timeouts for slow-client tests. */
  httpLimits?: CsmsOptions['httpLimits']
  /** A folder with a built UI (index.html) for the web bridge to serve. */
  rendererDir?: string
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'csms-test-')))
  const ownsDir = options.dataDir === undefined
  const csms = await startCsms({
    config: { ocppHost: '127.0.0.1', ocppPort: 0, apiHost: '127.0.0.1', apiPort: 0, filesHost: '127.0.0.1', filesPort: 0, ftpPort: 0, ftpPassivePorts: [30_000, 30_999], tls: false, tlsPort: 0, ...options.config },
    dataDir,
    inMemory: options.inMemory ?? true,
    logger: options.logger ?? quiet,
    dialogs: options.dialogs,
    ...(options.fileTuning ? { fileTuning: options.fileTuning } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...options.core,
    httpLimits: options.httpLimits,
    rendererDir: options.rendererDir,
  })
  csms.storage.settings.update(options.settings ?? { ocpp: { fetchConfigurationAfterBoot: false } })
  const ocppUrl = csms.info.ocppUrls[0]!
  const apiUrl = csms.info.apiUrl
  const chargePoints: ScriptedChargePoint[] = []
  const harness: Harness = {
    csms,
    ocppUrl,
    apiUrl,
    dataDir,
    async connect(identity, connectOptions) {
      const cp = await ScriptedChargePoint.connect(ocppUrl, identity, connectOptions)
      chargePoints.push(cp)
      return cp
    },
    async booted(identity, connectOptions) {
      const cp = await harness.connect(identity, connectOptions)
      const answer = await cp.boot()
      if ((answer[2] as { status?: string }).status !== 'Accepted') throw new Error(`boot not accepted: ${JSON.stringify(answer)}`)
      return cp
    },
    invoke: (command, args = {}) => csms.api.invoke(command, args) as Promise<never>,
    async http(command, body = {}, contentType = 'application/json') {
      const response = await fetch(`${apiUrl}/${command}`, { method: 'POST', headers: { 'Content-Type': contentType }, body: typeof body === 'string' ? body : JSON.stringify(body) })
      const text = await response.text()
      return { status: response.status, body: text ? JSON.parse(text) : undefined }
    },
    async stop() {
      await Promise.all(chargePoints.map((cp) => cp.close().catch(() => undefined)))
      await csms.stop()
      if (ownsDir) await rm(dataDir, { recursive: true, force: true })
    },
  }
  return harness
}
