/**
 * Smart Charging in the CSMS: the profile library, sending profiles (one task per target, ids that
 * never repeat), the mirror of what each station holds (kept from the answers and the transactions),
 * and the station view with the CSMS's composite next to the reported one.
 */
import { randomUUID } from 'node:crypto'
import type { InstalledProfile, LibraryProfile, ProfileCheck, ProfilePreview, ProfileTemplate, SendProfileResult, StationChargingView } from '@shared/contract/charging-dto'
import type { CallTask, ConfigurationSnapshot, StationRecord, TransactionSummary, Violation } from '@shared/contract/dto'
import type { ChargingProfile, ChargingRateUnitType, ClearChargingProfileRequest, GetCompositeScheduleRequest, GetCompositeScheduleResponse } from '@shared/ocpp/payloads'
import type { OcppValidator } from '../../ocpp/validator'
import { describeViolations } from '../../ocpp/validator'
import { profileWarnings } from '../../profiles/smart-charging/profile-warnings'
import { stationLimits } from '../../profiles/smart-charging/station-limits'
import type { ChargingRepository } from '../../storage/charging-repository'
import { isoNow } from '../../util/time'
import type { EventBus } from '../event-bus'
import { buildView } from './charging-view'
import { applyClear, applySet, bindTransaction, dropTransaction } from './profile-mirror'
import { toReportedComposite } from './reported-composite'
import { previewSpans } from './profile-preview'

export interface ChargingServiceDeps {
  repo: ChargingRepository
  bus: EventBus
  validator: OcppValidator
  send(stationId: string, action: 'SetChargingProfile', payload: unknown, warnings: string[]): { task: CallTask }
  /** Remarks on a CS→CP call (all profiles' rules). */
  warningsFor(stationId: string, action: string, payload: unknown): string[]
  nextProfileId(): Promise<number>
  station(stationId: string): StationRecord | undefined
  configuration(stationId: string): ConfigurationSnapshot
  voltage(stationId: string): number
  /** The transaction running on a connector. */
  runningOn(stationId: string, connectorId: number): { transactionId: number; timestamp: string } | undefined
  now?(): number
  /** Where records moved aside and failed connector views are reported (default: console). */
  log?: Pick<Console, 'warn'>
}

/** A profile that breaks the OCPP schema: it cannot be stored or sent. */
export class ProfileSchemaError extends Error {
  constructor(readonly violations: Violation[]) {
    super(`The profile breaks the OCPP 1.6 schema: ${describeViolations(violations)}`)
    this.name = 'ProfileSchemaError'
  }
}

export class UnknownLibraryProfileError extends Error {
  constructor(id: string) {
    super(`No charging profile "${id}" in the library`)
  }
}

const DEFAULT_VIEW_SECONDS = 86_400
const PROFILE_PATH = '/csChargingProfiles'

export class ChargingService {
  /** Library id of a SetChargingProfile task still under way. */
  private readonly libraryOfTask = new Map<string, string>()

  constructor(private readonly deps: ChargingServiceDeps) {}

  private now(): number {
    return this.deps.now?.() ?? Date.now()
  }

  // The library

  library(): LibraryProfile[] {
    return this.deps.repo.library()
  }

  saveLibraryProfile(input: { id?: string; name: string; note?: string; profile: unknown }): { record: LibraryProfile; warnings: string[] } {
    const profile = input.profile as ProfileTemplate
    // A limit with more than one decimal breaks only multipleOf: keep the profile, say it cannot be sent as is.
    const all = this.schemaViolations(profile, 'SetChargingProfile')
    const precision = all.filter((v) => /multiple of/.test(v.message))
    const violations = all.filter((v) => !precision.includes(v))
    if (violations.length > 0) throw new ProfileSchemaError(violations)
    const existing = input.id !== undefined ? this.deps.repo.libraryProfile(input.id) : undefined
    const time = isoNow()
    const record = this.deps.repo.saveLibraryProfile({
      id: input.id ?? randomUUID(),
      name: input.name.trim(),
      ...(input.note?.trim() ? { note: input.note.trim() } : {}),
      profile,
      createdAt: existing?.createdAt ?? time,
      updatedAt: time,
    })
    this.deps.bus.emit('chargingLibraryChanged', this.library())
    const precisionWarnings = precision.map((v) => `${v.path || 'limit'} ${v.message}: the OCPP schema allows one decimal, so the station would never get this profile as it is; round it before sending`)
    return { record, warnings: [...precisionWarnings, ...profileWarnings(profile, { usage: 'library', now: this.now() })] }
  }

