/**
 * The Smart Charging service (charging-service.ts) with in-memory storage: the library, sending
 * (ids, transactions), what it learns from answers and transactions, and the checks and previews.
 */
import { describe, expect, it, vi } from 'vitest'
import type { InstalledProfile, ProfileTemplate } from '@shared/contract/charging-dto'
import type { ChargingRepository } from '../../../../src/main/storage/charging-repository'
import { ProfileSchemaError, UnknownLibraryProfileError } from '../../../../src/main/services/smart-charging/charging-service'
import { answered, chargingService, iso, NOW, template } from './charging-service-fixture'

describe('the profile library', () => {
  it('saves a profile with a new id, trimmed name and note, and tells clients', async () => {
    const { charging, events } = await chargingService()
    const { record, warnings } = charging.saveLibraryProfile({ name: '  Night  ', note: '  cheap  ', profile: template() })
    expect(record).toMatchObject({ name: 'Night', note: 'cheap', profile: template(), createdAt: expect.any(String), updatedAt: expect.any(String) })
    expect(record.id).toMatch(/^[0-9a-f-]{36}$/)
    expect(warnings).toEqual(expect.any(Array))
    expect(charging.library()).toEqual([record])
    expect(events).toEqual([{ name: 'chargingLibraryChanged', data: [record] }])
  })

  it('a blank note is left out; saving under an existing id keeps its creation time', async () => {
    const { charging } = await chargingService()
    const first = charging.saveLibraryProfile({ id: 'p1', name: 'A', note: '   ', profile: template() }).record
    expect(first).not.toHaveProperty('note')
    const stored = { ...first, createdAt: '2020-01-01T00:00:00.000Z' }
    // Make the stored record older, then save again under its id.
    ;(charging as unknown as { deps: { repo: ChargingRepository } }).deps.repo.saveLibraryProfile(stored)
    const second = charging.saveLibraryProfile({ id: 'p1', name: 'B', profile: template() }).record
    expect(second).toMatchObject({ id: 'p1', name: 'B', createdAt: '2020-01-01T00:00:00.000Z' })
    expect(charging.library()).toHaveLength(1)
  })

  it('a profile that breaks the schema is refused with its violations, paths relative to the profile', async () => {
    const { charging } = await chargingService()
    let error: unknown
    try {
      charging.saveLibraryProfile({ name: 'X', profile: template({ stackLevel: 'high' as never }) })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ProfileSchemaError)
    expect((error as ProfileSchemaError).violations).toEqual([expect.objectContaining({ path: '/stackLevel', code: 'TypeConstraintViolation' })])
    expect((error as Error).message).toMatch(/^The profile breaks the OCPP 1\.6 schema: \/stackLevel: must be of type integer/)
    expect(charging.library()).toEqual([])
  })

  it('a limit with two decimals is kept, with a warning that it cannot be sent as is', async () => {
    const { charging } = await chargingService()
    const profile = template({ chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 6.15 }] } as never })
    const { record, warnings } = charging.saveLibraryProfile({ name: 'P', profile })
    expect(record.profile).toEqual(profile)
    expect(warnings[0]).toBe('/chargingSchedule/chargingSchedulePeriod/0/limit must be a multiple of 0.1: the OCPP schema allows one decimal, so the station would never get this profile as it is; round it before sending')
  })

  it('deletes a profile and tells clients; an unknown id is an error naming it', async () => {
    const { charging, events } = await chargingService()
    charging.saveLibraryProfile({ id: 'p1', name: 'A', profile: template() })
    charging.deleteLibraryProfile('p1')
    expect(charging.library()).toEqual([])
    expect(events.at(-1)).toEqual({ name: 'chargingLibraryChanged', data: [] })
    expect(() => charging.deleteLibraryProfile('p1')).toThrow(UnknownLibraryProfileError)
    expect(() => charging.deleteLibraryProfile('p1')).toThrow('No charging profile "p1" in the library')
  })
})

