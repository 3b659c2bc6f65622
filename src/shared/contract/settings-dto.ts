/**
 * The runtime settings (Settings page, updateSettings): OCPP behaviour, file receivers, and what the
 * CSMS lets in from the LAN and from browsers. Re-exported by dto.ts.
 */
import type { UnknownStationPolicy } from './dto'

export interface OcppSettings {
  /** Interval sent in BootNotification.conf (seconds). */
  heartbeatIntervalSec: number
  /** WebSocket ping interval (seconds), 0 = off. */
  pingIntervalSec: number
  /** How long to wait for a CALLRESULT before the CALL times out (seconds). */
  callTimeoutSec: number
  /** Default for stations without their own setting. */
  lenient: boolean
  /** Answer StartTransaction with ConcurrentTx when the tag already has a transaction running. */
  rejectConcurrentTx: boolean
  /** What happens to an identity the CSMS has never seen: accept it, register it as Pending for the operator to approve, or refuse it (HTTP 404). */
  unknownStations: UnknownStationPolicy
  /** Refuse (401) every station that does not present a valid Basic-auth password. */
  requireBasicAuth: boolean
  /**
   * Certification mode: the CSMS sends nothing a person did not ask for (the OCA test tool fails a
   * case on any unexpected CALL). Overrides every automatic action below.
   */
  certificationMode: boolean
  /** Outside certification mode: ask a station for its whole configuration after it boots (Accepted or Pending). */
  fetchConfigurationAfterBoot: boolean
  /** Line-to-neutral voltage for A↔W in composite schedules (errata 3.69: nominal 230 or 110, not measured). */
  nominalVoltage: number
  /** Frames a second one station may send on average (bursts of twice that; excess dropped); 0 = no limit. */
  maxMessagesPerSecond: number
}

export interface FileSettings {
  /** The address put into firmware and diagnostics URLs; null = the first LAN address found. */
  publicHost: string | null
  /** Largest upload the diagnostics receivers and the firmware upload accept, in MiB (each upload location's quota). */
  maxUploadMb: number
  /** The firmware import folder (chosen in the desktop app's dialog or with --import-dir; the API can only clear it); null = none. */
  importDir: string | null
  /** An upload with no byte for this many seconds is cut and its partial file removed. */
  uploadIdleSec: number
  /** Minutes an upload location stays open after its GetDiagnostics stopTime, and at least after it was made. */
  uploadWindowMin: number
  /** FTP receiver: most connections at once, in total and from one address. */
  ftpMaxConnections: number
  ftpMaxConnectionsPerAddress: number
}

/** What the CSMS lets in from the LAN and from browsers (issue 17: hardening). */
export interface SecuritySettings {
  /**
   * Host names (beyond loopback names and the addresses the servers bind to) that requests to the
   * API, the events socket and the file host may name in their Host header; DNS rebinding defence.
   */
  allowedHosts: string[]
  /** Browser origins (scheme://host[:port]) allowed to open the OCPP endpoint; charge points send no Origin. */
  allowedOrigins: string[]
  /** Offer the static-RSA TLS suites (AES128/256-GCM-SHA256/384) of the whitepaper on the wss:// endpoint. */
  staticRsaSuites: boolean
}

export interface Settings {
  ocpp: OcppSettings
  files: FileSettings
  security: SecuritySettings
}
