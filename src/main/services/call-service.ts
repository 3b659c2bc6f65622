/**
 * CS→CP operations as tasks (DESIGN rule 7): `send` returns at once with a task; its outcome
 * (answer, CALLERROR, timeout, offline, refused) arrives as `taskUpdated` and stays in the history.
 *
 * A task is a record to keep and show, so its secrets are masked (issue 17 §7: an AuthorizationKey,
 * a URL password): in memory, in events, in what `send`, `get` and `list` return. The station gets
 * the real payload; only `onFinished` sees the real request and answer, once, to update domain state.
 */
import { randomUUID } from 'node:crypto'
import type { CallTask } from '@shared/contract/dto'
import { FINAL_TASK_STATES } from '@shared/contract/dto'
import { isCsToCpAction, type CsToCpAction } from '@shared/ocpp/actions'
import type { CallHooks, CallOutcome } from '../ocpp/call-outcome'
import type { EventBus } from './event-bus'
import { isoNow } from '../util/time'
import { maskSecrets, maskTask } from '@shared/secret-mask'
import { keptTask } from './task-bounds'

export interface CallTarget {
  call(action: CsToCpAction, payload: unknown, hooks?: CallHooks): Promise<CallOutcome>
}

export interface CallServiceOptions {
  connectionFor(stationId: string): CallTarget | undefined
  bus: EventBus
  /** Tasks kept in memory for the history. */
  historySize?: number
  /**
   * Called with every finished task (e.g. to persist it, or to update domain state from the answer),
   * with the request and answer as they really were: not masked. Whatever keeps or shows it masks it.
   */
  onFinished?(task: CallTask): void
  /**
   * The state's change count and a wait for its write: when onFinished changed the state, the task
   * is announced final only once that is on disk, so what a station acknowledged (a list version, a
   * reservation, a profile) is durable before anyone sees the task done (issue 20 §2).
   */
  durability?: { changes(): number; durable(): Promise<void> }
  /** A finished task got new facts (to persist it again). */
  onAnnotated?(task: CallTask): void
  /** Finished tasks of earlier runs, oldest first (the history survives a restart). */
  initial?: CallTask[]
}

export class CallService {
  private readonly tasks = new Map<string, CallTask>()
  private readonly historySize: number

  constructor(private readonly options: CallServiceOptions) {
    this.historySize = options.historySize ?? 5000
    for (const task of (options.initial ?? []).slice(-this.historySize)) this.tasks.set(task.id, maskTask(task))
  }

  /** Start a CS→CP call. The returned task is already final when the station is offline or the payload is refused. */
  send(stationId: string, action: string, payload: unknown, warnings: string[] = [], origin: 'operator' | 'auto' = 'operator'): { task: CallTask; done: Promise<CallTask> } {
    const task: CallTask = { id: randomUUID(), stationId, action, payload: maskSecrets(payload), state: 'queued', createdAt: isoNow(), ...(warnings.length ? { warnings } : {}), ...(origin === 'auto' ? { origin } : {}) }
    this.remember(task)
    if (!isCsToCpAction(action)) {
      return this.finishNow(task, payload, { state: 'refused', reason: `"${action}" is not an action a Central System sends (OCPP 1.6 CS→CP actions are case-sensitive)` })
    }
    const connection = this.options.connectionFor(stationId)
    if (!connection) {
      return this.finishNow(task, payload, { state: 'offline', reason: `${stationId} is not connected; nothing was sent` })
    }
    const done = connection
      .call(action, payload, {
        onSent: (messageId) => this.change(task.id, { state: 'sent', sentAt: isoNow(), messageId }),
      })
      .then((outcome) => this.finish(task.id, payload, outcome))
    const current = this.tasks.get(task.id) ?? task
    return { task: { ...current }, done }
  }

  /** Adds facts learnt after the answer (e.g. what a TriggerMessage brought); announced like any change. */
  annotate(id: string, change: Pick<Partial<CallTask>, 'triggered' | 'uploadMissing'>): CallTask | undefined {
    if (!this.tasks.has(id)) return undefined
    const task = this.change(id, change.triggered ? { triggered: { ...change.triggered, payload: maskSecrets(change.triggered.payload) } } : change)
    if (task.finishedAt) this.options.onAnnotated?.(task)
    return task
  }

