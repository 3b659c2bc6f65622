/**
 * Charge points: what the CSMS knows about each identity (stored), joined with its live connection.
 * Emits stationConnected / stationDisconnected / stationUpdated.
 */
import type {
  BootInfo,
  ConnectionInfo,
  ConnectorStatus,
  RegistrationStatus,
  StationDetail,
  StationOverrides,
  StationRecord,
  StationSummary,
  ViolationRecord,
} from '@shared/contract/dto'
import type { OcppSettings } from '@shared/contract/dto'
import type { QuarantineNote } from '@shared/contract/charging-dto'
import type { EventBus } from './event-bus'
import { isoNow } from '../util/time'
import { MAX_TRACKED_CONNECTORS, toConnectorStatus, type StatusNotification } from './connector-status'
import { boundedBoot } from './station-strings'
import { UnknownIdentities, type UnknownIdentityCounts } from './unknown-identities'

/** The part of the station repository this service needs. */
export interface StationStore {
  get(id: string): StationRecord | undefined
  list(): StationRecord[]
  upsert(record: StationRecord): unknown
  /** Keeps the violation and counts it in the record's violationCount. */
  recordViolation(id: string, violation: ViolationRecord): StationRecord | undefined
  recentViolations(id: string): ViolationRecord[]
}

/** What the service needs to know about a live connection. */
export interface LiveConnection {
  readonly identity: string
  readonly connectedAt: string
  readonly remoteAddress?: string
  readonly pendingCalls: number
  reschedulePing(): void
}

export class UnknownStationError extends Error {
  constructor(readonly stationId: string) {
    super(`No charge point "${stationId}" is known to this Central System`)
  }
}

/** How often lastSeen is written to disk at most (it is always current in memory). */
const LAST_SEEN_PERSIST_MS = 60_000

export class StationService {
  private readonly live = new Map<string, LiveConnection>()
  private readonly lastSeen = new Map<string, string>()
  private readonly lastDisconnect = new Map<string, { at: string; reason: string }>()
  private readonly persistedSeenAt = new Map<string, number>()
  /** Identities that connected but were never accepted: in memory only (issue 20 §3). */
  private readonly unknown = new UnknownIdentities()

  constructor(
    private readonly store: StationStore,
    private readonly settings: () => OcppSettings,
    private readonly bus: EventBus,
    private readonly passwordSet: (id: string) => boolean = () => false,
    /** The station's stored records that were moved aside (quarantine notes). */
    private readonly quarantined: (id: string) => QuarantineNote[] = () => [],
  ) {}

  /** A saved station, or an identity that connected and is kept in memory until it is accepted. */
  get(id: string): StationRecord | undefined {
    return this.store.get(id) ?? this.unknown.get(id)
  }

  /** Only saved stations: those accepted once, or made known by the operator (admission under "reject unknown"). */
  registered(id: string): StationRecord | undefined {
    return this.store.get(id)
  }

  /** How many never-accepted identities are kept in memory, and how many were forgotten for newer ones. */
  unknownCounts(): UnknownIdentityCounts {
    return this.unknown.counts()
  }

  /**
   * The record, created on first contact. An identity that connects by itself follows the
   * unknown-station policy (Pending when so set) and is kept in memory only until its boot is
   * Accepted; the operator acting on one (registering it, setting its profile or password) saves it.
   */
  ensure(id: string, origin: 'connection' | 'operator' = 'operator'): StationRecord {
    const existing = this.store.get(id)
    if (existing) return existing
    const visitor = this.unknown.get(id)
    if (visitor) {
      if (origin === 'connection') return visitor
      this.unknown.remove(id)
      this.store.upsert(visitor)
      return visitor
    }
    const now = isoNow()
    const pending = origin === 'connection' && this.settings().unknownStations === 'pending'
    const record: StationRecord = { id, firstSeen: now, lastSeen: now, everAccepted: false, overrides: {}, violationCount: 0, ...(pending ? { registrationPolicy: 'Pending' as const } : {}) }
    if (origin === 'connection') this.unknown.put(record)
    else this.store.upsert(record)
    return record
  }

