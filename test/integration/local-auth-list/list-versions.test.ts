/**
 * Local list versions over real sockets: a new version is always above what the station reported
 * (also when the report equals the counter's next version), and a Differential whose version is
 * not above the station's is warned about before it leaves (it would get VersionMismatch).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CallTask, ListSend, StationLocalList } from '@shared/contract'
import { startHarness, type Harness } from '../../support/csms-harness'
import type { Frame, ScriptedChargePoint } from '../../support/scripted-charge-point'

const entry = (idTag: string, status = 'Accepted') => ({ idTag, idTagInfo: { status } })
const STATION = 'CP-VERSIONS'
const NOT_ABOVE = /listVersion \d+ is not above the station's \d+: expect VersionMismatch/

describe('local list versions', () => {
  let h: Harness
  let cp: ScriptedChargePoint
  beforeEach(async () => {
    h = await startHarness()
    cp = await h.booted(STATION)
  })
  afterEach(async () => h.stop())

  const view = () => h.invoke<StationLocalList>('getStationLocalList', { stationId: STATION })

  async function reportVersion(listVersion: number): Promise<void> {
    const incoming = cp.nextCall('GetLocalListVersion')
    await h.invoke('sendCall', { stationId: STATION, action: 'GetLocalListVersion', payload: {} })
    cp.answer(await incoming, { listVersion })
    await expect.poll(async () => (await view()).reported?.listVersion).toBe(listVersion)
  }

  /** sendLocalList through the API, each SendLocalList answered Accepted; returns the CALLs and the send. */
  async function sendList(args: Record<string, unknown>): Promise<{ call: Frame; send: ListSend }> {
    const incoming = cp.nextCall('SendLocalList')
    const { sends } = await h.invoke<{ sends: ListSend[] }>('sendLocalList', { stationIds: [STATION], updateType: 'Full', ...args })
    const call = await incoming
    cp.answer(call, { status: 'Accepted' })
    await expect.poll(async () => (await view()).history.find((s) => s.id === sends[0]!.id)?.state).toBe('accepted')
    return { call, send: sends[0]! }
  }
  const versionOf = (call: Frame) => (call[3] as { listVersion: number }).listVersion

  it('a version the station reported that equals the next one is not handed out again', async () => {
    const first = await sendList({ entries: [entry('TAG-1')] })
    expect(versionOf(first.call)).toBe(1)
    // The station reports the version the counter would hand out next (another CSMS, a reset…).
    await reportVersion(2)
    const second = await sendList({ entries: [entry('TAG-2')] })
    expect(versionOf(second.call), 'the new list got the version the station already holds').toBe(3)
  })

  it('new versions start above what the station reported, even one the CSMS never sent', async () => {
    await reportVersion(41)
    const { call } = await sendList({ entries: [entry('TAG-1')] })
    expect(versionOf(call), 'the new list version is not above the reported one').toBe(42)
  })

  it('a Differential whose version is not above the station\'s is warned about, by sendLocalList and by a hand-written SendLocalList', async () => {
    await reportVersion(5)
    const { sends } = await h.invoke<{ sends: ListSend[] }>('sendLocalList', { stationIds: [STATION], updateType: 'Differential', entries: [entry('TAG-9')], asIs: true, listVersion: 5 })
    expect(sends[0]!.warnings, 'sendLocalList gave no warning for a Differential at the station\'s version').toEqual(expect.arrayContaining([expect.stringMatching(NOT_ABOVE)]))
    cp.answer(await cp.nextCall('SendLocalList'), { status: 'VersionMismatch' })

    const task = await h.invoke<CallTask>('sendCall', { stationId: STATION, action: 'SendLocalList', payload: { listVersion: 5, updateType: 'Differential', localAuthorizationList: [entry('TAG-9')] } })
    expect(task.warnings, 'sendCall gave no warning for a Differential at the station\'s version').toEqual(expect.arrayContaining([expect.stringMatching(/listVersion 5 is not above the station's 5/)]))
    cp.answer(await cp.nextCall('SendLocalList'), { status: 'VersionMismatch' })

    // Above it: no such warning.
    const above = await h.invoke<CallTask>('sendCall', { stationId: STATION, action: 'SendLocalList', payload: { listVersion: 6, updateType: 'Differential', localAuthorizationList: [entry('TAG-9')] } })
    expect(above.warnings ?? []).not.toEqual(expect.arrayContaining([expect.stringMatching(NOT_ABOVE)]))
    cp.answer(await cp.nextCall('SendLocalList'), { status: 'Accepted' })
  })
})
