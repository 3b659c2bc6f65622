import { describe, expect, it } from 'vitest'
import { statusWarnings, toConnectorStatus, type StatusNotification } from '../../../src/main/services/connector-status'

const now = Date.parse('2024-05-01T12:00:00.000Z')
const sn = (extra: Partial<StatusNotification>): StatusNotification => ({ connectorId: 1, status: 'Available', errorCode: 'NoError', ...extra })

describe('StatusNotification warnings', () => {
  it('has none for an ordinary notification', () => {
    expect(statusWarnings(sn({}), now)).toEqual([])
    expect(statusWarnings(sn({ status: 'Faulted', errorCode: 'GroundFailure' }), now)).toEqual([])
  })

  it('allows only Available, Unavailable and Faulted on connector 0', () => {
    for (const status of ['Available', 'Unavailable', 'Faulted'] as const) expect(statusWarnings(sn({ connectorId: 0, status }), now)).toEqual([])
    for (const status of ['Preparing', 'Charging', 'SuspendedEV', 'SuspendedEVSE', 'Finishing', 'Reserved'] as const) {
      expect(statusWarnings(sn({ connectorId: 0, status }), now)).toEqual([expect.stringMatching(/Connector 0/)])
    }
  })

  it('warns of an errorCode other than NoError when the status is not Faulted, except EVCommunicationError', () => {
    expect(statusWarnings(sn({ errorCode: 'OtherError' }), now)).toEqual([expect.stringMatching(/OtherError reported while Available/)])
    expect(statusWarnings(sn({ status: 'SuspendedEV', errorCode: 'EVCommunicationError' }), now)).toEqual([])
  })

  it('warns of a timestamp more than 5 minutes in the future, not of one in the past', () => {
    expect(statusWarnings(sn({ timestamp: '2024-05-01T13:00:00.000Z' }), now)).toEqual([expect.stringMatching(/in the future/)])
    expect(statusWarnings(sn({ timestamp: '2024-05-01T12:04:00.000Z' }), now)).toEqual([])
    expect(statusWarnings(sn({ timestamp: '2024-04-01T12:00:00.000Z' }), now)).toEqual([])
  })

  it('keeps the optional fields as sent and leaves warnings out when there are none', () => {
    const kept = toConnectorStatus(sn({ info: 'i', vendorId: 'v', vendorErrorCode: 'e', timestamp: '2024-05-01T11:59:00Z' }), '2024-05-01T12:00:00.000Z')
    expect(kept).toEqual({ connectorId: 1, status: 'Available', errorCode: 'NoError', info: 'i', vendorId: 'v', vendorErrorCode: 'e', timestamp: '2024-05-01T11:59:00Z', receivedAt: '2024-05-01T12:00:00.000Z' })
    expect(toConnectorStatus(sn({ connectorId: 0, status: 'Charging' }), '2024-05-01T12:00:00.000Z').warnings).toHaveLength(1)
  })

  it('keeps the free text of a StatusNotification only as long as the schema allows (a lenient CSMS accepts more)', () => {
    const long = 'x'.repeat(100_000)
    const status = toConnectorStatus(sn({ info: long, vendorId: long, vendorErrorCode: long, timestamp: long }), '2024-05-01T12:00:00.000Z')
    expect([status.info!.length, status.vendorId!.length, status.vendorErrorCode!.length, status.timestamp!.length]).toEqual([50, 255, 50, 64])
    expect(status.warnings!.join().length).toBeLessThan(200)
  })
})
