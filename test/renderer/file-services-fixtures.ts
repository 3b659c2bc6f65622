import type { FileServicesInfo, Settings } from '@shared/contract'
import { fileSettings, securitySettings } from './fixtures'

/** The file services of a PC on a LAN, both running, the address chosen automatically. */
export function fileServices(extra: Partial<FileServicesInfo> = {}): FileServicesInfo {
  const publicHost = extra.publicHost ?? '192.168.1.5'
  return {
    publicHost,
    candidateHosts: ['192.168.1.5', '10.0.0.7', '127.0.0.1'],
    bindHost: '0.0.0.0',
    http: { port: 8181, running: true, baseUrl: `http://${publicHost}:8181` },
    ftp: { port: 2121, running: true, baseUrl: `ftp://${publicHost}:2121`, passivePorts: [2122, 2199] },
    maxUploadBytes: 256 * 1024 * 1024,
    ...extra,
  }
}

export function settingsWithFiles(files: Partial<Settings['files']> = {}): Settings {
  return {
    ocpp: {
      heartbeatIntervalSec: 300,
      pingIntervalSec: 60,
      callTimeoutSec: 30,
      lenient: false,
      rejectConcurrentTx: true,
      requireBasicAuth: false,
      unknownStations: 'accept',
      certificationMode: false,
      fetchConfigurationAfterBoot: true,
      nominalVoltage: 230, maxMessagesPerSecond: 100,
    },
    files: fileSettings(files),
    security: securitySettings(),
  }
}
