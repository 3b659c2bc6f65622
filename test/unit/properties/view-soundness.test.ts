import { describe, expect, it } from 'vitest'
import { ocppFieldTypes, viewSoundnessProblems } from '../../support/view-soundness'

describe('the view soundness check of the property tests', () => {
  it('knows the OCPP fields with one JSON type in every schema, and leaves out names the DTOs use otherwise', () => {
    const types = ocppFieldTypes()
    expect(types.get('listVersion')).toBe('integer')
    expect(types.get('readonly')).toBe('boolean')
    expect(types.get('chargingSchedulePeriod')).toBe('array')
    expect(types.get('limit')).toBe('number')
    expect(types.has('id')).toBe(false)
    expect(types.has('key')).toBe(false)
  })

  it('flags a wrong type under an OCPP name and an integer beyond 2^53 anywhere in a view', () => {
    expect(viewSoundnessProblems('getStationLocalList', { reported: { listVersion: 1e308 } })).toEqual(["getStationLocalList shows /reported/listVersion = 1e+308, not a safe integer as OCPP's listVersion"])
    expect(viewSoundnessProblems('getConfigurationSnapshot', { keys: { A: { readonly: 'no' } } })).toHaveLength(1)
    expect(viewSoundnessProblems('getChargingView', { composite: { chargingSchedulePeriod: 'x' } })).toHaveLength(1)
    expect(viewSoundnessProblems('getStation', { counters: [2 ** 53 + 2] })).toEqual(['getStation shows /counters/0 = 9007199254740994, an integer beyond 2^53'])
  })

  it('passes sound views, absent (null) members, decimals and big limits, and leaves raw echoes alone', () => {
    expect(viewSoundnessProblems('getStation', { id: 'CP-1', connectorId: 1, expiryDate: null, limit: 2 ** 60, boot: { chargePointVendor: 'V' } })).toEqual([])
    expect(viewSoundnessProblems('getStation', { recentViolations: [{ payload: { listVersion: 1e308 } }], response: { readonly: 'x' } })).toEqual([])
    expect(viewSoundnessProblems('listTasks', [{ response: { listVersion: 1e308 }, listVersion: 'x' }])).toEqual([])
    expect(viewSoundnessProblems('queryLog', { entries: [{ listVersion: 1e308 }] })).toEqual([])
  })
})
