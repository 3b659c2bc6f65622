/**
 * Where the CSMS of a property test runs: in this process (csms-harness, fast; errors that escape
 * are caught the way the app's entries catch them) or as the app itself in a child process
 * (headless-process, from source: "the process is alive" means what it says, and a restart can be
 * a kill). Both keep their state in a data folder of their own and restart on it.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Settings } from '../../src/shared/contract/dto'
import type { DeepPartial } from '../../src/main/storage'
import { installLastResort, type LastResort } from '../../src/main/util/last-resort'
import { startHarness, type Harness } from './csms-harness'
import { startHeadless, type HeadlessApp } from './headless-process'
import { postApi } from './property-api'

export interface CsmsHost {
  readonly ocppUrl: string
  readonly apiUrl: string
  /** Why the CSMS is not alive (the process ended); [] when it is. */
  aliveProblems(): string[]
  /** Errors that escaped to the process since the last call. */
  drainEscaped(): string[]
  /**
   * Stop (graceful: as on SIGTERM; kill: SIGKILL, child process only) and start again on the same
   * data folder. Returns why it could not start (it then runs on a fresh folder), or undefined.
   */
  restart(how: 'graceful' | 'kill'): Promise<string | undefined>
  /** Stop and remove the data folders. */
  dispose(): Promise<void>
}

/** The settings every property world runs with: no automatic calls unless asked, no rate limit, short call timeouts. */
export function propertySettings(lenient: boolean, extra: DeepPartial<Settings['ocpp']> = {}): DeepPartial<Settings> {
  return { ocpp: { fetchConfigurationAfterBoot: false, lenient, maxMessagesPerSecond: 0, callTimeoutSec: 5, ...extra } }
}

/**
 * Catches what escapes to the process the way the app's entries do (installLastResort): an error
 * no handler caught is recorded instead of ending the test worker. One per test file.
 */
export function trapEscapedErrors(): EscapedErrorTrap {
  const lines: string[] = []
  const handle: LastResort = installLastResort({ log: (line) => lines.push(line), onFatal: (message) => lines.push(`FATAL: ${message}`) })
  return {
    drain: () => lines.splice(0, lines.length).map((line) => `escaped to the process: ${line.slice(0, 600)}`),
    uninstall: () => handle.uninstall(),
  }
}

export interface EscapedErrorTrap {
  drain(): string[]
  uninstall(): void
}

const newDataDir = (label: string) => mkdtemp(join(tmpdir(), `csms-props-${label.replace(/[^\w-]/g, '_')}-`))

export async function inProcessHost(label: string, settings: DeepPartial<Settings>, trap: EscapedErrorTrap): Promise<CsmsHost> {
  const folders = [await newDataDir(label)]
  let harness: Harness = await startHarness({ inMemory: false, dataDir: folders[0]!, settings })
  return {
    get ocppUrl() {
      return harness.ocppUrl
    },
    get apiUrl() {
      return harness.apiUrl
    },
    aliveProblems: () => [],
    drainEscaped: () => trap.drain(),
    async restart() {
      await harness.stop()
      try {
        harness = await startHarness({ inMemory: false, dataDir: folders.at(-1)!, settings })
        return undefined
      } catch (error) {
        folders.push(await newDataDir(label))
        harness = await startHarness({ inMemory: false, dataDir: folders.at(-1)!, settings })
        return (error as Error).stack?.slice(0, 800) ?? String(error)
      }
    },
    async dispose() {
      try {
        await harness.stop()
      } finally {
        for (const folder of folders) await rm(folder, { recursive: true, force: true })
      }
    },
  }
}

/** Lines of the app's output that say an error escaped or the app stopped on its own. */
const ESCAPED_LINE = /Unexpected error in|^FATAL|The Central System stops|Cannot start|Shutdown failed/

export async function childProcessHost(label: string, settings: DeepPartial<Settings>): Promise<CsmsHost> {
  const folders = [await newDataDir(label)]
  const start = async (dir: string): Promise<HeadlessApp> => {
    const started = await startHeadless([], dir, { fromSource: true })
    const applied = await postApi(started.apiUrl, 'updateSettings', settings)
    if (applied.status !== 200) throw new Error(`updateSettings answered ${applied.status}: ${applied.text}`)
    return started
  }
  let app = await start(folders[0]!)
  let seen = 0
  const ended = (): string | undefined => (app.process.exitCode !== null || app.process.signalCode !== null ? `the process ended (exit code ${app.process.exitCode}, signal ${app.process.signalCode}); its last output:\n${app.output.slice(-15).join('\n')}` : undefined)
  const stopApp = async (how: 'graceful' | 'kill'): Promise<string | undefined> => {
    if (app.process.exitCode !== null || app.process.signalCode !== null) return ended()
    const exited = new Promise<number | null>((resolve) => app.process.once('exit', (code) => resolve(code)))
    app.process.kill(how === 'kill' ? 'SIGKILL' : 'SIGTERM')
    const code = await exited
    return how === 'graceful' && code !== 0 ? `a graceful stop ended with exit code ${code}:\n${app.output.slice(-15).join('\n')}` : undefined
  }
  return {
    get ocppUrl() {
      return app.ocppUrl
    },
    get apiUrl() {
      return app.apiUrl
    },
    aliveProblems: () => {
      const why = ended()
      return why ? [why] : []
    },
    drainEscaped: () => {
      const found: string[] = []
      for (let index = seen; index < app.output.length; index += 1) {
        if (ESCAPED_LINE.test(app.output[index]!)) found.push(`the app reported: ${app.output.slice(index, index + 6).join('\n').slice(0, 800)}`)
      }
      seen = app.output.length
      return found
    },
    async restart(how) {
      const stopProblem = await stopApp(how)
      seen = 0
      try {
        app = await start(folders.at(-1)!)
        return stopProblem
      } catch (error) {
        folders.push(await newDataDir(label))
        app = await start(folders.at(-1)!)
        return `${stopProblem ? `${stopProblem}; then ` : ''}it did not start again on its data folder: ${(error as Error).message.slice(0, 1500)}`
      }
    },
    async dispose() {
      try {
        await stopApp('graceful')
      } finally {
        for (const folder of folders) await rm(folder, { recursive: true, force: true })
      }
    },
  }
}
