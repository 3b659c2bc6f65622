import type { ConfigurationSnapshot, Reservation, StationDetail } from '@shared/contract'
import { station } from './fixtures'

/** A reservation as main reports it: active on CP1 connector 1 for TAG-1 unless told otherwise. */
export function reservation(reservationId: number, extra: Partial<Reservation> = {}): Reservation {
  return {
    reservationId,
    stationId: 'CP1',
    connectorId: 1,
    idTag: 'TAG-1',
    expiryDate: '2099-01-01T12:30:00.000Z',
    state: 'active',
    answer: 'Accepted',
    createdAt: `2024-05-01T12:${String(reservationId % 60).padStart(2, '0')}:00.000Z`,
    taskId: `reserve-${reservationId}`,
    ...extra,
  }
}

/** The same reservation after it ended (used by a transaction, expired, cancelled…). */
export function ended(r: Reservation, state: Reservation['state'], extra: Partial<Reservation> = {}): Reservation {
  return { ...r, state, endedAt: '2024-05-01T13:00:00.000Z', ...extra }
}

/** A connected CP1 with connector 0 Available, 1 Charging and 2 Available. */
export function stationDetail(id = 'CP1'): StationDetail {
  const at = '2024-05-01T12:00:00.000Z'
  return {
    ...station(id, true, {
      connectors: {
        '0': { connectorId: 0, status: 'Available', errorCode: 'NoError', receivedAt: at },
        '1': { connectorId: 1, status: 'Charging', errorCode: 'NoError', receivedAt: at },
        '2': { connectorId: 2, status: 'Available', errorCode: 'NoError', receivedAt: at },
      },
    }),
    passwordSet: false,
    recentViolations: [],
    effective: { heartbeatIntervalSec: 300, pingIntervalSec: 0, callTimeoutSec: 30, lenient: false, nominalVoltage: 230 },
  }
}

/** A configuration snapshot with ReserveConnectorZeroSupported set as given. */
export function zeroSupported(value: 'true' | 'false', stationId = 'CP1'): ConfigurationSnapshot {
  return {
    stationId,
    keys: {
      ReserveConnectorZeroSupported: { key: 'ReserveConnectorZeroSupported', value, readonly: true, updatedAt: '2024-05-01T12:00:00.000Z', source: 'GetConfiguration' },
    },
    unknownKeys: [],
    fullFetchAt: '2024-05-01T12:00:00.000Z',
  }
}
