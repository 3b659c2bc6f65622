/**
 * The wss:// endpoint's certificates over its life: an RSA and an ECDSA pair always served, each the
 * operator's own or generated for this PC; the PC's names compared with the generated ones at start,
 * on every status request and periodically; regenerated on request and swapped into the running
 * server (new handshakes only; open connections keep theirs); the static-RSA suites switched live.
 */
import type { TlsCertificateKind, TlsStatus } from '@shared/contract/tls-dto'
import { generatedCertificates, makeCertificate, type TlsNames } from '../../ocpp/tls-certificates'
import { tlsCiphers } from '../../ocpp/tls-ciphers'
import { readOperatorCertificates } from '../../ocpp/tls-key-pair'
import type { TlsContext } from '../../ocpp/server'
import { certificateFacts, tlsStatus, type ServedPair } from './tls-status'

/** A request the endpoint cannot honour as it is (not running, nothing generated to remake). */
export class TlsUnavailableError extends Error {}
/** New certificates could not be made or written: the message says what to check (it names no file). */
export class TlsWriteError extends Error {}

export interface TlsServiceOptions {
  /** False when started with --no-tls. */
  enabled: boolean
  /** Where the generated pairs are kept. */
  dir: string
  /** The operator's own PEM files (one or two pairs, any order). */
  certFiles?: readonly string[]
  keyFiles?: readonly string[]
  /** This PC's host name and addresses now. */
  names(): TlsNames
  staticRsa(): boolean
  /** Starts the endpoint with its first context; answers the port. */
  listen(context: TlsContext): Promise<number>
  /** Gives the running endpoint a new context (certificates, suites). */
  swap(context: TlsContext): void
  /** The status changed (addresses, certificates, suites). */
  changed(status: TlsStatus): void
  logger: Pick<Console, 'info' | 'warn' | 'error'>
  /** How often the PC's names are compared with the certificates (default one minute). */
  checkIntervalMs?: number
}

const KINDS: readonly TlsCertificateKind[] = ['rsa', 'ecdsa']
const LABEL = { rsa: 'RSA', ecdsa: 'ECDSA' } as const

export class TlsService {
  private served: ServedPair[] = []
  private port: number | null = null
  private problem: string | null
  private appliedStaticRsa: boolean
  /** The status last told (as compared), and whether it said the addresses changed. */
  private last: string | undefined
  private addressesChanged = false
  private timer: NodeJS.Timeout | undefined
  private regenerating: Promise<TlsStatus> | undefined

  constructor(private readonly options: TlsServiceOptions) {
    this.problem = options.enabled ? 'The wss:// endpoint has not started yet.' : 'The wss:// endpoint is off: the CSMS was started with --no-tls (or "tls": false in the settings file).'
    this.appliedStaticRsa = options.staticRsa()
  }

  /** Loads the certificates and starts the endpoint; a failure is reported (log and status), the rest of the CSMS runs. */
  async start(): Promise<number | undefined> {
    if (!this.options.enabled) return undefined
    const { logger } = this.options
    try {
      const own = readOperatorCertificates(this.options.certFiles ?? [], this.options.keyFiles ?? [])
      const generatedKinds = KINDS.filter((kind) => !own.some((pair) => pair.kind === kind))
      const generated = await generatedCertificates(this.options.dir, generatedKinds, this.options.names(), (kind, why) =>
        logger.warn(`The kept ${LABEL[kind]} TLS certificate could not be used (${why}); a new one was made`),
      )
      this.served = KINDS.map((kind) => {
        const mine = own.find((pair) => pair.kind === kind)
        const pair = mine ?? generated.find((p) => p.kind === kind)!
        const source = mine ? 'operator' : 'generated'
        return { pair, source, facts: certificateFacts(pair, source) }
      })
      this.appliedStaticRsa = this.options.staticRsa()
      this.port = await this.options.listen(this.context())
      this.problem = null
    } catch (error) {
      this.problem = `The wss:// endpoint did not start: ${(error as Error).message}`
      logger.error(`${this.problem} Stations at security profile 2 cannot connect until it runs.`)
      this.last = this.key(this.status(false))
      return undefined
    }
    const status = this.status(false)
    this.last = this.key(status)
    this.addressesChanged = status.addressesChanged
    for (const { source, facts } of this.served) {
      logger.info(`TLS (wss://) ${LABEL[facts.kind]} suites: ${source === 'operator' ? 'your' : 'the generated self-signed'} certificate CN=${facts.subjectCn ?? '?'} (SHA-256 ${facts.fingerprint256})`)
    }
    for (const note of status.notes) logger.warn(`TLS: ${note.message}`)
    const interval = this.options.checkIntervalMs ?? 60_000
    this.timer = setInterval(() => this.status(), interval)
    this.timer.unref()
    return this.port
  }

