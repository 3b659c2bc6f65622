/**
 * Reservations as the CSMS tracks them (OCPP 1.6 §3.11, §5.13; spec notes §8): ReserveNow with
 * an id that never repeats (or one the operator types), the parent from the id-tag store, and the
 * lifecycle: active on Accepted, then used (a StartTransaction with its id, or its tag on its
 * connector), expired, cancelled (CancelReservation Accepted), ended (connector Faulted or
 * Unavailable) or replaced (the same id reserved again).
 */
import type { Reservation, ReservationState } from '@shared/contract/auth-dto'
import type { CallTask, ConnectorStatus, TransactionSummary } from '@shared/contract/dto'
import type { ReserveNowRequest } from '@shared/ocpp/payloads'
import { reservationKey, type AuthRepository } from '../../storage/auth-repository'
import { isoNow } from '../../util/time'
import type { EventBus } from '../event-bus'

export interface ReservationServiceDeps {
  repo: AuthRepository
  bus: EventBus
  send(stationId: string, action: 'ReserveNow', payload: ReserveNowRequest, warnings: string[]): { task: CallTask }
  warningsFor(stationId: string, action: string, payload: unknown): string[]
  /** A reservationId above `floor`, never handed out before. */
  nextReservationId(floor: number): Promise<number>
  /** The idTag's parent in the id-tag store. */
  parentOf(idTag: string): string | undefined
  now?(): number
}

const SWEEP_MS = 1000

export class ReservationService {
  private readonly byTask = new Map<string, string>()
  private timer: NodeJS.Timeout | undefined

  constructor(private readonly deps: ReservationServiceDeps) {}

  private now(): number {
    return this.deps.now?.() ?? Date.now()
  }

  /** Starts the expiry sweep (and runs it once, for reservations that expired while the app was closed). */
  start(): void {
    this.sweep()
    this.timer = setInterval(() => this.sweep(), SWEEP_MS)
    this.timer.unref()
  }

  stop(): void {
    clearInterval(this.timer)
  }

