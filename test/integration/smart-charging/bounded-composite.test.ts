/**
 * Issue 17 §2: a schema-valid but absurd GetCompositeSchedule answer (a duration of 68 years) next
 * to a daily Recurring profile must not make the charging view loop ~10^7 times, neither when it
 * arrives nor after a restart; a stored record that cannot be used is quarantined, never fatal.
 * (Issue 18 §1: a duration past 32 bits, like the 8,638,203,414,586 s of the first report, is now
 * ignored at the boundary, never adopted; 2^31-1 s is the longest that reaches the view.)
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { CallTask, SendProfileResult, StationChargingView } from '@shared/contract'
import { startHarness, type Harness } from '../../support/csms-harness'
import type { ScriptedChargePoint } from '../../support/scripted-charge-point'
import { exchange } from '../../support/call-exchange'

const CONNECTOR = 1
/** The longest duration the boundary lets through (OCPP integers are 32-bit): 68 years. */
const ABSURD_DURATION = 2 ** 31 - 1
const MAX_ITEMS = 10_000
const DAY = 86_400

/** The finished task of one call the station answers. */
const answerNext = async (h: Harness, cp: ScriptedChargePoint, action: string, send: () => Promise<CallTask>, answer: unknown): Promise<CallTask> => (await exchange(h, cp, action, send, answer)).task

async function installDailyProfile(h: Harness, cp: ScriptedChargePoint, stationId: string): Promise<void> {
  const startSchedule = new Date(Date.now() - 3 * DAY * 1000).toISOString()
  const profile = {
    stackLevel: 0,
    chargingProfilePurpose: 'TxDefaultProfile',
    chargingProfileKind: 'Recurring',
    recurrencyKind: 'Daily',
    chargingSchedule: { startSchedule, chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }, { startPeriod: 6 * 3600, limit: 10 }, { startPeriod: 18 * 3600, limit: 32 }] },
  }
  const task = await answerNext(h, cp, 'SetChargingProfile', async () => (await h.invoke<SendProfileResult>('sendChargingProfile', { targets: [{ stationId, connectorId: 0 }], profile })).tasks[0]!, { status: 'Accepted' })
  expect(task.state).toBe('answered')
}

async function reportAbsurdComposite(h: Harness, cp: ScriptedChargePoint, stationId: string): Promise<void> {
  const scheduleStart = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString()
  const answer = { status: 'Accepted', connectorId: CONNECTOR, scheduleStart, chargingSchedule: { duration: ABSURD_DURATION, chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] } }
  const send = () => h.invoke<CallTask>('sendCall', { stationId, action: 'GetCompositeSchedule', payload: { connectorId: CONNECTOR, duration: DAY, chargingRateUnit: 'A' } })
  const task = await answerNext(h, cp, 'GetCompositeSchedule', send, answer)
  expect(task.state).toBe('answered')
}

function expectBounded(view: StationChargingView): void {
  for (const connector of view.connectors) {
    expect(connector.expected.periods.length).toBeLessThanOrEqual(MAX_ITEMS)
    for (const layer of connector.layers) expect(layer.spans.length).toBeLessThanOrEqual(MAX_ITEMS)
    if (connector.reported) {
      expect(connector.reported.expected?.periods.length ?? 0).toBeLessThanOrEqual(MAX_ITEMS)
      expect(connector.reported.differences.length).toBeLessThanOrEqual(2 * MAX_ITEMS)
      expect(connector.reported.viewPeriods?.length ?? 0).toBeLessThanOrEqual(MAX_ITEMS)
    }
  }
}

function reportedOf(view: StationChargingView) {
  return view.connectors.find((c) => c.connectorId === CONNECTOR)!
}