describe('sending a profile', () => {
  it('each target gets a new id from the counter, unless the call or the profile names one', async () => {
    const { charging, sent } = await chargingService()
    await charging.send({ targets: [{ stationId: 'CP1', connectorId: 1 }, { stationId: 'CP2', connectorId: 0 }], profile: template() })
    expect(sent.map((s) => [s.stationId, s.payload.connectorId, s.payload.csChargingProfiles.chargingProfileId])).toEqual([
      ['CP1', 1, 101],
      ['CP2', 0, 102],
    ])
    await charging.send({ targets: [{ stationId: 'CP1', connectorId: 1 }], profile: template({ chargingProfileId: 7 }) })
    expect(sent[2]!.payload.csChargingProfiles.chargingProfileId).toBe(7)
    await charging.send({ targets: [{ stationId: 'CP1', connectorId: 1 }], profile: template({ chargingProfileId: 7 }), chargingProfileId: 9 })
    expect(sent[3]!.payload.csChargingProfiles.chargingProfileId).toBe(9)
    expect(await charging.newProfileId()).toBe(103)
  })

  it('the remarks on the payload go with it; the tasks are answered', async () => {
    const { charging, sent } = await chargingService()
    const result = await charging.send({ targets: [{ stationId: 'CP1', connectorId: 1 }], profile: template() })
    expect(result.tasks.map((t) => t.id)).toEqual(['t1'])
    expect(sent[0]!.warnings).toEqual(['a remark'])
  })

  it('a profile that breaks the schema is never sent', async () => {
    const { charging, sent } = await chargingService()
    await expect(charging.send({ targets: [{ stationId: 'CP1', connectorId: 1 }], profile: template({ chargingProfileKind: 'Sometimes' as never }) })).rejects.toBeInstanceOf(ProfileSchemaError)
    expect(sent).toEqual([])
  })

  it('transactionId "running" takes the transaction on the connector, or is left out with a remark', async () => {
    const { charging, sent } = await chargingService({ runningOn: (stationId, connectorId) => (stationId === 'CP1' && connectorId === 1 ? { transactionId: 55, timestamp: iso(NOW) } : undefined) })
    const tx = template({ chargingProfilePurpose: 'TxProfile', transactionId: 3 })
    await charging.send({ targets: [{ stationId: 'CP1', connectorId: 1 }, { stationId: 'CP1', connectorId: 2 }], profile: tx, transactionId: 'running' })
    expect(sent[0]!.payload.csChargingProfiles.transactionId).toBe(55)
    expect(sent[1]!.payload.csChargingProfiles).not.toHaveProperty('transactionId')
    expect(sent[1]!.warnings).toEqual(['No transaction runs on CP1 connector 2: sent without transactionId', 'a remark'])
    expect(sent[0]!.warnings).toEqual(['a remark'])
  })

  it('transactionId null removes it, a number sets it, absent keeps the profile’s', async () => {
    const { charging, sent } = await chargingService()
    const tx = template({ chargingProfilePurpose: 'TxProfile', transactionId: 3 })
    await charging.send({ targets: [{ stationId: 'CP1', connectorId: 1 }], profile: tx, transactionId: null })
    await charging.send({ targets: [{ stationId: 'CP1', connectorId: 1 }], profile: tx, transactionId: 8 })
    await charging.send({ targets: [{ stationId: 'CP1', connectorId: 1 }], profile: tx })
    expect(sent.map((s) => s.payload.csChargingProfiles.transactionId)).toEqual([undefined, 8, 3])
    expect(sent[0]!.payload.csChargingProfiles).not.toHaveProperty('transactionId')
  })

  it('anchor now leaves an unreadable validFrom as it is and still moves the schedule', async () => {
    const { charging, sent } = await chargingService()
    const start = NOW - 3_600_000
    const profile = template({ validTo: iso(start + 60_000), chargingSchedule: { chargingRateUnit: 'A', startSchedule: iso(start), chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] } as never })
    await charging.send({ targets: [{ stationId: 'CP1', connectorId: 1 }], profile, anchorNow: true })
    expect(sent[0]!.payload.csChargingProfiles.chargingSchedule.startSchedule).toBe(iso(NOW))
    expect(sent[0]!.payload.csChargingProfiles.validTo).toBe(iso(NOW + 60_000))
    expect(sent[0]!.payload.csChargingProfiles).not.toHaveProperty('validFrom')
  })
})

