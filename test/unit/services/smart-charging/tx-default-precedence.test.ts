/**
 * A connector's own TxDefaultProfile prevails over connector 0's while it is in force, whatever the
 * stack levels (OCPP 1.6 §3.13.2: connector 0's TxDefaultProfile applies to connectors without
 * their own); the stack level only chooses among profiles of the same connector.
 */
import { describe, expect, it } from 'vitest'
import type { ChargingProfile } from '@shared/ocpp/payloads'
import { computeComposite, type PlacedProfile } from '../../../../src/main/services/smart-charging/composite'

const X = Date.parse('2026-03-02T12:00:00Z')
let nextId = 1
const txDefault = (stackLevel: number, limit: number, duration?: number): ChargingProfile => ({
  chargingProfileId: nextId++,
  stackLevel,
  chargingProfilePurpose: 'TxDefaultProfile',
  chargingProfileKind: 'Absolute',
  chargingSchedule: { chargingRateUnit: 'A', startSchedule: new Date(X).toISOString(), ...(duration !== undefined ? { duration } : {}), chargingSchedulePeriod: [{ startPeriod: 0, limit }] },
})
const on = (connectorId: number, profile: ChargingProfile): PlacedProfile => ({ connectorId, profile })
const limits = (profiles: PlacedProfile[], connectorId = 1) =>
  computeComposite(profiles, { connectorId, from: X, duration: 400, unit: 'A', voltage: 230 }).map((p) => [p.startPeriod, p.limit])

describe("a connector's own TxDefaultProfile prevails over connector 0's", () => {
  it("even when connector 0's has the higher stack level and a lower limit", () => {
    const profiles = [on(0, txDefault(5, 6)), on(1, txDefault(0, 10))]
    expect(limits(profiles), "connector 0's TxDefault (stack level 5) overrode connector 1's own").toEqual([[0, 10]])
    expect(limits(profiles, 2)).toEqual([[0, 6]])
  })

  it("even when connector 0's has the higher stack level and a higher limit", () => {
    const profiles = [on(1, txDefault(0, 10)), on(0, txDefault(9, 32))]
    expect(limits(profiles), "connector 0's TxDefault (stack level 9) overrode connector 1's own").toEqual([[0, 10]])
  })

  it("connector 0's applies again once the connector's own is no longer in force, whatever their levels", () => {
    const profiles = [on(0, txDefault(3, 16)), on(1, txDefault(1, 8, 100))]
    expect(limits(profiles)).toEqual([[0, 8], [100, 16]])
  })

  it('among one connector\'s own TxDefaultProfiles the higher stack level wins', () => {
    const profiles = [on(1, txDefault(0, 10)), on(1, txDefault(2, 12)), on(0, txDefault(7, 6))]
    expect(limits(profiles)).toEqual([[0, 12]])
  })
})