describe('the charging view is bounded whatever a station reports', () => {
  const harnesses: Harness[] = []
  const dirs: string[] = []
  afterEach(async () => {
    for (const h of harnesses.splice(0)) await h.stop().catch(() => undefined)
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
  })

  it('a composite of 2,147,483,647 s next to a daily Recurring profile: the view answers, bounded, with a truncated note, and the server keeps serving', async () => {
    const h = await startHarness()
    harnesses.push(h)
    const cp = await h.booted('CP-HUGE')
    await cp.call('StatusNotification', { connectorId: CONNECTOR, status: 'Available', errorCode: 'NoError' })
    await installDailyProfile(h, cp, 'CP-HUGE')
    await reportAbsurdComposite(h, cp, 'CP-HUGE')

    const view = await h.invoke<StationChargingView>('getChargingView', { stationId: 'CP-HUGE' })
    expectBounded(view)
    const connector = reportedOf(view)
    expect(connector.reported?.chargingSchedule?.duration).toBe(ABSURD_DURATION) // what the station said is kept
    expect(connector.reported?.expected?.duration).toBeLessThanOrEqual(31 * DAY)
    expect(connector.truncated?.join(' ')).toMatch(/31 days/)
    expect(connector.truncated?.join(' ')).toMatch(/2,147,483,647/)
    // The same view over HTTP, and the station is still served.
    const again = await h.http('getChargingView', { stationId: 'CP-HUGE', duration: 31 * DAY })
    expect(again.status).toBe(200)
    expectBounded(again.body as StationChargingView)
    expect((await cp.call('Heartbeat', {}))[0]).toBe(3)
  })

  it('the absurd report stored in a data folder: the app restarts and the view answers with the truncated note', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'csms-bounds-'))
    dirs.push(dataDir)
    const first = await startHarness({ dataDir, inMemory: false })
    harnesses.push(first)
    const cp = await first.booted('CP-HUGE')
    await cp.call('StatusNotification', { connectorId: CONNECTOR, status: 'Available', errorCode: 'NoError' })
    await installDailyProfile(first, cp, 'CP-HUGE')
    await reportAbsurdComposite(first, cp, 'CP-HUGE')
    await first.stop()
    harnesses.splice(0)

    const second = await startHarness({ dataDir, inMemory: false })
    harnesses.push(second)
    const view = await second.invoke<StationChargingView>('getChargingView', { stationId: 'CP-HUGE' })
    expectBounded(view)
    expect(reportedOf(view).reported?.status).toBe('Accepted')
    expect(reportedOf(view).truncated?.join(' ')).toMatch(/31 days/)
  })

  it('a stored report corrupted on disk is quarantined with a warning: start-up continues, its station and the others are served', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'csms-bounds-'))
    dirs.push(dataDir)
    const first = await startHarness({ dataDir, inMemory: false })
    harnesses.push(first)
    for (const id of ['CP-BAD', 'CP-GOOD']) {
      const cp = await first.booted(id)
      await cp.call('StatusNotification', { connectorId: CONNECTOR, status: 'Available', errorCode: 'NoError' })
      await reportAbsurdComposite(first, cp, id)
    }
    await first.stop()
    harnesses.splice(0)

    const file = join(dataDir, 'state.json')
    const state = JSON.parse(await readFile(file, 'utf8'))
    const bad = state.reportedComposites['CP-BAD'][String(CONNECTOR)]
    bad.chargingSchedule.chargingSchedulePeriod = 'not a list'
    await writeFile(file, JSON.stringify(state))

    const second = await startHarness({ dataDir, inMemory: false })
    harnesses.push(second)
    const badView = await second.http('getChargingView', { stationId: 'CP-BAD' })
    expect(badView.status).toBe(200)
    const body = badView.body as StationChargingView
    expect(reportedOf(body).reported).toBeUndefined()
    expect(body.quarantined).toHaveLength(1)
    expect(body.quarantined![0]).toMatchObject({ collection: 'reportedComposites', stationId: 'CP-BAD' })
    expect(body.quarantined![0]!.reason).toMatch(/chargingSchedulePeriod/)
    const good = await second.invoke<StationChargingView>('getChargingView', { stationId: 'CP-GOOD' })
    expect(reportedOf(good).reported?.status).toBe('Accepted')
    expect(good.quarantined ?? []).toEqual([])
    // Nothing is lost: the record is kept beside the state file.
    const aside = await readdir(join(dataDir, 'quarantine'))
    expect(aside).toHaveLength(1)
    const kept = JSON.parse(await readFile(join(dataDir, 'quarantine', aside[0]!), 'utf8'))
    expect(kept.record.chargingSchedule.chargingSchedulePeriod).toBe('not a list')
  })

  it('a GetCompositeSchedule answer with 30,000 periods in reverse order: 10,000 are kept, the view compares them in time order and says so', async () => {
    const h = await startHarness()
    harnesses.push(h)
    const cp = await h.booted('CP-MANY')
    await cp.call('StatusNotification', { connectorId: CONNECTOR, status: 'Available', errorCode: 'NoError' })
    await installDailyProfile(h, cp, 'CP-MANY')
    const scheduleStart = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString()
    const chargingSchedulePeriod = Array.from({ length: 30_000 }, (_, i) => ({ startPeriod: (30_000 - 1 - i) * 2, limit: 6 + (i % 2) }))
    const answer = { status: 'Accepted', connectorId: CONNECTOR, scheduleStart, chargingSchedule: { duration: DAY, chargingRateUnit: 'A', chargingSchedulePeriod } }
    const send = () => h.invoke<CallTask>('sendCall', { stationId: 'CP-MANY', action: 'GetCompositeSchedule', payload: { connectorId: CONNECTOR, duration: DAY, chargingRateUnit: 'A' } })
    expect((await answerNext(h, cp, 'GetCompositeSchedule', send, answer)).state).toBe('answered')
    const view = await h.invoke<StationChargingView>('getChargingView', { stationId: 'CP-MANY' })
    expectBounded(view)
    const reported = reportedOf(view).reported!
    expect(reported.chargingSchedule?.chargingSchedulePeriod).toHaveLength(MAX_ITEMS)
    expect(reported.chargingSchedule?.chargingSchedulePeriod[0]?.startPeriod).toBe(0)
    expect(reported.viewDuration).toBe(2 * MAX_ITEMS)
    expect(reported.differences.length).toBeGreaterThan(0)
    expect(reportedOf(view).truncated?.join(' ')).toMatch(/30,000 periods: the first 10,000 in time order are kept/)
  })

  it('an operator\u2019s daily profile with a 1-second period list: the preview and, once installed, the view are bounded and say what they cut', async () => {
    const h = await startHarness()
    harnesses.push(h)
    const cp = await h.booted('CP-SECONDS')
    await cp.call('StatusNotification', { connectorId: CONNECTOR, status: 'Available', errorCode: 'NoError' })
    const profile = {
      stackLevel: 0,
      chargingProfilePurpose: 'TxDefaultProfile',
      chargingProfileKind: 'Recurring',
      recurrencyKind: 'Daily',
      chargingSchedule: { startSchedule: new Date(Date.now() - DAY * 1000).toISOString(), chargingRateUnit: 'A', chargingSchedulePeriod: Array.from({ length: 30_000 }, (_, i) => ({ startPeriod: i, limit: 6 + (i % 2) })) },
    }
    const preview = await h.invoke<{ spans: unknown[]; truncated?: string[] }>('previewChargingProfile', { profile, duration: 7 * DAY })
    expect(preview.spans).toHaveLength(MAX_ITEMS)
    expect(preview.truncated?.join(' ')).toMatch(/more than 10,000 times/)
    const task = await answerNext(h, cp, 'SetChargingProfile', async () => (await h.invoke<SendProfileResult>('sendChargingProfile', { targets: [{ stationId: 'CP-SECONDS', connectorId: 0 }], profile })).tasks[0]!, { status: 'Accepted' })
    expect(task.state).toBe('answered')
    const view = await h.invoke<StationChargingView>('getChargingView', { stationId: 'CP-SECONDS', duration: 7 * DAY })
    expectBounded(view)
    expect(reportedOf(view).truncated?.join(' ')).toMatch(/changes its limit more than 10,000 times/)
  })
})