describe('what the service learns from answers', () => {
  it('an accepted SetChargingProfile is installed with where it came from (library, task, transaction), and clients are told', async () => {
    const { charging, events } = await chargingService()
    const { tasks } = await charging.send({ targets: [{ stationId: 'CP1', connectorId: 1 }], profile: template({ chargingProfilePurpose: 'TxProfile', transactionId: 4 }), libraryId: 'lib-1' })
    const task = tasks[0]!
    events.length = 0
    charging.taskFinished(answered({ ...task, state: 'answered', response: { status: 'Accepted' }, finishedAt: iso(NOW + 5000) }))
    expect(charging.installed('CP1')).toEqual([
      { connectorId: 1, profile: (task.payload as { csChargingProfiles: unknown }).csChargingProfiles, installedAt: iso(NOW + 5000), via: 'SetChargingProfile', taskId: task.id, libraryId: 'lib-1', transactionId: 4 },
    ])
    expect(events).toEqual([{ name: 'chargingChanged', data: { stationId: 'CP1' } }])
  })

  it('the library id is forgotten once its task finished, whatever the outcome', async () => {
    const { charging } = await chargingService()
    const { tasks } = await charging.send({ targets: [{ stationId: 'CP1', connectorId: 1 }], profile: template(), libraryId: 'lib-1' })
    charging.taskFinished(answered({ ...tasks[0]!, state: 'timeout' }))
    charging.taskFinished(answered({ ...tasks[0]!, state: 'answered' }))
    expect(charging.installed('CP1')[0]).not.toHaveProperty('libraryId')
    expect(charging.installed('CP1')[0]).not.toHaveProperty('transactionId')
  })

  it('a SetChargingProfile that was rejected, not answered, or answered without Accepted installs nothing', async () => {
    const { charging, events } = await chargingService()
    const payload = { connectorId: 1, csChargingProfiles: { ...template(), chargingProfileId: 1 } }
    charging.taskFinished(answered({ payload, response: { status: 'Rejected' } }))
    charging.taskFinished(answered({ payload, state: 'callerror' }))
    charging.taskFinished(answered({ payload, response: undefined }))
    expect(charging.installed('CP1')).toEqual([])
    expect(events).toEqual([])
  })

  it('a finished task without finishedAt is dated now', async () => {
    const { charging } = await chargingService()
    const payload = { connectorId: 1, csChargingProfiles: { ...template(), chargingProfileId: 1 } }
    charging.taskFinished(answered({ payload, finishedAt: undefined }))
    expect(Date.parse(charging.installed('CP1')[0]!.installedAt)).toBeGreaterThan(NOW)
  })

  it('an accepted RemoteStartTransaction with a profile installs it waiting for its transaction (connector 0 when none named)', async () => {
    const { charging } = await chargingService()
    const chargingProfile = { ...template({ chargingProfilePurpose: 'TxProfile' }), chargingProfileId: 5 }
    charging.taskFinished(answered({ id: 'rs', action: 'RemoteStartTransaction', payload: { idTag: 'T', chargingProfile } }))
    expect(charging.installed('CP1')).toEqual([{ connectorId: 0, profile: chargingProfile, installedAt: iso(NOW + 1000), via: 'RemoteStartTransaction', taskId: 'rs', awaitingTransaction: true }])
    charging.taskFinished(answered({ id: 'rs2', action: 'RemoteStartTransaction', payload: { idTag: 'T', connectorId: 2, chargingProfile: { ...chargingProfile, chargingProfileId: 6, stackLevel: 1 } } }))
    expect(charging.installed('CP1')[1]).toMatchObject({ connectorId: 2, awaitingTransaction: true })
  })

  it('a RemoteStartTransaction without a profile, or rejected, installs nothing', async () => {
    const { charging } = await chargingService()
    charging.taskFinished(answered({ action: 'RemoteStartTransaction', payload: { idTag: 'T' } }))
    charging.taskFinished(answered({ action: 'RemoteStartTransaction', payload: { idTag: 'T', chargingProfile: { ...template(), chargingProfileId: 5 } }, response: { status: 'Rejected' } }))
    expect(charging.installed('CP1')).toEqual([])
  })

  it('an accepted ClearChargingProfile removes what it names; a rejected one removes nothing', async () => {
    const { charging, repo } = await chargingService()
    const item = (id: number, connectorId: number): InstalledProfile => ({ connectorId, profile: { ...template(), chargingProfileId: id, stackLevel: id }, installedAt: iso(NOW), via: 'SetChargingProfile', taskId: `t${id}` })
    repo.setInstalled('CP1', [item(1, 1), item(2, 2)])
    charging.taskFinished(answered({ action: 'ClearChargingProfile', payload: { connectorId: 1 }, response: { status: 'Unknown' } }))
    expect(charging.installed('CP1').map((i) => i.profile.chargingProfileId)).toEqual([1, 2])
    charging.taskFinished(answered({ action: 'ClearChargingProfile', payload: { connectorId: 1 } }))
    expect(charging.installed('CP1').map((i) => i.profile.chargingProfileId)).toEqual([2])
  })

  it('a GetCompositeSchedule answer is kept as the station’s report, whatever its status, and clients are told', async () => {
    const { charging, repo, events } = await chargingService()
    const response = { status: 'Accepted', connectorId: 1, scheduleStart: iso(NOW), chargingSchedule: { chargingRateUnit: 'A', duration: 60, chargingSchedulePeriod: [{ startPeriod: 0, limit: 6 }] } }
    charging.taskFinished(answered({ id: 'g1', action: 'GetCompositeSchedule', payload: { connectorId: 1, duration: 60 }, response }))
    expect(repo.reported('CP1')['1']).toMatchObject({ connectorId: 1, status: 'Accepted', taskId: 'g1', receivedAt: iso(NOW + 1000), chargingSchedule: response.chargingSchedule })
    expect(events).toEqual([{ name: 'chargingChanged', data: { stationId: 'CP1' } }])
    charging.taskFinished(answered({ id: 'g2', action: 'GetCompositeSchedule', payload: { connectorId: 2, duration: 60 }, response: undefined }))
    expect(repo.reported('CP1')['2']).toMatchObject({ status: 'unknown', taskId: 'g2' })
  })

  it('an answer to another action changes nothing', async () => {
    const { charging, events } = await chargingService()
    charging.taskFinished(answered({ action: 'Reset', payload: { type: 'Soft' } }))
    expect(events).toEqual([])
  })
})

