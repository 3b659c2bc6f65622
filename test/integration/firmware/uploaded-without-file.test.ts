/**
 * Issue 17 §6: a station that reports DiagnosticsStatusNotification "Uploaded" while no file
 * arrived at the location made for that GetDiagnostics is flagged, after a grace period in which
 * the file may still land. A scripted charge point and a real FTP upload; the grace period's end is
 * run by the test (injected scheduler), so nothing waits on wall-clock time.
 */
import { Readable } from 'node:stream'
import { Client } from 'basic-ftp'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CallTask, DiagnosticsRequest, StationFileStatus } from '@shared/contract'
import { startHarness, type Harness } from '../../support/csms-harness'
import type { ScriptedChargePoint } from '../../support/scripted-charge-point'

describe('DiagnosticsStatusNotification Uploaded without a file', () => {
  let h: Harness
  let cp: ScriptedChargePoint
  let checks: { run: () => void; delayMs: number }[]
  beforeEach(async () => {
    checks = []
    h = await startHarness({
      fileTuning: {
        uploadMissingGraceMs: 15_000,
        schedule: (run, delayMs) => {
          checks.push({ run, delayMs })
          return () => undefined
        },
      },
    })
    cp = await h.booted('CP-DIAG')
  })
  afterEach(async () => h.stop())

  const current = async () => (await h.invoke<StationFileStatus>('getStationFileStatus', { stationId: 'CP-DIAG' })).diagnostics.current as DiagnosticsRequest & { uploadMissing?: boolean; uploadNote?: string }

  async function request(): Promise<string> {
    const incoming = cp.nextCall('GetDiagnostics')
    await h.invoke('requestDiagnostics', { stationId: 'CP-DIAG', protocol: 'ftp' })
    const call = await incoming
    cp.answer(call, { fileName: 'diag.zip' })
    await expect.poll(async () => (await current()).outcome).toBe('answered')
    return (call[3] as { location: string }).location
  }

  async function upload(location: string): Promise<void> {
    const url = new URL(location)
    const client = new Client(5000)
    try {
      await client.access({ host: url.hostname, port: Number(url.port), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) })
      await client.uploadFrom(Readable.from([Buffer.from('diagnostics')]), 'diag.zip')
    } finally {
      client.close()
    }
  }

  /** Runs every grace-period check scheduled so far (as when the grace period ends). */
  const endGrace = () => checks.splice(0).forEach((check) => check.run())

  it('flags the request after the grace period when no file came, says what to check, and clears the flag when the file lands late', async () => {
    const location = await request()
    await cp.call('DiagnosticsStatusNotification', { status: 'Uploading' })
    await cp.call('DiagnosticsStatusNotification', { status: 'Uploaded' })
    await expect.poll(() => checks.length).toBe(1)
    expect(checks[0]!.delayMs).toBe(15_000)
    expect((await current()).uploadMissing).toBeUndefined()
    endGrace()
    await expect.poll(async () => (await current()).uploadMissing).toBe(true)
    const flagged = await current()
    expect(flagged.uploadNote).toMatch(/Uploaded/)
    expect(flagged.uploadNote).toMatch(/no file/i)
    expect(flagged.uploadNote).toMatch(/passive|firewall|reach/i)
    expect(flagged.uploadId).toBeUndefined()
    // The GetDiagnostics task's result says it too, over the API as in the command history.
    const task = async () => ((await h.http('listTasks', { stationId: 'CP-DIAG' })).body as CallTask[]).find((t) => t.id === flagged.taskId)!
    expect((await task()).uploadMissing).toBe(flagged.uploadNote)

    await upload(location)
    await expect.poll(async () => (await current()).uploadId).toBeDefined()
    const after = await current()
    expect(after.uploadMissing).toBeUndefined()
    expect(after.uploadNote).toBeUndefined()
    await expect.poll(async () => (await task()).uploadMissing).toBeUndefined()
  })

  it('does not flag a request whose file lands just after the Uploaded notification', async () => {
    const location = await request()
    await cp.call('DiagnosticsStatusNotification', { status: 'Uploaded' })
    await expect.poll(() => checks.length).toBe(1)
    await upload(location)
    await expect.poll(async () => (await current()).uploadId).toBeDefined()
    endGrace()
    const settled = await current()
    expect(settled.uploadMissing).toBeUndefined()
    expect(settled.statuses.map((s) => s.status)).toEqual(['Uploaded'])
  })

  it('does not judge a location the CSMS did not make (a typed one)', async () => {
    const incoming = cp.nextCall('GetDiagnostics')
    await h.invoke('requestDiagnostics', { stationId: 'CP-DIAG', location: 'ftp://user:pass@diag.example.org/logs/' })
    cp.answer(await incoming, { fileName: 'x.zip' })
    await cp.call('DiagnosticsStatusNotification', { status: 'Uploaded' })
    endGrace()
    expect((await current()).uploadMissing).toBeUndefined()
    expect(checks).toEqual([])
  })
})
