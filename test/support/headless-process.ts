/**
 * Runs the built app headless in a child process, as a user would (`node out/main/headless.js`),
 * and reads the endpoints it prints; with `fromSource`, src/main/headless.ts through tsx (no build needed).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { assertFreshBuild } from './build-freshness'

export const ROOT = resolve(import.meta.dirname, '../..')
export const HEADLESS_ENTRY = join(ROOT, 'out', 'main', 'headless.js')

export interface HeadlessApp {
  process: ChildProcess
  ocppUrl: string
  uiUrl: string
  apiUrl: string
  output: string[]
  dataDir: string
  stop(): Promise<void>
}

export interface HeadlessOptions {
  /** Run src/main/headless.ts through tsx instead of the build (tests that need no `npm run build`). */
  fromSource?: boolean
}

export async function startHeadless(extraArgs: string[] = [], dataDir?: string, options: HeadlessOptions = {}): Promise<HeadlessApp> {
  // A build older than the sources would test stale code: refused, with what to run (not needed from source).
  if (!options.fromSource) assertFreshBuild()
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'csms-e2e-')))
  const entry = options.fromSource ? ['--import', 'tsx', join(ROOT, 'src', 'main', 'headless.ts')] : [HEADLESS_ENTRY]
  const child = spawn(process.execPath, [...entry, '--headless', '--ocpp-host', '127.0.0.1', '--ocpp-port', '0', '--api-port', '0', '--files-host', '127.0.0.1', '--files-port', '0', '--ftp-port', '0', '--tls-port', '0', '--data-dir', dir, ...extraArgs], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CSMS_CONFIG: '', ...(options.fromSource ? { TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.node.json') } : {}) },
  })
  const output: string[] = []
  const found: Record<string, string> = {}
  await new Promise<void>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`headless app did not print its endpoints within 20 s:\n${output.join('\n')}`)), 20_000)
    const onLine = (line: string) => {
      output.push(line)
      const match = /^(OCPP endpoint|UI|API): (\S+)/.exec(line)
      if (match) found[match[1]!] ??= match[2]!
      if (found['OCPP endpoint'] && found.UI && found.API) {
        clearTimeout(timer)
        resolvePromise()
      }
    }
    let buffered = ''
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString()
      const lines = buffered.split('\n')
      buffered = lines.pop() ?? ''
      lines.forEach(onLine)
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`headless app exited with ${code}:\n${output.join('\n')}`))
    })
  })
  return {
    process: child,
    ocppUrl: found['OCPP endpoint']!.replace(/\/<charge point identity>$/, ''),
    uiUrl: found.UI!,
    apiUrl: found.API!,
    output,
    dataDir: dir,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolveExit) => child.once('exit', resolveExit))
        child.kill('SIGTERM')
        await exited
      }
      if (!dataDir) await rm(dir, { recursive: true, force: true })
    },
  }
}