describe('what the service learns from transactions', () => {
  const summary = (over: Record<string, unknown>) => ({ stationId: 'CP1', connectorId: 1, transactionId: 70, active: true, ...over }) as never
  const waiting = (id: number, connectorId: number): InstalledProfile => ({ connectorId, profile: { ...template({ chargingProfilePurpose: 'TxProfile' }), chargingProfileId: id, stackLevel: id }, installedAt: iso(NOW), via: 'RemoteStartTransaction', taskId: `t${id}`, awaitingTransaction: true })

  it('a transaction that starts binds the waiting RemoteStart profile to it; when it stops, its TxProfiles cease', async () => {
    const { charging, events } = await chargingService()
    const { repo } = { repo: (charging as unknown as { deps: { repo: ChargingRepository } }).deps.repo }
    repo.setInstalled('CP1', [waiting(1, 0)])
    charging.transactionChanged(summary({}))
    expect(charging.installed('CP1')).toEqual([expect.objectContaining({ connectorId: 1, transactionId: 70 })])
    expect(charging.installed('CP1')[0]).not.toHaveProperty('awaitingTransaction')
    expect(events).toEqual([{ name: 'chargingChanged', data: { stationId: 'CP1' } }])
    charging.transactionChanged(summary({ active: false }))
    expect(charging.installed('CP1')).toEqual([])
    expect(events).toHaveLength(2)
  })

  it('an orphan transaction, a station without profiles, or nothing to bind or drop changes nothing', async () => {
    const { charging, repo, events } = await chargingService()
    charging.transactionChanged(summary({}))
    repo.setInstalled('CP1', [waiting(1, 0)])
    charging.transactionChanged(summary({ orphan: true }))
    expect(charging.installed('CP1')[0]).toMatchObject({ awaitingTransaction: true })
    const fixed: InstalledProfile = { connectorId: 1, profile: { ...template(), chargingProfileId: 9, stackLevel: 9 }, installedAt: iso(NOW), via: 'SetChargingProfile', taskId: 't9' }
    repo.setInstalled('CP1', [fixed])
    charging.transactionChanged(summary({}))
    charging.transactionChanged(summary({ active: false }))
    expect(charging.installed('CP1')).toEqual([fixed])
    expect(events).toEqual([])
  })

  it('forgetting a connector drops its profiles only; forgetting the station drops all', async () => {
    const { charging, repo, events } = await chargingService()
    const item = (id: number, connectorId: number): InstalledProfile => ({ connectorId, profile: { ...template(), chargingProfileId: id, stackLevel: id }, installedAt: iso(NOW), via: 'SetChargingProfile', taskId: `t${id}` })
    repo.setInstalled('CP1', [item(1, 1), item(2, 2)])
    charging.forget('CP1', 3)
    expect(events).toEqual([])
    charging.forget('CP1', 1)
    expect(charging.installed('CP1').map((i) => i.connectorId)).toEqual([2])
    charging.forget('CP1')
    expect(charging.installed('CP1')).toEqual([])
    expect(events).toHaveLength(2)
  })
})

