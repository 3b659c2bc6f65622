/**
 * §7 of issue 17: the data folder is the owner's alone. After a run with a little of everything
 * (frames, a transaction, a task, firmware, diagnostics by HTTP and FTP, TLS certificates, a
 * quarantined state file and a journal left by an older version), every directory is 0700 and every
 * file 0600, whatever the umask. POSIX only: Windows has no such modes.
 */
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { Client } from 'basic-ftp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarness } from '../../support/csms-harness'
import { walkDataDir } from '../../support/data-dir-files'

const now = () => new Date().toISOString()

describe.skipIf(process.platform === 'win32')('the data folder is private to its owner', () => {
  let umask: number
  beforeAll(() => {
    umask = process.umask(0o022) // the common default: without explicit modes files would be 0644
  })
  afterAll(() => {
    process.umask(umask)
  })

  it('after a run with every kind of file, every directory is 0700 and every file 0600; an existing wider folder is tightened', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'csms-modes-'))
    try {
      // Left by an older version: a folder open to everyone, a damaged state file, a journal segment 0644.
      await chmod(dataDir, 0o755)
      await writeFile(join(dataDir, 'state.json'), '{ not json', { mode: 0o644 })
      await mkdir(join(dataDir, 'message-log'), { mode: 0o755 })
      await writeFile(join(dataDir, 'message-log', 'messages-000001.jsonl'), '', { mode: 0o644 })

      const h = await startHarness({ dataDir, inMemory: false, config: { tls: true } })
      try {
        const cp = await h.booted('CP-MODES')
        await cp.call('StatusNotification', { connectorId: 1, status: 'Available', errorCode: 'NoError' })
        const start = await cp.call('StartTransaction', { connectorId: 1, idTag: 'TAG-1', meterStart: 0, timestamp: now() })
        const transactionId = (start[2] as { transactionId: number }).transactionId
        await cp.call('MeterValues', { connectorId: 1, transactionId, meterValue: [{ timestamp: now(), sampledValue: [{ value: '10' }] }] })
        await cp.call('StopTransaction', { transactionId, meterStop: 10, timestamp: now() })
        const call = cp.nextCall('Reset')
        const sent = h.invoke('sendCall', { stationId: 'CP-MODES', action: 'Reset', payload: { type: 'Soft' }, wait: true })
        cp.answer(await call, { status: 'Accepted' })
        await sent
        await h.invoke('uploadFirmwareFile', { name: 'fw.bin', contentBase64: Buffer.from('firmware').toString('base64') })
        const put = (await h.invoke<{ location: string }>('diagnosticsLocation', { stationId: 'CP-MODES', protocol: 'http-put' })).location
        expect((await fetch(`${put}log.txt`, { method: 'PUT', body: 'diagnostics' })).status).toBe(201)
        const ftp = new URL((await h.invoke<{ location: string }>('diagnosticsLocation', { stationId: 'CP-MODES', protocol: 'ftp' })).location)
        const client = new Client(5000)
        try {
          await client.access({ host: ftp.hostname, port: Number(ftp.port), user: decodeURIComponent(ftp.username), password: decodeURIComponent(ftp.password) })
          await client.uploadFrom(Readable.from([Buffer.from('by ftp')]), 'ftp-log.txt')
        } finally {
          client.close()
        }
        await expect.poll(async () => (await h.invoke<unknown[]>('listDiagnosticsUploads', { stationId: 'CP-MODES' })).length).toBe(2)
        expect(h.csms.info.ocppTlsUrls.length).toBeGreaterThan(0)
      } finally {
        await h.stop()
      }

      const entries = await walkDataDir(dataDir)
      const names = entries.map((e) => e.path)
      // The run wrote what this test means to check.
      for (const expected of ['state.json', 'tls', 'tasks', 'transactions', 'meter-values', 'status-history', 'firmware', 'diagnostics']) {
        expect(names.some((name) => name === expected || name.startsWith(`${expected}/`)), expected).toBe(true)
      }
      expect(names.some((name) => /^state\.json\.corrupt-/.test(name))).toBe(true)
      expect(names.filter((name) => name.startsWith('diagnostics/') && !name.includes('.incoming')).length).toBeGreaterThanOrEqual(3)
      const wrong = entries.filter((e) => e.mode !== (e.kind === 'dir' ? 0o700 : 0o600)).map((e) => `${e.path} ${e.kind} 0${e.mode.toString(8)}`)
      expect(wrong).toEqual([])
    } finally {
      await rm(dataDir, { recursive: true, force: true })
    }
  })
})