  connected(connection: LiveConnection): void {
    this.ensure(connection.identity, 'connection')
    this.live.set(connection.identity, connection)
    this.touch(connection.identity, true)
    this.bus.emit('stationConnected', this.summary(connection.identity))
  }

  disconnected(connection: LiveConnection, reason: string): void {
    if (this.live.get(connection.identity) === connection) this.live.delete(connection.identity)
    this.lastDisconnect.set(connection.identity, { at: isoNow(), reason })
    this.touch(connection.identity, true)
    this.bus.emit('stationDisconnected', this.summary(connection.identity))
  }

  isConnected(id: string): boolean {
    return this.live.has(id)
  }

  /** Any frame or pong from the station: it is alive (OCPP 1.6 §4.6). */
  touch(id: string, persist = false): void {
    const now = isoNow()
    this.lastSeen.set(id, now)
    const last = this.persistedSeenAt.get(id) ?? 0
    if (persist || Date.now() - last > LAST_SEEN_PERSIST_MS) {
      this.persistedSeenAt.set(id, Date.now())
      this.fromStation(id, (record) => ({ ...record, lastSeen: now }), false)
    }
  }

  recordBoot(id: string, boot: Omit<BootInfo, 'receivedAt'>, status: RegistrationStatus): StationRecord {
    const receivedAt = isoNow()
    return this.fromStation(id, (record) => ({
      ...record,
      boot: { ...boundedBoot(boot), receivedAt },
      registrationStatus: status,
      everAccepted: record.everAccepted || status === 'Accepted',
      lastSeen: receivedAt,
    }))
  }

  /**
   * Keeps a StatusNotification as the connector's current status and returns what was kept. At most
   * MAX_TRACKED_CONNECTORS connectors are tracked per station (a station may number them up to
   * 2^31-1): a status for one more is answered and kept in the history, not in the station record,
   * and recorded as a violation.
   */
  recordStatus(id: string, request: StatusNotification, messageId = ''): ConnectorStatus {
    const status = toConnectorStatus(request, isoNow())
    const key = String(status.connectorId)
    const connectors = this.ensure(id, 'connection').connectors ?? {}
    const trackable = Number.isSafeInteger(status.connectorId) && status.connectorId >= 0
    if (!trackable || (!Object.hasOwn(connectors, key) && Object.keys(connectors).length >= MAX_TRACKED_CONNECTORS)) {
      const why = trackable
        ? `connector ${status.connectorId} is beyond the ${MAX_TRACKED_CONNECTORS} connectors the CSMS tracks per station: its status is kept in the status history only`
        : `connectorId ${JSON.stringify(status.connectorId)} is not a connector number: its status is kept in the status history only`
      status.warnings = [...(status.warnings ?? []), why]
      this.recordViolation(id, { time: status.receivedAt, action: 'StatusNotification', messageId, direction: 'in', accepted: true, violations: [{ code: 'PropertyConstraintViolation', path: '/connectorId', message: why }] })
      return status
    }
    this.fromStation(id, (record) => ({ ...record, connectors: { ...record.connectors, [key]: status } }))
    return status
  }

  /** How the next BootNotification of this station is answered. */
  setRegistration(id: string, status: RegistrationStatus): StationDetail {
    this.ensure(id)
    this.update(id, (record) => ({ ...record, registrationPolicy: status }))
    return this.detail(id)
  }

  setSecurityProfile(id: string, profile: 0 | 1 | 2): StationDetail {
    this.ensure(id)
    this.update(id, (record) => ({ ...record, securityProfile: profile }))
    return this.detail(id)
  }

  recordViolation(id: string, violation: ViolationRecord): void {
    this.ensure(id, 'connection')
    const record = this.unknown.has(id) ? this.unknown.recordViolation(id, violation) : this.store.recordViolation(id, violation)
    if (record) this.bus.emit('stationUpdated', this.summarize(record))
  }