describe('checks and previews', () => {
  it('a check without a station gives the library warnings; a broken profile gives violations only', async () => {
    const { charging } = await chargingService()
    expect(charging.check(template(), {})).toEqual({ violations: [], warnings: expect.any(Array) })
    const broken = charging.check(template({ stackLevel: -1.5 as never }), {})
    expect(broken.violations.length).toBeGreaterThan(0)
    expect(broken.warnings).toEqual([])
    expect(charging.check(null, {})).toMatchObject({ warnings: [] })
  })

  it('a check for a station asks the station’s rules, for SetChargingProfile or RemoteStartTransaction, without the connector remark', async () => {
    const asked: { stationId: string; action: string; payload: unknown }[] = []
    const { charging } = await chargingService({ warningsFor: (stationId, action, payload) => (asked.push({ stationId, action, payload }), ['No connectorId given', 'too high']) })
    expect(charging.check(template(), { stationId: 'CP1', connectorId: 2 })).toEqual({ violations: [], warnings: ['too high'] })
    expect(asked[0]).toEqual({ stationId: 'CP1', action: 'SetChargingProfile', payload: { connectorId: 2, csChargingProfiles: template() } })
    charging.check(template(), { stationId: 'CP1' })
    expect(asked[1]!.payload).toMatchObject({ connectorId: 0 })
    charging.check(template({ chargingProfilePurpose: 'TxProfile' }), { stationId: 'CP1', usage: 'RemoteStartTransaction' })
    expect(asked[2]).toEqual({ stationId: 'CP1', action: 'RemoteStartTransaction', payload: { idTag: 'check', chargingProfile: template({ chargingProfilePurpose: 'TxProfile' }) } })
  })

  it('a RemoteStartTransaction check reports its violations at paths relative to the profile', async () => {
    const { charging } = await chargingService()
    const result = charging.check(template({ stackLevel: 'x' as never }), { usage: 'RemoteStartTransaction' })
    expect(result.violations).toEqual([expect.objectContaining({ path: '/stackLevel' })])
  })

  it('a preview shows the profile’s own limits over the window asked for, from now by default, a day long', async () => {
    const { charging } = await chargingService()
    const preview = charging.preview(template(), {})
    expect(preview).toMatchObject({ chargingRateUnit: 'A', from: iso(NOW), duration: 86_400, spans: [{ start: iso(NOW), end: iso(NOW + 3_600_000), limit: 16 }] })
    const later = charging.preview(template(), { from: iso(NOW + 1_800_000), duration: 600, chargingRateUnit: 'W', voltage: 230 })
    expect(later).toMatchObject({ chargingRateUnit: 'W', from: iso(NOW + 1_800_000), duration: 600, spans: [{ start: iso(NOW + 1_800_000), end: iso(NOW + 2_400_000), limit: 11_040 }] })
    const relative = template({ chargingProfileKind: 'Relative', chargingSchedule: { chargingRateUnit: 'A', duration: 60, chargingSchedulePeriod: [{ startPeriod: 0, limit: 8 }] } as never })
    expect(charging.preview(relative, { transactionStart: iso(NOW - 30_000) }).spans).toEqual([{ start: iso(NOW), end: iso(NOW + 30_000), limit: 8 }])
    expect(() => charging.preview(template({ stackLevel: 'x' as never }), {})).toThrow(ProfileSchemaError)
  })
})