  stop(): void {
    clearInterval(this.timer)
    this.timer = undefined
  }

  /** The status with this PC's names as they are now; tells `changed` when it differs from the last one told. */
  status(notify = true): TlsStatus {
    const status = tlsStatus({
      running: this.port !== null,
      port: this.port,
      problem: this.problem,
      names: this.options.names(),
      served: this.served,
      staticRsa: this.appliedStaticRsa,
      now: new Date(),
    })
    const key = this.key(status)
    if (notify && key !== this.last) {
      this.last = key
      if (status.addressesChanged && !this.addressesChanged) this.options.logger.warn(`TLS: this PC's names changed (now ${[status.hostName, ...status.addresses].join(', ')}). ${status.notes.find((note) => note.code === 'addresses-changed')?.message ?? ''}`)
      this.addressesChanged = status.addressesChanged
      this.options.changed(status)
    }
    return status
  }

  /** New self-signed pairs for the PC's names now, served at once; the operator's own stay. */
  regenerate(): Promise<TlsStatus> {
    this.regenerating ??= this.doRegenerate().finally(() => {
      this.regenerating = undefined
    })
    return this.regenerating
  }

  /** The settings changed: offer or withdraw the static-RSA suites without a restart. */
  settingsChanged(): void {
    const staticRsa = this.options.staticRsa()
    if (staticRsa === this.appliedStaticRsa) return
    this.appliedStaticRsa = staticRsa
    if (this.port !== null) this.options.swap(this.context())
    this.options.logger.info(`TLS: the static-RSA suites are ${staticRsa ? 'offered again' : 'no longer offered'} on the wss:// endpoint`)
    this.status()
  }

  private async doRegenerate(): Promise<TlsStatus> {
    if (this.port === null) throw new TlsUnavailableError(`${this.problem ?? 'The wss:// endpoint is not running.'} Nothing to regenerate.`)
    const kinds = this.served.filter((s) => s.source === 'generated').map((s) => s.facts.kind)
    if (kinds.length === 0) throw new TlsUnavailableError('Both certificates are your own (--tls-cert/--tls-key): renew them with your CA and restart the CSMS; nothing generated to regenerate.')
    const names = this.options.names()
    const fresh: ServedPair[] = []
    try {
      for (const kind of kinds) {
        const pair = await makeCertificate(this.options.dir, kind, names)
        fresh.push({ pair, source: 'generated', facts: certificateFacts(pair, 'generated') })
      }
    } catch (error) {
      this.options.logger.error(`TLS: making new certificates failed: ${(error as Error).message}`)
      const code = (error as NodeJS.ErrnoException).code
      throw new TlsWriteError(`The new certificates could not be made or kept${code ? ` (${code})` : ''}; the current ones stay in use. Check that the data folder is writable and has free space, then try again.`, { cause: error })
    }
    this.served = this.served.map((served) => fresh.find((f) => f.facts.kind === served.facts.kind) ?? served)
    this.options.swap(this.context())
    this.options.logger.info(`TLS: new self-signed ${kinds.map((k) => LABEL[k]).join(' and ')} certificate(s) for ${[names.hostName, ...names.addresses].join(', ')} are served from now on; open connections keep theirs`)
    return this.status()
  }

  private context(): TlsContext {
    return { pairs: this.served.map(({ pair }) => ({ key: pair.key, cert: pair.cert })), ciphers: tlsCiphers(this.appliedStaticRsa) }
  }

  /** What makes two statuses different for a person (the time of the check does not). */
  private key(status: TlsStatus): string {
    return JSON.stringify({ ...status, checkedAt: undefined })
  }
}
