/**
 * Over real sockets: after a station accepted a TxDefaultProfile on connector 0 at a high stack
 * level and one on connector 1 at a low one, the schedule the CSMS expects (getChargingView) is
 * connector 1's own on connector 1, and connector 0's on the others.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SendProfileResult, StationChargingView } from '@shared/contract'
import { startHarness, type Harness } from '../../support/csms-harness'
import type { ScriptedChargePoint } from '../../support/scripted-charge-point'

const profile = (stackLevel: number, limit: number) => ({
  stackLevel,
  chargingProfilePurpose: 'TxDefaultProfile',
  chargingProfileKind: 'Absolute',
  chargingSchedule: { chargingRateUnit: 'A', startSchedule: new Date(Date.now() - 60_000).toISOString(), chargingSchedulePeriod: [{ startPeriod: 0, limit }] },
})

describe("a connector's own TxDefaultProfile prevails over connector 0's (CSMS view)", () => {
  let h: Harness
  let cp: ScriptedChargePoint
  beforeEach(async () => {
    h = await startHarness()
    cp = await h.booted('CP-TXD')
    for (const connectorId of [0, 1, 2]) await cp.call('StatusNotification', { connectorId, status: 'Available', errorCode: 'NoError' })
  })
  afterEach(async () => h.stop())

  async function install(connectorId: number, stackLevel: number, limit: number): Promise<void> {
    const incoming = cp.nextCall('SetChargingProfile')
    await h.invoke<SendProfileResult>('sendChargingProfile', { targets: [{ stationId: 'CP-TXD', connectorId }], profile: profile(stackLevel, limit) })
    cp.answer(await incoming, { status: 'Accepted' })
    await expect.poll(async () => (await h.invoke<StationChargingView>('getChargingView', { stationId: 'CP-TXD' })).installed.filter((i) => i.connectorId === connectorId).length).toBe(1)
  }

  it("connector 0's at stack level 5 (6 A), connector 1's at 0 (10 A): connector 1 expects 10 A, connector 2 expects 6 A", async () => {
    await install(0, 5, 6)
    await install(1, 0, 10)
    const view = await h.invoke<StationChargingView>('getChargingView', { stationId: 'CP-TXD', chargingRateUnit: 'A' })
    const first = (connectorId: number) => view.connectors.find((c) => c.connectorId === connectorId)!.expected.periods[0]?.limit
    expect(first(1), "connector 0's TxDefaultProfile overrode connector 1's own").toBe(10)
    expect(first(2)).toBe(6)
  })
})
