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

  constructor(
    private readonly store: StationStore,
    private readonly settings: () => OcppSettings,
    private readonly bus: EventBus,
    private readonly passwordSet: (id: string) => boolean = () => false,
    /** The station's stored records that were moved aside (quarantine notes). */
    private readonly quarantined: (id: string) => QuarantineNote[] = () => [],
  ) {}

  get(id: string): StationRecord | undefined {
    return this.store.get(id)
  }

  /** The stored record, created on first contact. */
  /**
   * The stored record, created on first contact. An identity that connects by itself follows the
   * unknown-station policy (Pending when so set); one the operator registers is Accepted.
   */
  ensure(id: string, origin: 'connection' | 'operator' = 'operator'): StationRecord {
    const existing = this.store.get(id)
    if (existing) return existing
    const now = isoNow()
    const pending = origin === 'connection' && this.settings().unknownStations === 'pending'
    const record: StationRecord = { id, firstSeen: now, lastSeen: now, everAccepted: false, overrides: {}, violationCount: 0, ...(pending ? { registrationPolicy: 'Pending' as const } : {}) }
    this.store.upsert(record)
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
      this.update(id, (record) => ({ ...record, lastSeen: now }), false)
    }
  }

  recordBoot(id: string, boot: Omit<BootInfo, 'receivedAt'>, status: RegistrationStatus): StationRecord {
    const receivedAt = isoNow()
    return this.update(id, (record) => ({
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
    const connectors = this.ensure(id).connectors ?? {}
    const trackable = Number.isSafeInteger(status.connectorId) && status.connectorId >= 0
    if (!trackable || (!Object.hasOwn(connectors, key) && Object.keys(connectors).length >= MAX_TRACKED_CONNECTORS)) {
      const why = trackable
        ? `connector ${status.connectorId} is beyond the ${MAX_TRACKED_CONNECTORS} connectors the CSMS tracks per station: its status is kept in the status history only`
        : `connectorId ${JSON.stringify(status.connectorId)} is not a connector number: its status is kept in the status history only`
      status.warnings = [...(status.warnings ?? []), why]
      this.recordViolation(id, { time: status.receivedAt, action: 'StatusNotification', messageId, direction: 'in', accepted: true, violations: [{ code: 'PropertyConstraintViolation', path: '/connectorId', message: why }] })
      return status
    }
    this.update(id, (record) => ({ ...record, connectors: { ...record.connectors, [key]: status } }))
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
    this.ensure(id)
    const record = this.store.recordViolation(id, violation)
    if (record) this.bus.emit('stationUpdated', this.summarize(record))
  }

  updateOverrides(id: string, patch: { [K in keyof StationOverrides]?: StationOverrides[K] | null }): StationDetail {
    if (!this.store.get(id)) throw new UnknownStationError(id)
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
    const overrides = this.store.get(id)?.overrides ?? {}
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

  list(): StationSummary[] {
    return this.store.list().map((record) => this.summarize(record))
  }

  summary(id: string): StationSummary {
    const record = this.store.get(id)
    if (!record) throw new UnknownStationError(id)
    return this.summarize(record)
  }

  detail(id: string): StationDetail {
    const quarantined = this.quarantined(id)
    return { ...this.summary(id), passwordSet: this.passwordSet(id), recentViolations: this.store.recentViolations(id), effective: this.effective(id), ...(quarantined.length > 0 ? { quarantined } : {}) }
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
    return { ...record, lastSeen: this.lastSeen.get(record.id) ?? record.lastSeen, connection: this.connectionInfo(record.id) }
  }

  private update(id: string, change: (record: StationRecord) => StationRecord, announce = true): StationRecord {
    const next = change(this.ensure(id))
    this.store.upsert(next)
    if (announce) this.bus.emit('stationUpdated', this.summarize(next))
    return next
  }
}
