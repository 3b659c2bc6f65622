import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ConnectorStatus, StationDetail, StationSummary } from '@shared/contract/dto'
import { startHarness, type Harness } from '../../support/csms-harness'
import type { ScriptedChargePoint } from '../../support/scripted-charge-point'

const STATUSES = ['Available', 'Preparing', 'Charging', 'SuspendedEVSE', 'SuspendedEV', 'Finishing', 'Reserved', 'Unavailable', 'Faulted']
const ERROR_CODES = [
  'ConnectorLockFailure',
  'EVCommunicationError',
  'GroundFailure',
  'HighTemperature',
  'InternalError',
  'LocalListConflict',
  'NoError',
  'OtherError',
  'OverCurrentFailure',
  'PowerMeterFailure',
  'PowerSwitchFailure',
  'ReaderFailure',
  'ResetFailure',
  'UnderVoltage',
  'OverVoltage',
  'WeakSignal',
]

async function status(cp: ScriptedChargePoint, payload: Record<string, unknown>): Promise<unknown> {
  const answer = await cp.call('StatusNotification', { errorCode: 'NoError', ...payload })
  expect(answer[0]).toBe(3)
  return answer[2]
}

describe('StatusNotification', () => {
  let h: Harness
  beforeEach(async () => {
    h = await startHarness()
  })
  afterEach(async () => h.stop())

  it('TC_001_CSMS accepts Available for connector 0 and each connector after boot and shows them on the station', async () => {
    const cp = await h.booted('CP-SN1')
    for (const connectorId of [0, 1, 2]) expect(await status(cp, { connectorId, status: 'Available' })).toEqual({})
    const detail = await h.invoke<StationDetail>('getStation', { stationId: 'CP-SN1' })
    expect(Object.keys(detail.connectors ?? {}).sort()).toEqual(['0', '1', '2'])
    for (const id of ['0', '1', '2']) {
      expect(detail.connectors?.[id]).toMatchObject({ connectorId: Number(id), status: 'Available', errorCode: 'NoError' })
      expect(detail.connectors?.[id]?.warnings).toBeUndefined()
    }
  })

  it('TC_024_CSMS keeps Preparing then Faulted with ConnectorLockFailure', async () => {
    const cp = await h.booted('CP-SN24')
    expect(await status(cp, { connectorId: 1, status: 'Preparing' })).toEqual({})
    expect(await status(cp, { connectorId: 1, status: 'Faulted', errorCode: 'ConnectorLockFailure', info: 'lock', vendorId: 'com.acme', vendorErrorCode: 'E42' })).toEqual({})
    const detail = await h.invoke<StationDetail>('getStation', { stationId: 'CP-SN24' })
    expect(detail.connectors?.['1']).toMatchObject({ status: 'Faulted', errorCode: 'ConnectorLockFailure', info: 'lock', vendorId: 'com.acme', vendorErrorCode: 'E42' })
    expect(detail.connectors?.['1']?.warnings).toBeUndefined()
    const history = await h.invoke<ConnectorStatus[]>('getStatusHistory', { stationId: 'CP-SN24', connectorId: 1 })
    expect(history.map((s) => s.status)).toEqual(['Faulted', 'Preparing'])
  })

  it('accepts all 9 statuses and all 16 errorCodes', async () => {
    const cp = await h.booted('CP-SNALL')
    for (const s of STATUSES) expect(await status(cp, { connectorId: 1, status: s, timestamp: new Date().toISOString() })).toEqual({})
    for (const errorCode of ERROR_CODES) expect(await status(cp, { connectorId: 2, status: 'Faulted', errorCode })).toEqual({})
    const history = await h.invoke<ConnectorStatus[]>('getStatusHistory', { stationId: 'CP-SNALL', limit: 1000 })
    expect(history).toHaveLength(STATUSES.length + ERROR_CODES.length)
    expect(history.filter((s) => s.connectorId === 1).map((s) => s.status).reverse()).toEqual(STATUSES)
    expect(history.filter((s) => s.connectorId === 2).map((s) => s.errorCode).reverse()).toEqual(ERROR_CODES)
  })

  it('records warnings: connector 0 Charging, Available with OtherError, a timestamp in the future', async () => {
    const cp = await h.booted('CP-SNW')
    expect(await status(cp, { connectorId: 0, status: 'Charging' })).toEqual({})
    expect(await status(cp, { connectorId: 1, status: 'Available', errorCode: 'OtherError' })).toEqual({})
    const future = new Date(Date.now() + 3_600_000).toISOString()
    expect(await status(cp, { connectorId: 2, status: 'Available', timestamp: future })).toEqual({})
    const detail = await h.invoke<StationDetail>('getStation', { stationId: 'CP-SNW' })
    expect(detail.connectors?.['0']?.warnings?.join(' ')).toMatch(/Connector 0/)
    expect(detail.connectors?.['1']?.warnings?.join(' ')).toMatch(/OtherError/)
    expect(detail.connectors?.['2']?.warnings?.join(' ')).toMatch(/future/)
    expect(detail.connectors?.['2']?.timestamp).toBe(future)
  })

  it('announces the connector in stationUpdated', async () => {
    const cp = await h.booted('CP-SNEV')
    const seen: StationSummary[] = []
    const off = h.csms.bus.on('stationUpdated', (summary) => void seen.push(summary))
    await status(cp, { connectorId: 1, status: 'Charging' })
    off()
    expect(seen.some((s) => s.id === 'CP-SNEV' && s.connectors?.['1']?.status === 'Charging')).toBe(true)
  })

  it('answers the history newest first, per connector, with a limit, and NotFound for an unknown station', async () => {
    const cp = await h.booted('CP-SNH')
    for (const s of ['Available', 'Preparing', 'Charging', 'Finishing']) await status(cp, { connectorId: 1, status: s })
    await status(cp, { connectorId: 0, status: 'Available' })
    const all = await h.invoke<ConnectorStatus[]>('getStatusHistory', { stationId: 'CP-SNH' })
    expect(all.map((s) => `${s.connectorId}:${s.status}`)).toEqual(['0:Available', '1:Finishing', '1:Charging', '1:Preparing', '1:Available'])
    const two = await h.invoke<ConnectorStatus[]>('getStatusHistory', { stationId: 'CP-SNH', connectorId: 1, limit: 2 })
    expect(two.map((s) => s.status)).toEqual(['Finishing', 'Charging'])
    await expect(h.invoke('getStatusHistory', { stationId: 'nobody' })).rejects.toMatchObject({ code: 'NotFound' })
  })

  it('is refused (SecurityError) for a station never accepted', async () => {
    const cp = await h.connect('CP-SNNEW')
    const answer = await cp.call('StatusNotification', { connectorId: 1, status: 'Available', errorCode: 'NoError' })
    expect(answer[0]).toBe(4)
    expect(answer[2]).toBe('SecurityError')
  })
})

describe('status history across a restart', () => {
  let dataDir: string | undefined
  afterEach(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true })
  })

  it('keeps the current connector status and the history', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'csms-status-'))
    const first = await startHarness({ inMemory: false, dataDir })
    const cp = await first.booted('CP-SNR')
    await status(cp, { connectorId: 1, status: 'Preparing' })
    await status(cp, { connectorId: 1, status: 'Charging' })
    await first.stop()

    const second = await startHarness({ inMemory: false, dataDir })
    try {
      const detail = await second.invoke<StationDetail>('getStation', { stationId: 'CP-SNR' })
      expect(detail.connectors?.['1']?.status).toBe('Charging')
      const again = await second.connect('CP-SNR')
      await status(again, { connectorId: 1, status: 'Finishing' })
      const history = await second.invoke<ConnectorStatus[]>('getStatusHistory', { stationId: 'CP-SNR', connectorId: 1 })
      expect(history.map((s) => s.status)).toEqual(['Finishing', 'Charging', 'Preparing'])
    } finally {
      await second.stop()
    }
  })
})
