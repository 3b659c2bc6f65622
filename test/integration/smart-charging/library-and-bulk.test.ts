import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { CallTask, LibraryProfile, ProfileCheck, ProfilePreview, SendProfileResult, StationChargingView } from '@shared/contract'
import { startHarness, type Harness } from '../../support/csms-harness'

const daily = {
  stackLevel: 1,
  chargingProfilePurpose: 'TxDefaultProfile',
  chargingProfileKind: 'Recurring',
  recurrencyKind: 'Daily',
  chargingSchedule: { startSchedule: '2026-01-01T22:00:00Z', duration: 28_800, chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 11_000 }, { startPeriod: 14_400, limit: 7_400 }] },
}

describe('the charging profile library', () => {
  let h: Harness
  afterEach(async () => h.stop())

  it('saves, lists, replaces and deletes profiles, pushing the whole library to clients', async () => {
    h = await startHarness()
    const pushed: LibraryProfile[][] = []
    h.csms.bus.on('chargingLibraryChanged', (list) => void pushed.push(list))
    const { record, warnings } = await h.invoke<{ record: LibraryProfile; warnings: string[] }>('saveChargingProfile', { name: 'Night', profile: daily })
    expect(warnings).toEqual([])
    await h.invoke('saveChargingProfile', { id: record.id, name: 'Night (depot)', note: 'buses', profile: { ...daily, stackLevel: 2 } })
    const list = await h.invoke<LibraryProfile[]>('listChargingProfiles', {})
    expect(list).toEqual([expect.objectContaining({ id: record.id, name: 'Night (depot)', note: 'buses', createdAt: record.createdAt, profile: expect.objectContaining({ stackLevel: 2 }) })])
    expect(pushed).toHaveLength(2)
    await h.invoke('deleteChargingProfile', { id: record.id })
    expect(await h.invoke('listChargingProfiles', {})).toEqual([])
    await expect(h.invoke('deleteChargingProfile', { id: record.id })).rejects.toMatchObject({ code: 'NotFound' })
  })

  it('refuses only a profile that breaks the schema, naming the problem; OCPP rule breaks are warnings', async () => {
    h = await startHarness()
    const broken = await h.http('saveChargingProfile', { name: 'bad', profile: { ...daily, chargingProfileKind: 'Sometimes' } })
    expect(broken.status).toBe(400)
    expect(JSON.stringify(broken.body)).toMatch(/chargingProfileKind/)
    const odd = await h.invoke<{ warnings: string[] }>('saveChargingProfile', { name: 'odd', profile: { ...daily, chargingSchedule: { ...daily.chargingSchedule, chargingSchedulePeriod: [{ startPeriod: 60, limit: 6 }] } } })
    expect(odd.warnings.join()).toMatch(/SHALL start at 0/)
    const precise = await h.invoke<{ record: LibraryProfile; warnings: string[] }>('saveChargingProfile', { name: 'precise', profile: { ...daily, chargingSchedule: { ...daily.chargingSchedule, chargingSchedulePeriod: [{ startPeriod: 0, limit: 6.05 }] } } })
    expect(precise.warnings.join()).toMatch(/one decimal/)
    expect(precise.record.profile.chargingSchedule.chargingSchedulePeriod[0]!.limit).toBe(6.05)
    await h.invoke('setRegistration', { stationId: 'CP-X', status: 'Accepted' })
    await expect(h.invoke('sendChargingProfile', { targets: [{ stationId: 'CP-X', connectorId: 1 }], profile: precise.record.profile })).rejects.toMatchObject({ code: 'BadRequest', message: expect.stringMatching(/multiple of 0.1/) })
    const check = await h.invoke<ProfileCheck>('checkChargingProfile', { profile: daily, usage: 'RemoteStartTransaction' })
    expect(check.warnings.join()).toMatch(/TxProfile/)
    expect(check.violations).toEqual([])
  })

  it('previews a recurring profile over a window: the daily occurrences, converted to the asked unit', async () => {
    h = await startHarness()
    const preview = await h.invoke<ProfilePreview>('previewChargingProfile', { profile: daily, from: '2026-03-02T00:00:00Z', duration: 86_400, chargingRateUnit: 'A' })
    // The occurrence that began at 22:00 the day before: 11 kW until 02:00, 7.4 kW until 06:00; the next at 22:00.
    expect(preview.spans.map((s) => [s.start, s.end, s.limit])).toEqual([
      ['2026-03-02T00:00:00.000Z', '2026-03-02T02:00:00.000Z', 15.9],
      ['2026-03-02T02:00:00.000Z', '2026-03-02T06:00:00.000Z', 10.7],
      ['2026-03-02T22:00:00.000Z', '2026-03-03T00:00:00.000Z', 15.9],
    ])
  })
})