  deleteLibraryProfile(id: string): void {
    if (!this.deps.repo.deleteLibraryProfile(id)) throw new UnknownLibraryProfileError(id)
    this.deps.bus.emit('chargingLibraryChanged', this.library())
  }

  // Checks and previews

  check(profile: unknown, context: { stationId?: string; connectorId?: number; usage?: 'SetChargingProfile' | 'RemoteStartTransaction' | 'library' }): ProfileCheck {
    const usage = context.usage ?? (context.stationId ? 'SetChargingProfile' : 'library')
    const template = profile as ProfileTemplate
    const violations = this.schemaViolations(template, usage === 'RemoteStartTransaction' ? 'RemoteStartTransaction' : 'SetChargingProfile')
    if (violations.length > 0 || typeof template?.chargingSchedule !== 'object') return { violations, warnings: [] }
    if (!context.stationId) return { violations, warnings: profileWarnings(template, { usage, connectorId: context.connectorId, now: this.now() }) }
    const payload = usage === 'RemoteStartTransaction' ? { idTag: 'check', chargingProfile: template } : { connectorId: context.connectorId ?? 0, csChargingProfiles: template }
    const action = usage === 'RemoteStartTransaction' ? 'RemoteStartTransaction' : 'SetChargingProfile'
    return { violations, warnings: this.deps.warningsFor(context.stationId, action, payload).filter((w) => !w.startsWith('No connectorId')) }
  }

  preview(profile: unknown, options: { from?: string; duration?: number; transactionStart?: string; chargingRateUnit?: ChargingRateUnitType; voltage?: number }): ProfilePreview {
    const template = profile as ProfileTemplate
    const violations = this.schemaViolations(template, 'SetChargingProfile')
    if (violations.length > 0) throw new ProfileSchemaError(violations)
    const transactionStart = options.transactionStart ? Date.parse(options.transactionStart) : undefined
    return {
      ...previewSpans(template, { ...options, from: options.from ? Date.parse(options.from) : this.now(), duration: options.duration ?? DEFAULT_VIEW_SECONDS, transactionStart }),
      warnings: profileWarnings(template, { usage: 'library', now: this.now() }),
    }
  }

  // Sending

  async send(args: {
    targets: { stationId: string; connectorId: number }[]
    profile: unknown
    libraryId?: string
    chargingProfileId?: number
    transactionId?: number | 'running' | null
    anchorNow?: boolean
  }): Promise<SendProfileResult> {
    const template = args.profile as ProfileTemplate
    const violations = this.schemaViolations(template, 'SetChargingProfile')
    if (violations.length > 0) throw new ProfileSchemaError(violations)
    const tasks: CallTask[] = []
    for (const target of args.targets) {
      const extra: string[] = []
      const profile = this.anchored(structuredClone(template), args.anchorNow === true)
      const chargingProfileId = args.chargingProfileId ?? template.chargingProfileId ?? (await this.deps.nextProfileId())
      if (args.transactionId === 'running') {
        const running = this.deps.runningOn(target.stationId, target.connectorId)
        if (running) profile.transactionId = running.transactionId
        else {
          delete profile.transactionId
          extra.push(`No transaction runs on ${target.stationId} connector ${target.connectorId}: sent without transactionId`)
        }
      } else if (args.transactionId === null) delete profile.transactionId
      else if (args.transactionId !== undefined) profile.transactionId = args.transactionId
      const payload = { connectorId: target.connectorId, csChargingProfiles: { ...profile, chargingProfileId } }
      const { task } = this.deps.send(target.stationId, 'SetChargingProfile', payload, [...extra, ...this.deps.warningsFor(target.stationId, 'SetChargingProfile', payload)])
      if (args.libraryId) this.libraryOfTask.set(task.id, args.libraryId)
      tasks.push(task)
    }
    return { tasks }
  }

