/**
 * Issue 20 §2 end to end, with a real kill: a list the station accepted survives a SIGKILL the
 * instant its send is shown accepted; a Differential that revokes a tag and is cut off by a SIGKILL
 * before the station answers leaves the list unknown, and the next sync sends the whole list as
 * Full, so the revoked tag does not stay on the station.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { ListSend, StationLocalList } from '@shared/contract/auth-dto'
import { startHeadless, type HeadlessApp } from '../../support/headless-process'
import { postApi } from '../../support/property-api'
import { ScriptedChargePoint } from '../../support/scripted-charge-point'

const STATION = 'CP-REVOKE'
const entry = (idTag: string) => ({ idTag, idTagInfo: { status: 'Accepted' } })
let app: HeadlessApp | undefined
let cp: ScriptedChargePoint | undefined
let dataDir: string | undefined

afterEach(async () => {
  await cp?.close().catch(() => undefined)
  await app?.stop()
  if (dataDir) await rm(dataDir, { recursive: true, force: true })
  app = cp = dataDir = undefined
}, 30_000)

async function api<T>(command: string, body: unknown): Promise<T> {
  const answer = await postApi(app!.apiUrl, command, body)
  if (answer.status !== 200) throw new Error(`${command}: ${answer.status} ${answer.text}`)
  return answer.body as T
}

async function startAndConnect(): Promise<void> {
  app = await startHeadless([], dataDir, { fromSource: true })
  await api('updateSettings', { ocpp: { fetchConfigurationAfterBoot: false } })
  await api('setRegistration', { stationId: STATION, status: 'Accepted' })
  cp = await ScriptedChargePoint.connect(app.ocppUrl, STATION)
  await cp.boot()
}

async function kill(): Promise<void> {
  const exited = new Promise((resolve) => app!.process.once('exit', resolve))
  app!.process.kill('SIGKILL')
  await exited
  await cp!.waitClosed(10_000).catch(() => undefined)
}

describe('a revoked tag does not stay on the station after a crash', () => {
  it('the accepted list survives a kill at once; the interrupted revocation is followed by a Full list', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'csms-revoke-'))
    await startAndConnect()
    let incoming = cp!.nextCall('SendLocalList', 15_000)
    const first = await api<{ sends: ListSend[] }>('sendLocalList', { stationIds: [STATION], entries: [entry('TAG-A'), entry('TAG-B')], updateType: 'Full' })
    cp!.answer(await incoming, { status: 'Accepted' })
    await expect.poll(async () => (await api<StationLocalList>('getStationLocalList', { stationId: STATION })).history.find((s) => s.id === first.sends[0]!.id)?.state, { timeout: 15_000 }).toBe('accepted')
    // The revocation of TAG-A reaches the station, which never answers: the app dies first.
    incoming = cp!.nextCall('SendLocalList', 15_000)
    await api('sendLocalList', { stationIds: [STATION], entries: [entry('TAG-B')], updateType: 'Differential' })
    expect(await incoming).toMatchObject([2, expect.any(String), 'SendLocalList', { updateType: 'Differential', localAuthorizationList: [{ idTag: 'TAG-A' }] }])
    await kill()

    await startAndConnect()
    const view = await api<StationLocalList>('getStationLocalList', { stationId: STATION })
    expect(view.expectedVersion, 'the accepted Full list was lost by the kill').toBe(1)
    expect(view.entries.map((e) => e.idTag)).toEqual(['TAG-A', 'TAG-B'])
    expect(view.unknown?.reason).toContain('interrupted')
    incoming = cp!.nextCall('SendLocalList', 15_000)
    await api('sendLocalList', { stationIds: [STATION], entries: [entry('TAG-B')], updateType: 'Differential' })
    const resent = await incoming
    expect(resent[3], 'the revocation was computed against a list the station may not hold').toMatchObject({ updateType: 'Full', localAuthorizationList: [{ idTag: 'TAG-B' }] })
    cp!.answer(resent, { status: 'Accepted' })
    await expect.poll(async () => (await api<StationLocalList>('getStationLocalList', { stationId: STATION })).unknown, { timeout: 15_000 }).toBeUndefined()
  }, 120_000)
})
