/** Issue 20 §3: identities never accepted are kept in memory only, the most recent ones, with counts. */
import { describe, expect, it } from 'vitest'
import type { OcppSettings, StationRecord, ViolationRecord } from '@shared/contract/dto'
import { EventBus } from '../../../src/main/services/event-bus'
import { StationService, type LiveConnection, type StationStore } from '../../../src/main/services/station-service'
import { MAX_UNKNOWN_IDENTITIES, UnknownIdentities } from '../../../src/main/services/unknown-identities'
import { DEFAULT_SETTINGS } from '../../../src/main/storage/defaults'

const record = (id: string): StationRecord => ({ id, firstSeen: 't', lastSeen: 't', everAccepted: false, overrides: {}, violationCount: 0 })
const violation = (n: number): ViolationRecord => ({ time: `t${n}`, action: 'Heartbeat', messageId: `m${n}`, direction: 'in', accepted: true, violations: [] })

describe('unknown identities in memory', () => {
  it('keeps the most recent up to the cap (1,000 by default), counting those forgotten; a touched one becomes the most recent', () => {
    expect(MAX_UNKNOWN_IDENTITIES).toBe(1_000)
    const kept = new UnknownIdentities(3)
    for (const id of ['a', 'b', 'c']) kept.put(record(id))
    kept.put(record('a')) // touched again: now the newest
    kept.put(record('d'))
    expect(kept.list().map((r) => r.id)).toEqual(['c', 'a', 'd'])
    expect(kept.counts()).toEqual({ kept: 3, dropped: 1, cap: 3 })
    expect(kept.has('b')).toBe(false)
  })

  it('counts violations and keeps the newest 20 of them; removing forgets both', () => {
    const kept = new UnknownIdentities()
    kept.put(record('x'))
    for (let n = 0; n < 25; n += 1) kept.recordViolation('x', violation(n))
    expect(kept.get('x')?.violationCount).toBe(25)
    expect(kept.recentViolations('x').map((v) => v.messageId)).toEqual(Array.from({ length: 20 }, (_, i) => `m${24 - i}`))
    expect(kept.recordViolation('nobody', violation(1))).toBeUndefined()
    kept.remove('x')
    expect(kept.recentViolations('x')).toEqual([])
    expect(kept.counts()).toMatchObject({ kept: 0, dropped: 0 })
  })
})

function service(unknownStations: OcppSettings['unknownStations'] = 'accept') {
  const saved = new Map<string, StationRecord>()
  const store: StationStore = {
    get: (id) => saved.get(id),
    list: () => [...saved.values()],
    upsert: (r) => void saved.set(r.id, r),
    recordViolation: (id) => {
      const r = saved.get(id)
      if (r) saved.set(id, { ...r, violationCount: r.violationCount + 1 })
      return saved.get(id)
    },
    recentViolations: () => [],
  }
  const stations = new StationService(store, () => ({ ...DEFAULT_SETTINGS.ocpp, unknownStations }), new EventBus())
  const connect = (identity: string): LiveConnection => {
    const connection: LiveConnection = { identity, connectedAt: 't', pendingCalls: 0, reschedulePing: () => undefined }
    stations.connected(connection)
    return connection
  }
  return { stations, saved, connect }
}

const boot = { chargePointVendor: 'V', chargePointModel: 'M' }

describe('station service: an identity is saved once accepted', () => {
  it('one that connects, sends statuses and a violation, and boots Pending or Rejected stays in memory, listed as unsaved', () => {
    const { stations, saved, connect } = service('pending')
    connect('CP-NEW')
    stations.recordStatus('CP-NEW', { connectorId: 1, status: 'Available', errorCode: 'NoError' })
    stations.recordViolation('CP-NEW', violation(1))
    stations.recordBoot('CP-NEW', boot, 'Pending')
    stations.recordBoot('CP-NEW', boot, 'Rejected')
    expect(saved.size).toBe(0)
    expect(stations.get('CP-NEW')).toMatchObject({ registrationPolicy: 'Pending', violationCount: 1, boot: { chargePointVendor: 'V' } })
    expect(stations.registered('CP-NEW')).toBeUndefined()
    expect(stations.list()).toEqual([expect.objectContaining({ id: 'CP-NEW', unsaved: true })])
    expect(stations.detail('CP-NEW').recentViolations).toHaveLength(1)
    expect(stations.unknownCounts()).toMatchObject({ kept: 1 })
  })

  it('a boot answered Accepted saves it, with what was learnt before', () => {
    const { stations, saved, connect } = service('accept')
    connect('CP-OK')
    stations.recordStatus('CP-OK', { connectorId: 1, status: 'Available', errorCode: 'NoError' })
    stations.recordBoot('CP-OK', boot, 'Accepted')
    expect(saved.get('CP-OK')).toMatchObject({ everAccepted: true, connectors: { '1': { status: 'Available' } } })
    expect(stations.list()[0]!.unsaved).toBeUndefined()
    expect(stations.unknownCounts().kept).toBe(0)
  })

  it('the operator registering one, setting its security profile or its overrides saves it', () => {
    const { stations, saved, connect } = service('pending')
    for (const id of ['A', 'B', 'C']) connect(id)
    stations.setRegistration('A', 'Accepted')
    stations.setSecurityProfile('B', 1)
    stations.updateOverrides('C', { heartbeatIntervalSec: 60 })
    expect([...saved.keys()].sort()).toEqual(['A', 'B', 'C'])
    expect(saved.get('A')?.registrationPolicy).toBe('Accepted')
  })

  it('an identity the operator registers before it connects is saved at once', () => {
    const { stations, saved } = service('reject')
    stations.setRegistration('CP-PRE', 'Pending')
    expect(saved.get('CP-PRE')?.registrationPolicy).toBe('Pending')
  })
})
