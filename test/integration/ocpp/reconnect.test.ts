import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CallTask, LogPage, StationSummary } from '@shared/contract/dto'
import { startHarness, type Harness } from '../../support/csms-harness'

describe('connections over time', () => {
  let h: Harness
  beforeEach(async () => {
    h = await startHarness()
  })
  afterEach(async () => h.stop())

  it('frames a station sends after the CSMS closed its connection are not handled (it resends them on reconnect)', async () => {
    const cp = await h.booted('CP-LATE')
    h.csms.ocpp.get('CP-LATE')!.close(1001, 'Central System shutting down')
    cp.sendRaw(JSON.stringify([2, 'after-close', 'Heartbeat', {}])) // crosses the close frame on the wire
    await cp.waitClosed()
    const log = await h.invoke<LogPage>('queryLog', { stationId: 'CP-LATE', action: 'Heartbeat' })
    expect(log.entries.map((e) => e.messageId)).not.toContain('after-close')
  })

  it('a second connection with the same identity replaces the first; its pending calls fail with a reason', async () => {
    const old = await h.booted('CP-DUP')
    const pending = h.invoke<CallTask>('sendCall', { stationId: 'CP-DUP', action: 'ClearCache', payload: {}, wait: true })
    await old.nextCall('ClearCache')
    const fresh = await h.connect('CP-DUP')
    const closed = await old.waitClosed()
    expect(closed.reason).toMatch(/Replaced/)
    const task = await pending
    expect(task.state).toBe('offline')
    expect(task.reason).toMatch(/Replaced by a new connection/)
    // The new connection is served (no new boot needed).
    expect((await fresh.call('Heartbeat', {}))[0]).toBe(3)
    const next = h.invoke<CallTask>('sendCall', { stationId: 'CP-DUP', action: 'ClearCache', payload: {}, wait: true })
    fresh.answer(await fresh.nextCall('ClearCache'), { status: 'Accepted' })
    expect((await next).state).toBe('answered')
    const station = (await h.invoke<StationSummary[]>('listStations')).find((s) => s.id === 'CP-DUP')
    expect(station?.connection.connected).toBe(true)
  })

  it('a dropped connection fails its pending call as offline and marks the station offline', async () => {
    const cp = await h.booted('CP-DROP')
    const pending = h.invoke<CallTask>('sendCall', { stationId: 'CP-DROP', action: 'ClearCache', payload: {}, wait: true })
    await cp.nextCall('ClearCache')
    cp.socket.terminate()
    expect((await pending).state).toBe('offline')
    await expect.poll(async () => (await h.invoke<StationSummary[]>('listStations')).find((s) => s.id === 'CP-DROP')?.connection.connected).toBe(false)
  })

  it('detects a station that stops answering pings and drops it', async () => {
    await h.invoke('updateSettings', { ocpp: { pingIntervalSec: 1 } })
    // A client that never answers pings: what a half-open connection looks like from here.
    await h.booted('CP-MUTE', { autoPong: false })
    await expect.poll(async () => (await h.invoke<StationSummary[]>('listStations')).find((s) => s.id === 'CP-MUTE')?.connection, { timeout: 6000 }).toMatchObject({ connected: false })
    const station = (await h.invoke<StationSummary[]>('listStations')).find((s) => s.id === 'CP-MUTE')
    expect(station?.connection.disconnectReason).toMatch(/ping/)
  })
})
