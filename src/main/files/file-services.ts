/**
 * The built-in file services, started with the app: the firmware host and the HTTP diagnostics
 * receiver on one port, the FTP diagnostics receiver on another. URLs carry the address the
 * stations reach this PC at (chosen by the operator, else the first LAN address).
 */
import type { DiagnosticsUpload, FileServicesInfo } from '@shared/contract/files-dto'
import { join } from 'node:path'
import type { FilesRepository } from '../storage/files-repository'
import type { HostAllowList } from '../web/host-allow-list'
import { DiagnosticsReceiver } from './diagnostics-receiver'
import { FirmwareHost } from './firmware-host'
import { FTP_USER, FtpReceiver } from './ftp-receiver'
import { HttpFileServer } from './http-file-server'

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
    this.receiver = new DiagnosticsReceiver({ dir: join(options.dataDir, 'diagnostics'), repo: options.repo, maxBytes: options.maxUploadBytes, onUpload: options.onUpload, log: options.log })
    this.http = new HttpFileServer(this.firmware, this.receiver, options.log, options.hosts)
    this.ftp = new FtpReceiver({
      host: options.bindHost,
      port: options.ftpPort,
      passiveHost: () => this.host(),
      passivePorts: options.ftpPassivePorts,
      receiver: this.receiver,
      maxBytes: options.maxUploadBytes,
      log: options.log,
    })
    this.httpState = { port: options.httpPort, running: false }
    this.ftpState = { port: options.ftpPort, running: false }
  }

  /** Starts both; one that cannot start is reported (info, log), the app runs on. */
  async start(): Promise<void> {
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

  /** A new upload location for the station. */
  uploadLocation(stationId: string, protocol: 'ftp' | 'http-put' | 'http-post'): { location: string; token: string } {
    const { token } = this.receiver.newSlot(stationId)
    const location = protocol === 'ftp' ? `ftp://${FTP_USER}:${token}@${urlHost(this.host())}:${this.ftpState.port}/` : `${this.httpBase()}/diagnostics/${token}/`
    return { location, token }
  }

  /** The upload token inside a location this service made, if it is one. */
  tokenOf(location: string): string | undefined {
    const match = /\/diagnostics\/([0-9a-f]{24})\/|^ftp:\/\/[^:]+:([0-9a-f]{24})@/.exec(location)
    return match?.[1] ?? match?.[2]
  }

  info(): FileServicesInfo {
    return {
      publicHost: this.host(),
      candidateHosts: this.options.candidateHosts(),
      bindHost: this.options.bindHost,
      http: { ...this.httpState, baseUrl: this.httpBase() },
      ftp: { ...this.ftpState, baseUrl: this.ftpBase() },
      maxUploadBytes: this.options.maxUploadBytes(),
    }
  }
}