  updateOverrides(id: string, patch: { [K in keyof StationOverrides]?: StationOverrides[K] | null }): StationDetail {
    if (!this.get(id)) throw new UnknownStationError(id)
    this.update(id, (record) => {
      const overrides: StationOverrides = { ...record.overrides }
      for (const [key, value] of Object.entries(patch) as [keyof StationOverrides, unknown][]) {
        if (value === null || value === undefined) delete overrides[key]
        else (overrides as Record<string, unknown>)[key] = value
      }
      return { ...record, overrides }
    })
    this.live.get(id)?.reschedulePing()
    return this.detail(id)
  }

  /** Global settings with this station's overrides applied. */
  effective(id: string): OcppSettings {
    const global = this.settings()
    const overrides = this.get(id)?.overrides ?? {}
    return {
      heartbeatIntervalSec: overrides.heartbeatIntervalSec ?? global.heartbeatIntervalSec,
      pingIntervalSec: overrides.pingIntervalSec ?? global.pingIntervalSec,
      callTimeoutSec: overrides.callTimeoutSec ?? global.callTimeoutSec,
      lenient: overrides.lenient ?? global.lenient,
      rejectConcurrentTx: global.rejectConcurrentTx,
      requireBasicAuth: global.requireBasicAuth,
      unknownStations: global.unknownStations,
      certificationMode: global.certificationMode,
      fetchConfigurationAfterBoot: global.fetchConfigurationAfterBoot,
      nominalVoltage: overrides.nominalVoltage ?? global.nominalVoltage,
      maxMessagesPerSecond: global.maxMessagesPerSecond,
    }
  }

  /** Global settings changed: re-arm every live connection's ping timer. */
  settingsChanged(): void {
    for (const connection of this.live.values()) connection.reschedulePing()
  }

  /** Saved stations, then the identities kept in memory (most recent last). */
  list(): StationSummary[] {
    return [...this.store.list(), ...this.unknown.list()].map((record) => this.summarize(record))
  }

  summary(id: string): StationSummary {
    const record = this.get(id)
    if (!record) throw new UnknownStationError(id)
    return this.summarize(record)
  }

  detail(id: string): StationDetail {
    const quarantined = this.quarantined(id)
    return { ...this.summary(id), passwordSet: this.passwordSet(id), recentViolations: this.unknown.has(id) ? this.unknown.recentViolations(id) : this.store.recentViolations(id), effective: this.effective(id), ...(quarantined.length > 0 ? { quarantined } : {}) }
  }

  private connectionInfo(id: string): ConnectionInfo {
    const connection = this.live.get(id)
    const last = this.lastDisconnect.get(id)
    return {
      connected: connection !== undefined,
      connectedAt: connection?.connectedAt,
      disconnectedAt: connection ? undefined : last?.at,
      disconnectReason: connection ? undefined : last?.reason,
      remoteAddress: connection?.remoteAddress,
      pendingCalls: connection?.pendingCalls ?? 0,
    }
  }

  private summarize(record: StationRecord): StationSummary {
    return { ...record, lastSeen: this.lastSeen.get(record.id) ?? record.lastSeen, connection: this.connectionInfo(record.id), ...(this.unknown.has(record.id) ? { unsaved: true } : {}) }
  }

  /** A change the operator makes: the identity is saved from then on. */
  private update(id: string, change: (record: StationRecord) => StationRecord, announce = true): StationRecord {
    const next = change(this.ensure(id))
    this.store.upsert(next)
    if (announce) this.bus.emit('stationUpdated', this.summarize(next))
    return next
  }

  /** A change the station's own messages make: an identity never accepted stays in memory until its boot is Accepted. */
  private fromStation(id: string, change: (record: StationRecord) => StationRecord, announce = true): StationRecord {
    const next = change(this.ensure(id, 'connection'))
    if (this.unknown.has(id) && !next.everAccepted) this.unknown.put(next)
    else {
      this.unknown.remove(id)
      this.store.upsert(next)
    }
    if (announce) this.bus.emit('stationUpdated', this.summarize(next))
    return next
  }
}