  get(id: string): CallTask | undefined {
    const task = this.tasks.get(id)
    return task && { ...task }
  }

  list(filter: { stationId?: string; limit?: number } = {}): CallTask[] {
    const limit = filter.limit ?? 200
    const result: CallTask[] = []
    const all = [...this.tasks.values()]
    for (let index = all.length - 1; index >= 0 && result.length < limit; index -= 1) {
      const task = all[index]!
      if (!filter.stationId || task.stationId === filter.stationId) result.push({ ...task })
    }
    return result
  }

  private finishNow(task: CallTask, payload: unknown, change: Partial<CallTask>): { task: CallTask; done: Promise<CallTask> } {
    const final = this.change(task.id, { ...change, finishedAt: isoNow() })
    this.options.onFinished?.({ ...final, payload })
    return { task: final, done: Promise.resolve(final) }
  }

  private async finish(id: string, payload: unknown, outcome: CallOutcome): Promise<CallTask> {
    const finishedAt = isoNow()
    let change: Partial<CallTask>
    switch (outcome.kind) {
      case 'result':
        change = { state: 'answered', response: maskSecrets(outcome.payload), messageId: outcome.messageId, ...(outcome.violations.length ? { violations: outcome.violations } : {}) }
        break
      case 'error':
        change = { state: 'callerror', messageId: outcome.messageId, error: maskSecrets({ code: outcome.code, description: outcome.description, details: outcome.details }) }
        break
      case 'timeout':
        change = { state: 'timeout', reason: `No answer within ${Math.round(outcome.timeoutMs / 1000)} s; the station may still act on it. Check its connection or raise the call timeout.` }
        break
      case 'closed':
        change = { state: 'offline', reason: outcome.reason }
        break
      case 'refused':
        change = { state: 'refused', reason: outcome.reason, violations: outcome.violations }
        break
      case 'malformed':
        // The answer as sent stays in the message log only: the task carries why it was not used.
        change = { state: 'malformed', messageId: outcome.messageId, reason: outcome.reason, ...(outcome.violations.length ? { violations: outcome.violations } : {}) }
        break
    }
    const previous = this.tasks.get(id)
    if (!previous) throw new Error(`task ${id} vanished`)
    const before = this.options.durability?.changes()
    // The real request and the sanitised answer for domain state (a malformed one carries none); the kept record stays masked.
    this.options.onFinished?.({ ...previous, ...change, finishedAt, payload, ...(outcome.kind === 'result' ? { response: outcome.payload } : {}), ...(outcome.kind === 'error' ? { error: { code: outcome.code, description: outcome.description, details: outcome.details } } : {}) })
    // Only an answer can carry something the station acknowledged; nothing changed, nothing to wait for.
    if (this.options.durability && outcome.kind === 'result' && this.options.durability.changes() !== before) {
      try {
        await this.options.durability.durable()
      } catch {
        // Kept in memory and written when the disk allows (the state store retries); the task says so.
        change = { ...change, warnings: [...(previous.warnings ?? []), 'Not saved yet: the data folder could not be written. What the station answered is kept in memory and saved once the disk allows it.'] }
      }
    }
    return this.change(id, { ...change, finishedAt })
  }

  /** Applies a change (`change` is masked already, or holds nothing secret); the task is kept and announced bounded (keptTask), the caller gets it whole (for onFinished). */
  private change(id: string, change: Partial<CallTask>): CallTask {
    const previous = this.tasks.get(id)
    if (!previous) throw new Error(`task ${id} vanished`)
    const next = { ...previous, ...change }
    const kept = keptTask(next)
    this.tasks.set(id, kept)
    this.options.bus.emit('taskUpdated', { ...kept })
    return { ...next }
  }

  private remember(task: CallTask): void {
    this.tasks.set(task.id, task)
    this.options.bus.emit('taskUpdated', { ...task })
    if (this.tasks.size <= this.historySize) return
    for (const [id, old] of this.tasks) {
      if (this.tasks.size <= this.historySize) break
      if (FINAL_TASK_STATES.includes(old.state)) this.tasks.delete(id)
    }
  }
}
