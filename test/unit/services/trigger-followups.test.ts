import { describe, expect, it } from 'vitest'
import { TriggerFollowUps } from '../../../src/main/services/trigger-followups'
import { deepMerge } from '../../../src/main/storage/deep-merge'

describe('what a TriggerMessage brought', () => {
  it('links the next message of the requested kind, for the requested connector, within a minute, once', () => {
    let now = 0
    const links: [string, string][] = []
    const followUps = new TriggerFollowUps((taskId, t) => void links.push([taskId, `${t.action}:${(t.payload as { connectorId?: number }).connectorId ?? '-'}`]), () => now)
    followUps.accepted('CP1', 't1', 'StatusNotification', 2)
    followUps.observed('CP1', 'StatusNotification', { connectorId: 1 }, 'm1') // another connector
    followUps.observed('CP2', 'StatusNotification', { connectorId: 2 }, 'm2') // another station
    followUps.observed('CP1', 'Heartbeat', {}, 'm3') // another message
    followUps.observed('CP1', 'StatusNotification', { connectorId: 2 }, 'm4')
    followUps.observed('CP1', 'StatusNotification', { connectorId: 2 }, 'm5') // already linked
    followUps.accepted('CP1', 't2', 'Heartbeat')
    now = 61_000
    followUps.observed('CP1', 'Heartbeat', {}, 'm6') // too late
    expect(links).toEqual([['t1', 'StatusNotification:2']])
  })
})

describe('settings merge', () => {
  it('null clears an optional text setting but never a number or an object', () => {
    const base = { files: { publicHost: '10.0.0.2' as string | null, maxUploadMb: 256 } }
    expect(deepMerge(base, { files: { publicHost: null } })).toEqual({ files: { publicHost: null, maxUploadMb: 256 } })
    expect(deepMerge(base, { files: { maxUploadMb: null as unknown as number } })).toEqual(base)
    expect(deepMerge(base, { files: null as unknown as typeof base.files })).toEqual(base)
  })
})
