import type { CallTask, FileSettings, LogEntry, SecuritySettings, ServerInfo, StationSummary } from '@shared/contract'

export function station(id: string, connected: boolean, extra: Partial<StationSummary> = {}): StationSummary {
  return {
    id,
    firstSeen: '2024-05-01T10:00:00.000Z',
    lastSeen: '2024-05-01T12:00:00.000Z',
    registrationStatus: 'Accepted',
    everAccepted: true,
    boot: {
      chargePointVendor: 'Acme',
      chargePointModel: 'Volt-22',
      firmwareVersion: '1.2.3',
      receivedAt: '2024-05-01T10:00:00.000Z',
    },
    overrides: {},
    violationCount: 0,
    connection: { connected, pendingCalls: 0 },
    ...extra,
  }
}

export function entry(seq: number, extra: Partial<LogEntry> = {}): LogEntry {
  return {
    seq,
    time: new Date(Date.UTC(2024, 4, 1, 12, 0, 0) + seq * 1000).toISOString(),
    stationId: 'CP1',
    direction: 'in',
    kind: 'CALL',
    messageId: `m${seq}`,
    action: 'Heartbeat',
    payload: {},
    ...extra,
  }
}

/** `count` entries with seq from `first` upwards, oldest first (as messagesLogged carries them). */
export function entries(first: number, count: number, extra: Partial<LogEntry> = {}): LogEntry[] {
  return Array.from({ length: count }, (_, i) => entry(first + i, extra))
}

export function task(id: string, state: CallTask['state'], extra: Partial<CallTask> = {}): CallTask {
  return {
    id,
    stationId: 'CP1',
    action: 'Reset',
    payload: { type: 'Soft' },
    state,
    createdAt: '2024-05-01T12:00:00.000Z',
    ...extra,
  }
}

/** What getServerInfo answers; tests set the endpoints they are about. */
export function serverInfo(extra: Partial<ServerInfo> = {}): ServerInfo {
  return {
    version: '0.1.0',
    startedAt: '2024-05-01T10:00:00.000Z',
    dataDir: '/data',
    ocppUrls: ['ws://192.168.1.5:8887/ocpp'],
    ocppTlsUrls: [],
    apiUrl: 'http://127.0.0.1:8180/api',
    uiUrl: 'http://127.0.0.1:8180/',
    ...extra,
  }
}

/** The security settings as a fresh install has them. */
/** The file services' settings as main's defaults have them. */
export function fileSettings(extra: Partial<FileSettings> = {}): FileSettings {
  return { publicHost: null, maxUploadMb: 256, importDir: null, uploadIdleSec: 60, uploadWindowMin: 60, ftpMaxConnections: 50, ftpMaxConnectionsPerAddress: 5, ...extra }
}

export function securitySettings(extra: Partial<SecuritySettings> = {}): SecuritySettings {
  return { allowedHosts: [], allowedOrigins: [], staticRsaSuites: true, ...extra }
}