describe('the station view', () => {
  it('is in W only when every installed profile is in W, and says which connectors failed', async () => {
    const { charging, repo, warned } = await chargingService({ station: () => ({ connectors: { '1': {}, '2': {} } }) as never })
    const item = (id: number, unit: 'A' | 'W'): InstalledProfile => ({ connectorId: 1, profile: { ...template({ chargingSchedule: { chargingRateUnit: unit, chargingSchedulePeriod: [{ startPeriod: 0, limit: 11_000 }] } as never }), chargingProfileId: id, stackLevel: id }, installedAt: iso(NOW), via: 'SetChargingProfile', taskId: `t${id}` })
    repo.setInstalled('CP1', [item(1, 'W')])
    const inW = await charging.view('CP1')
    expect(inW).toMatchObject({ stationId: 'CP1', chargingRateUnit: 'W', from: iso(NOW), duration: 86_400, voltage: 230 })
    expect(inW.connectors.map((c) => c.connectorId)).toEqual([0, 1, 2])
    repo.setInstalled('CP1', [item(1, 'W'), item(2, 'A')])
    expect((await charging.view('CP1')).chargingRateUnit).toBe('A')
    expect((await charging.view('CP1', { chargingRateUnit: 'W', from: iso(NOW + 1000), duration: 60 })).duration).toBe(60)
    expect(warned).toEqual([])
  })

  it('a running transaction is shown on its connector (dated now when its start cannot be read)', async () => {
    const { charging } = await chargingService({ station: () => ({ connectors: { '1': {} } }) as never, runningOn: (_s, connectorId) => (connectorId === 1 ? { transactionId: 12, timestamp: 'garbage' } : undefined) })
    const view = await charging.view('CP1')
    expect(view.connectors[1]).toMatchObject({ connectorId: 1, transactionId: 12 })
    expect(view.connectors[0]).not.toHaveProperty('transactionId')
  })
})

describe('defaults', () => {
  it('without an injected clock the service dates from the system clock', async () => {
    const { charging } = await chargingService({ now: undefined })
    const before = Date.now()
    const preview = charging.preview(template(), { duration: 60 })
    expect(Date.parse(preview.from)).toBeGreaterThanOrEqual(before)
    expect(Date.parse(preview.from)).toBeLessThanOrEqual(Date.now())
  })

  it('without a log, a connector that cannot be computed is reported on the console', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    try {
      const { charging } = await chargingService({
        log: undefined,
        station: () => ({ connectors: { '1': {} } }) as never,
        runningOn: () => {
          throw new Error('store down')
        },
      })
      const view = await charging.view('CP1')
      expect(view.connectors[1]!.error).toMatch(/could not compute connector 1/)
      const lines = warn.mock.calls.map((call) => String(call[0]))
      expect(lines).toContainEqual(expect.stringMatching(/^Smart Charging: the view of CP1 connector 1 could not be computed \(error id [0-9a-f]{8}\)$/))
      // The failure's own words go to the log under that id, never into the view.
      expect(lines).toContainEqual(expect.stringMatching(/^Internal error [0-9a-f]{8} in the Smart Charging view of CP1 connector 1: Error: store down/))
    } finally {
      warn.mockRestore()
      error.mockRestore()
    }
  })

  it('a stored report that breaks the view is moved to quarantine, said in the log and shown with the view', async () => {
    const { charging, repo, warned } = await chargingService({ station: () => ({ connectors: { '1': {} } }) as never })
    repo.setReported('CP1', { connectorId: 1, requested: { duration: 60 }, status: 'Accepted', scheduleStart: iso(NOW), chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: null } as never, receivedAt: iso(NOW), taskId: 'g' })
    const view = await charging.view('CP1')
    expect(view.connectors[1]!.error).toMatch(/moved to quarantine/)
    expect(warned).toContainEqual(expect.stringMatching(/^Smart Charging: the stored GetCompositeSchedule answer of CP1 connector 1 could not be used \(the Smart Charging view could not use it \(error id [0-9a-f]{8}\)\); it was moved to quarantine/))
    expect(repo.reported('CP1')).toEqual({})
    expect((await charging.view('CP1')).quarantined).toEqual([expect.objectContaining({ collection: 'reportedComposites', stationId: 'CP1', key: 'CP1/1' })])
  })
})