describe('sending to many stations and what the CSMS remembers', () => {
  let h: Harness
  let dataDir: string | undefined
  afterEach(async () => {
    await h.stop()
    if (dataDir) await rm(dataDir, { recursive: true, force: true })
  })

  it('one task per target with its own new chargingProfileId; offline and rejecting stations are reported per target', async () => {
    h = await startHarness()
    const answers: Record<string, string> = { 'CP-A': 'Accepted', 'CP-B': 'Rejected' }
    for (const id of ['CP-A', 'CP-B']) {
      const cp = await h.connect(id, { autoAnswer: () => ({ status: answers[id] }) })
      await cp.boot()
    }
    await h.invoke('setRegistration', { stationId: 'CP-OFF', status: 'Accepted' })
    const { tasks } = await h.invoke<SendProfileResult>('sendChargingProfile', {
      targets: [{ stationId: 'CP-A', connectorId: 0 }, { stationId: 'CP-A', connectorId: 1 }, { stationId: 'CP-B', connectorId: 1 }, { stationId: 'CP-OFF', connectorId: 1 }],
      profile: daily,
    })
    expect(tasks.map((t) => t.stationId)).toEqual(['CP-A', 'CP-A', 'CP-B', 'CP-OFF'])
    const ids = tasks.map((t) => (t.payload as { csChargingProfiles: { chargingProfileId: number } }).csChargingProfiles.chargingProfileId)
    expect(new Set(ids).size).toBe(4)
    await expect.poll(async () => (await h.invoke<CallTask[]>('listTasks', {})).filter((t) => t.finishedAt).length).toBe(4)
    const finished = await h.invoke<CallTask[]>('listTasks', {})
    const outcome = (stationId: string) => finished.filter((t) => t.stationId === stationId).map((t) => (t.state === 'answered' ? (t.response as { status: string }).status : t.state))
    expect(outcome('CP-A')).toEqual(['Accepted', 'Accepted'])
    expect(outcome('CP-B')).toEqual(['Rejected'])
    expect(outcome('CP-OFF')).toEqual(['offline'])
    expect((await h.invoke<StationChargingView>('getChargingView', { stationId: 'CP-A' })).installed).toHaveLength(2)
    expect((await h.invoke<StationChargingView>('getChargingView', { stationId: 'CP-B' })).installed).toEqual([])
    await expect(h.invoke('sendChargingProfile', { targets: [{ stationId: 'NOBODY', connectorId: 1 }], profile: daily })).rejects.toMatchObject({ code: 'NotFound' })
  })

  it('what a station holds and the ids handed out survive a restart; forgetting sends nothing', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'csms-sc-'))
    h = await startHarness({ inMemory: false, dataDir })
    const cp = await h.connect('CP-KEEP', { autoAnswer: () => ({ status: 'Accepted' }) })
    await cp.boot()
    const first = await h.invoke<SendProfileResult>('sendChargingProfile', { targets: [{ stationId: 'CP-KEEP', connectorId: 1 }], profile: daily })
    await expect.poll(async () => (await h.invoke<StationChargingView>('getChargingView', { stationId: 'CP-KEEP' })).installed.length).toBe(1)
    const firstId = (first.tasks[0]!.payload as { csChargingProfiles: { chargingProfileId: number } }).csChargingProfiles.chargingProfileId
    await h.stop()

    h = await startHarness({ inMemory: false, dataDir })
    const kept = await h.invoke<StationChargingView>('getChargingView', { stationId: 'CP-KEEP', chargingRateUnit: 'W' })
    expect(kept.installed.map((i) => i.profile.chargingProfileId)).toEqual([firstId])
    const again = await h.invoke<SendProfileResult>('sendChargingProfile', { targets: [{ stationId: 'CP-KEEP', connectorId: 1 }], profile: daily })
    expect((again.tasks[0]!.payload as { csChargingProfiles: { chargingProfileId: number } }).csChargingProfiles.chargingProfileId).toBeGreaterThan(firstId)
    const forgotten = await h.invoke<StationChargingView>('forgetInstalledProfiles', { stationId: 'CP-KEEP' })
    expect(forgotten.installed).toEqual([])
  })
})
