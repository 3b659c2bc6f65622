/**
 * Issue 20 §3: two apps on one data folder would interleave journal records and hand out the same
 * ids. A second headless app started on a folder in use exits at once, naming the running one; once
 * that one stops, or dies without closing (SIGKILL), the folder can be used again.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startHeadless, type HeadlessApp } from '../../support/headless-process'

const started: HeadlessApp[] = []
let dataDir: string | undefined

afterEach(async () => {
  for (const app of started.splice(0)) await app.stop()
  if (dataDir) await rm(dataDir, { recursive: true, force: true })
  dataDir = undefined
}, 30_000)

async function start(): Promise<HeadlessApp> {
  const app = await startHeadless([], dataDir, { fromSource: true })
  started.push(app)
  return app
}

describe('one app per data folder', () => {
  it('a second app on a folder in use exits with a message naming the running one', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'csms-one-app-'))
    const first = await start()
    const refusal = await start().then(() => 'started', (error: Error) => error.message)
    expect(refusal).toContain('exited with 1')
    expect(refusal).toContain(`Another Central System (process ${first.process.pid}`)
    expect(refusal).toContain(dataDir)
    expect(refusal).not.toMatch(/\n\s+at /) // a sentence, not a stack
    // The running one is untouched.
    expect((await fetch(`${first.apiUrl}/getServerInfo`, { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } })).status).toBe(200)
  }, 60_000)

  it('a folder whose app died without closing is taken over at the next start', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'csms-one-app-'))
    const first = await start()
    const exited = new Promise((resolveExit) => first.process.once('exit', resolveExit))
    first.process.kill('SIGKILL')
    await exited
    started.splice(started.indexOf(first), 1)
    const second = await start()
    expect(second.output.join('\n')).toMatch(new RegExp(`locked by process ${first.process.pid}.*no longer runs`))
  }, 60_000)
})
