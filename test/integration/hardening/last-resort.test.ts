/**
 * The last-resort handler in a real process over real sockets: an error nothing caught is logged
 * once and every server keeps answering; a failed data store stops the process with a clear
 * message and a non-zero exit code.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ScriptedChargePoint } from '../../support/scripted-charge-point'

const ROOT = resolve(import.meta.dirname, '../../..')
const CHILD = resolve(import.meta.dirname, 'fixtures/last-resort-child.ts')

let child: ChildProcess | undefined
afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL')
  child = undefined
})

async function startChild(): Promise<{ ocppUrl: string; apiUrl: string; stderr: () => string; exited: Promise<number | null> }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD], { cwd: ROOT, env: { ...process.env, TSX_TSCONFIG_PATH: resolve(ROOT, 'tsconfig.node.json') }, stdio: ['ignore', 'pipe', 'pipe'] })
  child = proc
  let stdout = ''
  let stderr = ''
  proc.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<number | null>((resolveExit) => proc.once('exit', (code) => resolveExit(code)))
  const ready = await new Promise<string>((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error(`child not ready within 15 s:\n${stdout}\n${stderr}`)), 15_000)
    proc.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      const line = /READY (\S+) (\S+)/.exec(stdout)
      if (line) {
        clearTimeout(timer)
        resolveReady(line[0])
      }
    })
    void exited.then((code) => reject(new Error(`child exited with ${code}:\n${stderr}`)))
  })
  const [, ocppUrl, apiUrl] = ready.split(' ')
  return { ocppUrl: ocppUrl!, apiUrl: apiUrl!, stderr: () => stderr, exited }
}

function occurrences(text: string, needle: string): number {
  return text.split(needle).length - 1
}

describe('the last-resort handler in a running CSMS', () => {
  it('logs each escaped error once and keeps every server answering', async () => {
    const app = await startChild()
    const cp = await ScriptedChargePoint.connect(app.ocppUrl, 'CP-BUGGY')
    await cp.boot()
    for (let i = 0; i < 3; i += 1) expect((await cp.call('DataTransfer', { vendorId: 'bug' }))[2]).toEqual({ status: 'Accepted' })
    for (let i = 0; i < 2; i += 1) expect((await cp.call('DataTransfer', { vendorId: 'rejects' }))[2]).toEqual({ status: 'Accepted' })
    await expect.poll(() => occurrences(app.stderr(), 'a forgotten promise rejected')).toBe(1)
    await expect.poll(() => occurrences(app.stderr(), 'vendor hook bug in a timer')).toBe(1)
    // Still serving: the same station, a new one, the API.
    expect((await cp.call('Heartbeat', {}))[0]).toBe(3)
    const other = await ScriptedChargePoint.connect(app.ocppUrl, 'CP-OTHER')
    expect(((await other.boot())[2] as { status: string }).status).toBe('Accepted')
    const info = await fetch(`${app.apiUrl}/getServerInfo`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })
    expect(info.status).toBe(200)
    expect(app.stderr()).toMatch(/Unexpected error in no handler \(uncaught exception\)/)
    expect(app.stderr()).toMatch(/Unexpected error in no handler \(unhandled promise rejection\)/)
    expect(occurrences(app.stderr(), 'vendor hook bug in a timer')).toBe(1)
    await Promise.all([cp.close(), other.close()])
  })

  it('stops with a clear message and a non-zero exit code when the data store fails', async () => {
    const app = await startChild()
    const cp = await ScriptedChargePoint.connect(app.ocppUrl, 'CP-DISK')
    await cp.boot()
    await cp.call('DataTransfer', { vendorId: 'disk' })
    expect(await app.exited).toBe(1)
    expect(app.stderr()).toMatch(/The Central System stops: its data store failed \(JOURNAL_FAILED\): .*ENOSPC.*Check free space and permissions of the data directory/)
  })
})
