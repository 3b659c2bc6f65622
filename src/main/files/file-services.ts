/**
 * The built-in file services, started with the app: the firmware host and the HTTP diagnostics
 * receiver on one port, the FTP diagnostics receiver on another. URLs carry the address the
 * stations reach this PC at (chosen by the operator, else the first LAN address).
 */
import type { DiagnosticsUpload, FileServicesInfo } from '@shared/contract/files-dto'
import { dirname, join } from 'node:path'
import type { FilesRepository } from '../storage/files-repository'
import type { ConnectionLimitValues } from './connection-limits'
import type { HostAllowList } from '../web/host-allow-list'
import { DiagnosticsReceiver } from './diagnostics-receiver'
import { FirmwareHost } from './firmware-host'
import { FTP_USER, FtpReceiver } from './ftp-receiver'
import { HttpFileServer } from './http-file-server'
import { UploadSlots, type SlotRequest } from './upload-slots'

export interface FileServicesOptions {
  dataDir: string
  repo: FilesRepository
  bindHost: string
  httpPort: number
  ftpPort: number
  ftpPassivePorts: [number, number]
  /** Addresses of this PC stations might reach. */
  candidateHosts(): string[]
  /** The operator's choice, if any. */
  publicHost(): string | undefined
  maxUploadBytes(): number
  /** An upload with no byte for this long is cut. */
  uploadIdleMs(): number
  /** How long a location stays open after its GetDiagnostics stopTime (and at least after it was made). */
  slotWindowMs(): number
  /** FTP connections at once, in total and from one address. */
  ftpLimits(): ConnectionLimitValues
  /** The clock locations expire by (tests inject one). */
  now?: () => number
  onUpload(upload: DiagnosticsUpload): void
  log(line: string): void
  /** Host names the HTTP file host answers to (DNS-rebinding defence); absent = any. */
  hosts?: HostAllowList
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host
}

export class FileServices {
  readonly firmware: FirmwareHost
  readonly receiver: DiagnosticsReceiver
  private readonly http: HttpFileServer
  private readonly ftp: FtpReceiver
  private httpState: { port: number; running: boolean; error?: string }
  private ftpState: { port: number; running: boolean; error?: string }

  constructor(private readonly options: FileServicesOptions) {
    this.firmware = new FirmwareHost(join(options.dataDir, 'firmware'), options.repo)
    const slots = new UploadSlots({ repo: options.repo, now: options.now ?? Date.now, windowMs: options.slotWindowMs, maxBytes: options.maxUploadBytes, log: options.log })
    this.receiver = new DiagnosticsReceiver({ dir: join(options.dataDir, 'diagnostics'), repo: options.repo, slots, idleMs: options.uploadIdleMs, onUpload: options.onUpload, log: options.log })
    this.http = new HttpFileServer(this.firmware, this.receiver, options.log, options.hosts)
    this.ftp = new FtpReceiver({
      host: options.bindHost,
      port: options.ftpPort,
      passiveHost: () => this.host(),
      passivePorts: options.ftpPassivePorts,
      receiver: this.receiver,
      idleMs: options.uploadIdleMs,
      limits: options.ftpLimits,
      secrets: [options.dataDir, dirname(options.dataDir), process.cwd()],
      log: options.log,
    })
    this.httpState = { port: options.httpPort, running: false }
    this.ftpState = { port: options.ftpPort, running: false }
  }

  /** Starts both; one that cannot start is reported (info, log), the app runs on. */
  async start(): Promise<void> {
    this.receiver.slots.sweep()
    try {
      const address = await this.http.listen(this.options.httpPort, this.options.bindHost)
      this.httpState = { port: address.port, running: true }
    } catch (error) {
      this.httpState = { port: this.options.httpPort, running: false, error: `HTTP file service not started: ${(error as Error).message}` }
      this.options.log(this.httpState.error!)
    }
    try {
      this.ftpState = { port: await this.ftp.listen(), running: true }
    } catch (error) {
      this.ftpState = { port: this.options.ftpPort, running: false, error: `FTP receiver not started: ${(error as Error).message}` }
      this.options.log(this.ftpState.error!)
    }
  }

  async stop(): Promise<void> {
    await Promise.all([this.http.stop().catch(() => undefined), this.ftp.stop()])
  }

  /** The address put into URLs. */
  host(): string {
    return this.options.publicHost() ?? this.options.candidateHosts()[0] ?? '127.0.0.1'
  }

  httpBase(): string {
    return `http://${urlHost(this.host())}:${this.httpState.port}`
  }

  ftpBase(): string {
    return `ftp://${urlHost(this.host())}:${this.ftpState.port}`
  }

  firmwareUrl(id: string, name: string): string {
    return `${this.httpBase()}/firmware/${encodeURIComponent(id)}/${encodeURIComponent(name)}`
  }

  /** A new upload location for the station, open as long as `request` (a GetDiagnostics) needs. */
  uploadLocation(stationId: string, protocol: 'ftp' | 'http-put' | 'http-post', request?: SlotRequest): { location: string; token: string } {
    const { token } = this.receiver.newSlot(stationId, request)
    const location = protocol === 'ftp' ? `ftp://${FTP_USER}:${token}@${urlHost(this.host())}:${this.ftpState.port}/` : `${this.httpBase()}/diagnostics/${token}/`
    return { location, token }
  }

  /** The upload token inside a location this service made, if it is one. */
  tokenOf(location: string): string | undefined {
    const match = /\/diagnostics\/([0-9a-f]{24})\/|^ftp:\/\/[^:]+:([0-9a-f]{24})@/.exec(location)
    return match?.[1] ?? match?.[2]
  }

  /** What to check when a station said "Uploaded" and no file came to `location`. */
  missingUploadAdvice(location: string): string {
    const [from, to] = this.options.ftpPassivePorts
    const where = location.startsWith('ftp:')
      ? `the FTP receiver at ${urlHost(this.host())}:${this.ftpState.port} and its passive data ports ${from}–${to} (firewall on this PC and on the site LAN; the station's FTP client in passive mode)`
      : `the HTTP receiver at ${urlHost(this.host())}:${this.httpState.port} (firewall on this PC and on the site LAN)`
    return `Check that the station reaches ${where}, that the address in the location is one it can reach (Settings › File services), and the CSMS log for refused uploads (location expired or used, file over the size limit); then ask again.`
  }

  info(): FileServicesInfo {
    return {
      publicHost: this.host(),
      candidateHosts: this.options.candidateHosts(),
      bindHost: this.options.bindHost,
      http: { ...this.httpState, baseUrl: this.httpBase() },
      ftp: { ...this.ftpState, baseUrl: this.ftpBase(), passivePorts: this.options.ftpPassivePorts },
      maxUploadBytes: this.options.maxUploadBytes(),
    }
  }
}
