import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { CallTask, ConfigurationSnapshot, LogPage, StationDetail } from '@shared/contract/dto'
import { startHarness } from '../../support/csms-harness'

describe('a restart of the Central System', () => {
  let dataDir: string | undefined
  afterEach(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true })
  })

  it('keeps stations, their overrides, settings and the message log; an accepted station is served without a new boot', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'csms-restart-'))
    const first = await startHarness({ inMemory: false, dataDir })
    const cp = await first.booted('CP-PERSIST')
    await cp.call('Heartbeat', {}, 'before-restart')
    await first.invoke('updateStation', { stationId: 'CP-PERSIST', overrides: { lenient: true } })
    await first.invoke('updateSettings', { ocpp: { heartbeatIntervalSec: 77 } })
    await first.stop()

    const second = await startHarness({ inMemory: false, dataDir })
    try {
      const detail = await second.invoke<StationDetail>('getStation', { stationId: 'CP-PERSIST' })
      expect(detail).toMatchObject({ everAccepted: true, registrationStatus: 'Accepted', overrides: { lenient: true }, boot: { chargePointVendor: 'TestVendor' } })
      expect(detail.effective.heartbeatIntervalSec).toBe(77)
      const log = await second.invoke<LogPage>('queryLog', { stationId: 'CP-PERSIST', action: 'Heartbeat' })
      expect(log.entries.map((e) => e.messageId)).toContain('before-restart')
      const again = await second.connect('CP-PERSIST')
      expect((await again.call('Heartbeat', {}))[0]).toBe(3)
    } finally {
      await second.stop()
    }
  })

  it('keeps the command history and the configuration snapshot with every answer; a call cut off by the shutdown ends as offline', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'csms-restart-'))
    const first = await startHarness({ inMemory: false, dataDir })
    const cp = await first.connect('CP-HISTORY', { autoAnswer: (action) => (action === 'ChangeConfiguration' ? { status: 'Rejected' } : { status: 'Accepted' }) })
    await cp.boot()
    await first.invoke('sendCall', { stationId: 'CP-HISTORY', action: 'ClearCache', payload: {}, wait: true })
    await first.invoke('sendCall', { stationId: 'CP-HISTORY', action: 'ChangeConfiguration', payload: { key: 'MeterValueSampleInterval', value: '-1' }, wait: true })
    const silent = await first.connect('CP-SILENT')
    await silent.boot()
    await first.invoke('sendCall', { stationId: 'CP-SILENT', action: 'Reset', payload: { type: 'Soft' } })
    await silent.nextCall('Reset')
    await first.stop()

    const second = await startHarness({ inMemory: false, dataDir })
    try {
      const tasks = await second.invoke<CallTask[]>('listTasks', {})
      expect(tasks.map((t) => [t.stationId, t.action, t.state])).toEqual([
        ['CP-SILENT', 'Reset', 'offline'],
        ['CP-HISTORY', 'ChangeConfiguration', 'answered'],
        ['CP-HISTORY', 'ClearCache', 'answered'],
      ])
      const snapshot = await second.invoke<ConfigurationSnapshot>('getConfigurationSnapshot', { stationId: 'CP-HISTORY' })
      expect(snapshot.lastChanges?.MeterValueSampleInterval).toMatchObject({ value: '-1', status: 'Rejected' })
    } finally {
      await second.stop()
    }
  })
})
