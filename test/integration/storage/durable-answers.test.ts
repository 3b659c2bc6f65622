/**
 * Issue 20 §2, "done" means durable: an API command that changed the state answers once the change
 * is on disk, and a CS→CP task is announced final once what the station acknowledged is on disk.
 * Each check reads the state file the instant the answer arrives (the store otherwise writes a
 * little later, in the background: a kill at that instant lost the change).
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CallTask } from '@shared/contract/dto'
import { STATE_FILE } from '../../../src/main/storage'
import { startHarness, type Harness } from '../../support/csms-harness'

const onDisk = async (h: Harness): Promise<string> => readFile(join(h.dataDir, STATE_FILE), 'utf8')

describe('answers come once the change is on disk', () => {
  let h: Harness
  beforeEach(async () => {
    // A long background delay: only the wait for durability can have written the change in time.
    h = await startHarness({ inMemory: false, core: { stateFlushDelayMs: 60_000 } })
  })
  afterEach(async () => h.stop())

  it('id tags, settings, a library profile and a security setting are in the state file when their 200 arrives', async () => {
    expect((await h.http('upsertIdTag', { idTag: 'DURABLE-TAG-1', status: 'Accepted' })).status).toBe(200)
    expect(await onDisk(h)).toContain('DURABLE-TAG-1')
    expect((await h.http('updateSettings', { ocpp: { heartbeatIntervalSec: 4321 } })).status).toBe(200)
    expect(JSON.parse(await onDisk(h)).settings.ocpp.heartbeatIntervalSec).toBe(4321)
    const profile = { chargingProfileId: 77, stackLevel: 1, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Absolute', chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] } }
    expect((await h.http('saveChargingProfile', { name: 'Durable night', profile })).status).toBe(200)
    expect(await onDisk(h)).toContain('Durable night')
    expect((await h.http('updateSettings', { ocpp: { requireBasicAuth: true }, security: { allowedHosts: ['depot.example'] } })).status).toBe(200)
    expect(JSON.parse(await onDisk(h)).settings).toMatchObject({ ocpp: { requireBasicAuth: true }, security: { allowedHosts: ['depot.example'] } })
    await h.http('setRegistration', { stationId: 'CP-SEC', status: 'Accepted' })
    expect((await h.http('setSecurityProfile', { stationId: 'CP-SEC', profile: 2 })).status).toBe(200)
    expect(await onDisk(h)).toMatch(/"CP-SEC".*"securityProfile":2/s)
  })

  it('a reservation the station accepted is in the state file when the task is final', async () => {
    await h.invoke('upsertIdTag', { idTag: 'TAG-RES', status: 'Accepted' })
    const cp = await h.booted('CP-DURABLE')
    const incoming = cp.nextCall('ReserveNow')
    const final = new Promise<CallTask>((resolve) => h.csms.bus.on('taskUpdated', (task) => void (task.action === 'ReserveNow' && task.finishedAt && resolve(task))))
    await h.invoke<CallTask>('reserveNow', { stationId: 'CP-DURABLE', connectorId: 1, idTag: 'TAG-RES', expiryDate: new Date(Date.now() + 3_600_000).toISOString(), reservationId: 4711 })
    cp.answer(await incoming, { status: 'Accepted' })
    expect((await final).state).toBe('answered')
    const reservation = (JSON.parse(await onDisk(h)) as { reservations: Record<string, { reservationId: number; state: string }> }).reservations
    expect(Object.values(reservation).find((r) => r.reservationId === 4711)?.state).toBe('active')
  })
})