  /** startSchedule moved to now, validFrom/validTo by the same amount (profiles without startSchedule are left as they are). */
  private anchored(profile: ProfileTemplate, anchorNow: boolean): ProfileTemplate {
    const start = profile.chargingSchedule.startSchedule ? Date.parse(profile.chargingSchedule.startSchedule) : Number.NaN
    if (!anchorNow || Number.isNaN(start)) return profile
    const shift = this.now() - start
    const move = (iso: string | undefined) => (iso === undefined || Number.isNaN(Date.parse(iso)) ? iso : new Date(Date.parse(iso) + shift).toISOString())
    profile.chargingSchedule.startSchedule = new Date(start + shift).toISOString()
    if (profile.validFrom !== undefined) profile.validFrom = move(profile.validFrom)
    if (profile.validTo !== undefined) profile.validTo = move(profile.validTo)
    return profile
  }

  async newProfileId(): Promise<number> {
    return this.deps.nextProfileId()
  }

  // What stations hold

  installed(stationId: string): InstalledProfile[] {
    return this.deps.repo.installed(stationId)
  }

  /** Learn from a finished CS→CP task. */
  taskFinished(task: CallTask): void {
    const libraryId = this.libraryOfTask.get(task.id)
    this.libraryOfTask.delete(task.id)
    if (task.state !== 'answered') return
    const status = (task.response as { status?: string } | undefined)?.status
    const stationId = task.stationId
    const at = task.finishedAt ?? isoNow()
    switch (task.action) {
      case 'SetChargingProfile': {
        if (status !== 'Accepted') return
        const { connectorId, csChargingProfiles: profile } = task.payload as { connectorId: number; csChargingProfiles: ChargingProfile }
        this.change(stationId, (list) =>
          applySet(list, { connectorId, profile, installedAt: at, via: 'SetChargingProfile', taskId: task.id, ...(libraryId ? { libraryId } : {}), ...(profile.transactionId !== undefined ? { transactionId: profile.transactionId } : {}) }),
        )
        return
      }
      case 'RemoteStartTransaction': {
        const request = task.payload as { connectorId?: number; chargingProfile?: ChargingProfile }
        if (status !== 'Accepted' || !request.chargingProfile) return
        const profile = request.chargingProfile
        this.change(stationId, (list) => applySet(list, { connectorId: request.connectorId ?? 0, profile, installedAt: at, via: 'RemoteStartTransaction', taskId: task.id, awaitingTransaction: true }))
        return
      }
      case 'ClearChargingProfile':
        if (status === 'Accepted') this.change(stationId, (list) => applyClear(list, task.payload as ClearChargingProfileRequest).kept)
        return
      case 'GetCompositeSchedule': {
        const request = task.payload as GetCompositeScheduleRequest
        const response = (task.response ?? {}) as Partial<GetCompositeScheduleResponse>
        this.deps.repo.setReported(stationId, toReportedComposite(request, response, at, task.id))
        this.deps.bus.emit('chargingChanged', { stationId })
        return
      }
    }
  }

