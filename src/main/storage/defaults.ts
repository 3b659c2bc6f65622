import type { Settings } from '@shared/contract/dto'

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  ocpp: Object.freeze({ heartbeatIntervalSec: 300, pingIntervalSec: 60, callTimeoutSec: 30, lenient: false, rejectConcurrentTx: true, requireBasicAuth: false, unknownStations: 'accept', certificationMode: false, fetchConfigurationAfterBoot: true, nominalVoltage: 230, maxMessagesPerSecond: 100 }),
  files: Object.freeze({ publicHost: null, maxUploadMb: 256, importDir: null, uploadIdleSec: 60, uploadWindowMin: 60, ftpMaxConnections: 50, ftpMaxConnectionsPerAddress: 5 }),
  security: Object.freeze({ allowedHosts: Object.freeze([]) as unknown as string[], allowedOrigins: Object.freeze([]) as unknown as string[], staticRsaSuites: true }),
})

/** Most recent violations kept per station (older ones only count in `violationCount`). */
export const MAX_VIOLATIONS_PER_STATION = 100
