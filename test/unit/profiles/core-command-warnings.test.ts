import { describe, expect, it } from 'vitest'
import { coreCommandWarnings, type CommandContext } from '../../../src/main/profiles/core/command-warnings'
import { reservationCommandWarnings, type ReservationWarningContext } from '../../../src/main/profiles/reservation/command-warnings'
import { stationLimits } from '../../../src/main/profiles/smart-charging/station-limits'
import { PROTOTYPE_NAMES } from '../../support/prototype-names'

const ctx = (over: Partial<CommandContext> = {}): CommandContext => ({ connectorIds: [1, 2], configuration: {}, ...over })

describe('warnings on Core CS→CP requests (never a block)', () => {
  it('TC_055-style connector beyond the last one is a warning', () => {
    expect(coreCommandWarnings('UnlockConnector', { connectorId: 3 }, ctx())[0]).toMatch(/Connector 3/)
    expect(coreCommandWarnings('UnlockConnector', { connectorId: 2 }, ctx())).toEqual([])
    expect(coreCommandWarnings('UnlockConnector', { connectorId: 3 }, ctx({ connectorIds: [] }))).toEqual([])
  })

  it('TC_028_CSMS RemoteStop for a transaction the CSMS does not know is a warning', () => {
    expect(coreCommandWarnings('RemoteStopTransaction', { transactionId: 999 }, ctx({ activeTransactionIds: [5] }))[0]).toMatch(/999/)
    expect(coreCommandWarnings('RemoteStopTransaction', { transactionId: 5 }, ctx({ activeTransactionIds: [5] }))).toEqual([])
  })

  it('RemoteStart: connector 0 and a missing connector (its charging profile is the Smart Charging rules’ business)', () => {
    expect(coreCommandWarnings('RemoteStartTransaction', { idTag: 'A', connectorId: 0 }, ctx())[0]).toMatch(/connectorId 0/)
    expect(coreCommandWarnings('RemoteStartTransaction', { idTag: 'A' }, ctx())[0]).toMatch(/No connectorId/)
  })

  it('TC_040_1/TC_040_2 unknown or read-only configuration keys are warnings; AuthorizationKey must be hex', () => {
    const configuration = { NumberOfConnectors: { readonly: true, value: '2' }, HeartbeatInterval: { readonly: false, value: '300' } }
    expect(coreCommandWarnings('ChangeConfiguration', { key: 'NumberOfConnectors', value: '3' }, ctx({ configuration }))[0]).toMatch(/read-only/)
    expect(coreCommandWarnings('ChangeConfiguration', { key: 'Bogus', value: '1' }, ctx({ configuration }))[0]).toMatch(/NotSupported/)
    expect(coreCommandWarnings('ChangeConfiguration', { key: 'heartbeatinterval', value: '-1' }, ctx({ configuration }))).toEqual([])
    expect(coreCommandWarnings('ChangeConfiguration', { key: 'AuthorizationKey', value: 'plain' }, ctx())[0]).toMatch(/hex/)
    expect(coreCommandWarnings('ChangeConfiguration', { key: 'AuthorizationKey', value: '31'.repeat(16) }, ctx())).toEqual([])
  })

  it('Pending and Rejected stations', () => {
    expect(coreCommandWarnings('RemoteStartTransaction', { idTag: 'A', connectorId: 1 }, ctx({ registrationStatus: 'Pending' }))[0]).toMatch(/Pending/)
    expect(coreCommandWarnings('GetConfiguration', {}, ctx({ registrationStatus: 'Pending' }))).toEqual([])
    expect(coreCommandWarnings('Reset', { type: 'Soft' }, ctx({ registrationStatus: 'Rejected' }))[0]).toMatch(/Rejected/)
  })

  it('GetConfiguration asking more keys than GetConfigurationMaxKeys', () => {
    const configuration = { GetConfigurationMaxKeys: { readonly: true, value: '2' } }
    expect(coreCommandWarnings('GetConfiguration', { key: ['a', 'b', 'c'] }, ctx({ configuration }))[0]).toMatch(/at most 2/)
  })

  it('configuration keys and connector statuses named after Object.prototype members are data, never inherited members', () => {
    // As main has them after JSON: an own "__proto__" key reported read-only, nothing else of the kind.
    const configuration = JSON.parse('{"__proto__": {"readonly": true, "value": "x"}, "HeartbeatInterval": {"readonly": false, "value": "300"}}') as CommandContext['configuration']
    expect(coreCommandWarnings('ChangeConfiguration', { key: '__proto__', value: '1' }, ctx({ configuration }))[0]).toMatch(/read-only/)
    for (const key of PROTOTYPE_NAMES.filter((k) => k !== '__proto__')) {
      expect(coreCommandWarnings('ChangeConfiguration', { key, value: '1' }, ctx({ configuration }))[0], key).toMatch(/not in the station's last reported configuration/)
    }
    expect(stationLimits({})).toEqual({})
    const reservation = (status: string): ReservationWarningContext => ({
      connectorIds: [1],
      connectors: JSON.parse(JSON.stringify({ 1: { connectorId: 1, status, errorCode: 'NoError', receivedAt: 't' } })) as ReservationWarningContext['connectors'],
      reservations: [],
      idTagStatus: () => 'Accepted',
      now: 0,
    })
    for (const status of PROTOTYPE_NAMES) {
      // A lenient station may report any status text: only the statuses that refuse a reservation warn.
      expect(reservationCommandWarnings('ReserveNow', { connectorId: 1, idTag: 'A', expiryDate: '2030-01-01T00:00:00Z', reservationId: 1 }, reservation(status)), status).toEqual([])
    }
    expect(reservationCommandWarnings('ReserveNow', { connectorId: 1, idTag: 'A', expiryDate: '2030-01-01T00:00:00Z', reservationId: 1 }, reservation('Charging'))[0]).toMatch(/Charging: expect Occupied/)
  })
})