  /** A transaction started or stopped: bind RemoteStart TxProfiles to it, or let its TxProfiles cease. */
  transactionChanged(summary: TransactionSummary): void {
    if (summary.orphan) return
    const list = this.deps.repo.installed(summary.stationId)
    if (list.length === 0) return
    if (summary.active) {
      if (list.some((item) => item.awaitingTransaction)) this.change(summary.stationId, (items) => bindTransaction(items, summary.connectorId, summary.transactionId))
    } else if (list.some((item) => item.profile.chargingProfilePurpose === 'TxProfile')) {
      this.change(summary.stationId, (items) => dropTransaction(items, summary.connectorId, summary.transactionId))
    }
  }

  forget(stationId: string, connectorId?: number): void {
    this.change(stationId, (list) => (connectorId === undefined ? [] : list.filter((item) => item.connectorId !== connectorId)))
  }

  view(stationId: string, options: { from?: string; duration?: number; chargingRateUnit?: ChargingRateUnitType } = {}): StationChargingView {
    const installed = this.deps.repo.installed(stationId)
    const units = installed.map((i) => i.profile.chargingSchedule.chargingRateUnit)
    const unit = options.chargingRateUnit ?? (units.length > 0 && units.every((u) => u === 'W') ? 'W' : 'A')
    const connectorIds = Object.keys(this.deps.station(stationId)?.connectors ?? {}).map(Number)
    return buildView({
      stationId,
      from: options.from ? Date.parse(options.from) : this.now(),
      duration: options.duration ?? DEFAULT_VIEW_SECONDS,
      unit,
      voltage: this.deps.voltage(stationId),
      limits: stationLimits(this.deps.configuration(stationId).keys),
      installed,
      connectorIds,
      reported: this.deps.repo.reported(stationId),
      transactionOn: (connectorId) => {
        const running = this.deps.runningOn(stationId, connectorId)
        const start = running ? Date.parse(running.timestamp) : Number.NaN
        return running ? { transactionId: running.transactionId, start: Number.isNaN(start) ? this.now() : start } : undefined
      },
      quarantined: () => this.deps.repo.quarantined(stationId),
      reportUnusable: (connectorId, reason) => {
        const note = this.deps.repo.quarantineReported(stationId, connectorId, reason)
        this.log.warn(`Smart Charging: the stored GetCompositeSchedule answer of ${stationId} connector ${connectorId} could not be used (${reason}); it was moved to quarantine${note?.file ? ` (${note.file} in the data folder)` : ''}.`)
      },
      connectorFailed: (connectorId, reason) => this.log.warn(`Smart Charging: the view of ${stationId} connector ${connectorId} could not be computed (${reason})`),
      logError: (line) => this.log.warn(line),
    })
  }

  private get log(): Pick<Console, 'warn'> {
    return this.deps.log ?? console
  }

  private change(stationId: string, update: (list: InstalledProfile[]) => InstalledProfile[]): void {
    const before = this.deps.repo.installed(stationId)
    const after = update([...before])
    if (after.length === before.length && after.every((item, index) => item === before[index])) return
    this.deps.repo.setInstalled(stationId, after)
    this.deps.bus.emit('chargingChanged', { stationId })
  }

  /** Schema check of a profile, as it would travel in SetChargingProfile (or RemoteStartTransaction); paths relative to the profile. */
  private schemaViolations(profile: ProfileTemplate, action: 'SetChargingProfile' | 'RemoteStartTransaction'): Violation[] {
    const withId = profile && typeof profile === 'object' ? { ...profile, chargingProfileId: profile.chargingProfileId ?? 1 } : profile
    const violations =
      action === 'SetChargingProfile'
        ? this.deps.validator.validateRequest('SetChargingProfile', { connectorId: 0, csChargingProfiles: withId })
        : this.deps.validator.validateRequest('RemoteStartTransaction', { idTag: 'check', chargingProfile: withId })
    const prefix = action === 'SetChargingProfile' ? PROFILE_PATH : '/chargingProfile'
    return violations.map((v) => ({ ...v, path: v.path.startsWith(prefix) ? v.path.slice(prefix.length) : v.path }))
  }
}