describe('rules the mutation run asked for', () => {
  const item = (id: number, connectorId: number, over: Partial<ProfileTemplate> = {}, extra: Partial<InstalledProfile> = {}): InstalledProfile => ({ connectorId, profile: { ...template(over), chargingProfileId: id, stackLevel: id }, installedAt: iso(NOW), via: 'SetChargingProfile', taskId: `t${id}`, ...extra })

  it('a schema refusal is a ProfileSchemaError by name', async () => {
    const { charging } = await chargingService()
    expect(() => charging.preview(template({ stackLevel: 'x' as never }), {})).toThrow(expect.objectContaining({ name: 'ProfileSchemaError' }))
  })

  it('warnings on validity are judged at the service’s clock, in the library, the check and the preview', async () => {
    const { charging } = await chargingService()
    const soon = template({ validTo: iso(NOW + 3_600_000) })
    expect(charging.saveLibraryProfile({ name: 'P', profile: soon }).warnings).toEqual([])
    expect(charging.check(soon, {}).warnings).toEqual([])
    expect(charging.preview(soon, {}).warnings).toEqual([])
    const past = template({ validTo: iso(NOW - 1000) })
    expect(charging.check(past, {}).warnings).toEqual(['validTo is in the past: the station will not apply this profile'])
  })

  it('a check without a station never asks a station’s rules; a broken profile gets no warnings however odd it is', async () => {
    const { charging } = await chargingService()
    expect(charging.check(template(), {})).toEqual({ violations: [], warnings: [] })
    expect(charging.check(template({ stackLevel: 'x' as never, validTo: iso(NOW - 1000) }), {}).warnings).toEqual([])
  })

  it('a profile that is not an object is refused as such', async () => {
    const { charging } = await chargingService()
    expect(charging.check('x', {}).violations).toEqual([{ code: 'TypeConstraintViolation', path: '', message: 'must be of type object' }])
  })

  it('profiles are sent as SetChargingProfile', async () => {
    const { charging, sent } = await chargingService()
    await charging.send({ targets: [{ stationId: 'CP1', connectorId: 1 }], profile: template() })
    expect(sent[0]!.action).toBe('SetChargingProfile')
  })

  it('anchor now leaves a profile without validTo without one', async () => {
    const { charging, sent } = await chargingService()
    const start = NOW - 3_600_000
    const profile = template({ validFrom: iso(start), chargingSchedule: { chargingRateUnit: 'A', startSchedule: iso(start), chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] } as never })
    await charging.send({ targets: [{ stationId: 'CP1', connectorId: 1 }], profile, anchorNow: true })
    expect(sent[0]!.payload.csChargingProfiles.validFrom).toBe(iso(NOW))
    expect(Object.keys(sent[0]!.payload.csChargingProfiles)).not.toContain('validTo')
  })

  it('a transaction start binds the waiting profile also when other profiles are installed; a stop drops its TxProfile and keeps the rest', async () => {
    const { charging, repo } = await chargingService()
    repo.setInstalled('CP1', [item(1, 1), item(2, 0, { chargingProfilePurpose: 'TxProfile' }, { via: 'RemoteStartTransaction', awaitingTransaction: true })])
    charging.transactionChanged({ stationId: 'CP1', connectorId: 1, transactionId: 70, active: true } as never)
    expect(charging.installed('CP1')[1]).toMatchObject({ connectorId: 1, transactionId: 70 })
    charging.transactionChanged({ stationId: 'CP1', connectorId: 1, transactionId: 70, active: false } as never)
    expect(charging.installed('CP1').map((i) => i.profile.chargingProfileId)).toEqual([1])
  })

  it('a view with no profiles is in A; a station the CSMS does not know shows connector 0', async () => {
    const { charging } = await chargingService()
    const view = await charging.view('CP9')
    expect(view.chargingRateUnit).toBe('A')
    expect(view.connectors.map((c) => c.connectorId)).toEqual([0])
  })

  it('a profile replaced in place is stored and told', async () => {
    const { charging, repo, events } = await chargingService()
    repo.setInstalled('CP1', [item(1, 1), item(2, 1)])
    const replacement = { ...template(), chargingProfileId: 2, stackLevel: 5 }
    charging.taskFinished(answered({ payload: { connectorId: 1, csChargingProfiles: replacement } }))
    expect(charging.installed('CP1').map((i) => [i.profile.chargingProfileId, i.profile.stackLevel])).toEqual([[1, 1], [2, 5]])
    expect(events).toEqual([{ name: 'chargingChanged', data: { stationId: 'CP1' } }])
  })
})

