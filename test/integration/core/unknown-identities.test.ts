/**
 * Issue 20 §3 over real sockets: identities that connect but are never accepted are not saved (a
 * flood of them cannot grow the state file); they are listed as unsaved and counted; a boot answered
 * Accepted saves the station; "reject unknown stations" refuses an identity seen but never saved.
 */
import { readFile, rm, mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { StationSummary } from '@shared/contract/dto'
import { STATE_FILE } from '../../../src/main/storage'
import { startHarness, type Harness } from '../../support/csms-harness'

let h: Harness | undefined
let dataDir: string | undefined
afterEach(async () => {
  await h?.stop()
  if (dataDir) await rm(dataDir, { recursive: true, force: true })
  h = dataDir = undefined
})

describe('identities never accepted are kept in memory only', () => {
  it('are listed as unsaved and counted, are not in the state file and are gone after a restart; an accepted one is saved', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'csms-unknown-'))
    h = await startHarness({ inMemory: false, dataDir, settings: { ocpp: { unknownStations: 'accept' } } })
    await h.booted('CP-ACCEPTED')
    await h.connect('CP-QUIET')
    await h.invoke('updateSettings', { ocpp: { unknownStations: 'pending' } })
    const pending = await h.connect('CP-PENDING')
    expect((await pending.boot())[2]).toMatchObject({ status: 'Pending' })
    const listed = await h.invoke<StationSummary[]>('listStations', {})
    expect(Object.fromEntries(listed.map((s) => [s.id, s.unsaved ?? false]))).toEqual({ 'CP-ACCEPTED': false, 'CP-QUIET': true, 'CP-PENDING': true })
    expect(await h.invoke('getUnknownIdentityCounts', {})).toEqual({ kept: 2, dropped: 0, cap: 1000 })
    await h.invoke('upsertIdTag', { idTag: 'ANY', status: 'Accepted' }) // a change: the state file is written
    const onDisk = await readFile(join(dataDir, STATE_FILE), 'utf8')
    expect(onDisk).toContain('CP-ACCEPTED')
    expect(onDisk).not.toContain('CP-QUIET')
    expect(onDisk).not.toContain('CP-PENDING')
    await h.stop()
    h = await startHarness({ inMemory: false, dataDir })
    expect((await h.invoke<StationSummary[]>('listStations', {})).map((s) => s.id)).toEqual(['CP-ACCEPTED'])
  })

  it('with unknown stations refused, an identity seen but never saved is refused; registering it lets it in', async () => {
    h = await startHarness({ settings: { ocpp: { unknownStations: 'pending' } } })
    const seen = await h.connect('CP-SEEN')
    await seen.boot()
    await seen.close()
    await h.invoke('updateSettings', { ocpp: { unknownStations: 'reject' } })
    await expect(h.connect('CP-SEEN')).rejects.toThrow('HTTP 404')
    await h.invoke('setRegistration', { stationId: 'CP-SEEN', status: 'Accepted' })
    const admitted = await h.connect('CP-SEEN')
    expect((await admitted.boot())[2]).toMatchObject({ status: 'Accepted' })
  })
})