  list(filter: { stationId?: string; states?: string[]; limit?: number } = {}): Reservation[] {
    return this.deps.repo
      .reservations()
      .filter((r) => (filter.stationId === undefined || r.stationId === filter.stationId) && (!filter.states || filter.states.includes(r.state)))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.reservationId - a.reservationId)
      .slice(0, filter.limit ?? 1000)
  }

  async reserve(args: { stationId: string; connectorId: number; idTag: string; expiryDate: string; parentIdTag?: string | null; reservationId?: number }): Promise<CallTask> {
    const reservationId = args.reservationId ?? (await this.allocateId())
    const parentIdTag = args.parentIdTag === undefined ? this.deps.parentOf(args.idTag) : (args.parentIdTag ?? undefined)
    const payload: ReserveNowRequest = {
      connectorId: args.connectorId,
      expiryDate: new Date(Date.parse(args.expiryDate)).toISOString(),
      idTag: args.idTag,
      ...(parentIdTag ? { parentIdTag } : {}),
      reservationId,
    }
    const warnings = this.deps.warningsFor(args.stationId, 'ReserveNow', payload)
    const { task } = this.deps.send(args.stationId, 'ReserveNow', payload, warnings)
    // The task may already be final (offline, refused): taskFinished has then seen it before we record it.
    if (!task.finishedAt) this.record(task, payload)
    return task
  }

  /** Learn from a finished ReserveNow or CancelReservation, whoever sent it. */
  taskFinished(task: CallTask): void {
    if (task.action === 'ReserveNow') this.reserveFinished(task)
    else if (task.action === 'CancelReservation' && task.state === 'answered' && (task.response as { status?: string })?.status === 'Accepted') {
      const reservationId = (task.payload as { reservationId?: unknown })?.reservationId
      for (const r of this.active(task.stationId).filter((x) => x.reservationId === reservationId)) {
        this.change(r, { state: 'cancelled', endReason: 'CancelReservation accepted', cancelTaskId: task.id })
      }
    }
  }

  /** A transaction started: the reservation it names, or one held for its tag on its connector, is used. */
  transactionChanged(summary: TransactionSummary): void {
    if (!summary.active || summary.orphan) return
    const active = this.active(summary.stationId)
    const byId = summary.reservationId !== undefined ? active.find((r) => r.reservationId === summary.reservationId) : undefined
    const tag = summary.idTag.toUpperCase()
    const parent = summary.idTagInfo.parentIdTag?.toUpperCase()
    const byTag = active.find(
      (r) =>
        (r.connectorId === summary.connectorId || r.connectorId === 0) &&
        (r.idTag.toUpperCase() === tag || (parent !== undefined && (r.parentIdTag?.toUpperCase() === parent || r.idTag.toUpperCase() === parent))),
    )
    const used = byId ?? byTag
    if (used) this.change(used, { state: 'used', usedByTransactionId: summary.transactionId, endReason: `Transaction ${summary.transactionId} started${byId ? ' with its reservationId' : ' for its idTag'}` })
  }

  /** The connector (or the whole charge point, connector 0) went Faulted or Unavailable: its reservations end. */
  statusObserved(stationId: string, status: ConnectorStatus): void {
    if (status.status !== 'Faulted' && status.status !== 'Unavailable') return
    for (const r of this.active(stationId).filter((x) => status.connectorId === 0 || x.connectorId === status.connectorId)) {
      this.change(r, { state: 'ended', endReason: `${status.connectorId === 0 ? 'The charge point' : `Connector ${status.connectorId}`} went ${status.status}` })
    }
  }

  /** Active reservations past their expiryDate are expired. */
  sweep(): void {
    const now = this.now()
    for (const r of this.deps.repo.reservations()) {
      if (r.state === 'active' && Date.parse(r.expiryDate) <= now) this.change(r, { state: 'expired', endReason: 'expiryDate passed' })
    }
  }

  private reserveFinished(task: CallTask): void {
    const key = this.byTask.get(task.id)
    this.byTask.delete(task.id)
    const existing = key ? this.deps.repo.reservations().find((r) => reservationKey(r) === key) : undefined
    const reservation = existing ?? this.record(task, task.payload as ReserveNowRequest)
    if (!reservation) return
    if (task.state === 'answered') {
      const status = String((task.response as { status?: unknown })?.status ?? 'unknown')
      if (status === 'Accepted') {
        // `reservation` is still `requested` here, so it is never among the active ones it replaces.
        for (const old of this.active(task.stationId).filter((r) => r.reservationId === reservation.reservationId)) {
          this.change(old, { state: 'replaced', endReason: 'Reserved again with the same reservationId' })
        }
        const expired = Date.parse(reservation.expiryDate) <= this.now()
        this.change(reservation, { state: expired ? 'expired' : 'active', answer: status, ...(expired ? { endReason: 'expiryDate passed' } : {}) })
      } else this.change(reservation, { state: 'rejected', answer: status, endReason: `The station answered ${status}` })
      return
    }
    const why = task.state === 'callerror' ? `CALLERROR ${task.error?.code ?? ''}`.trim() : (task.reason ?? task.state)
    this.change(reservation, { state: 'failed', answer: task.state, endReason: why })
  }

  private record(task: CallTask, payload: Partial<ReserveNowRequest> | undefined): Reservation | undefined {
    if (typeof payload?.reservationId !== 'number' || typeof payload.idTag !== 'string') return undefined
    const reservation = this.deps.repo.saveReservation({
      reservationId: payload.reservationId,
      stationId: task.stationId,
      connectorId: typeof payload.connectorId === 'number' ? payload.connectorId : 0,
      idTag: payload.idTag,
      ...(payload.parentIdTag ? { parentIdTag: payload.parentIdTag } : {}),
      expiryDate: String(payload.expiryDate ?? ''),
      state: 'requested',
      createdAt: task.createdAt,
      taskId: task.id,
    })
    this.byTask.set(task.id, reservationKey(reservation))
    this.deps.bus.emit('reservationUpdated', reservation)
    return reservation
  }

  private active(stationId: string): Reservation[] {
    return this.deps.repo.reservations().filter((r) => r.stationId === stationId && r.state === 'active')
  }

  /** Every change moves the reservation out of `requested`: to `active`, or to an end state (stamped `endedAt`). */
  private change(reservation: Reservation, change: Partial<Reservation> & { state: Exclude<ReservationState, 'requested'> }): void {
    const ending = change.state !== 'active'
    const next = this.deps.repo.saveReservation({ ...reservation, ...change, ...(ending ? { endedAt: isoNow() } : {}) })
    this.deps.bus.emit('reservationUpdated', next)
  }

  /** Never at or below an id already used (also one a person typed), even if the counter was lost. */
  private async allocateId(): Promise<number> {
    const highest = this.deps.repo.reservations().reduce((max, r) => Math.max(max, r.reservationId), 0)
    return this.deps.nextReservationId(highest)
  }
}
