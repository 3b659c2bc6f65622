/**
 * Local Authorization Lists in the CSMS: a library of lists, and per station the list version and
 * content the CSMS believes it holds (1.6 cannot read a list back), kept from every accepted
 * SendLocalList. Sends are Full or Differential (computed against what the station acknowledged),
 * chunked by SendLocalListMaxLength (a Full first, then Differentials), one message at a time per
 * station, with versions that only go up and never repeat.
 */
import { randomUUID } from 'node:crypto'
import type { AuthList, ListSend, StationLocalList } from '@shared/contract/auth-dto'
import type { CallTask, ConfigurationSnapshot, IdTagRecord, Violation } from '@shared/contract/dto'
import type { AuthorizationData, SendLocalListRequest } from '@shared/ocpp/payloads'
import { ownValueIgnoringCase } from '@shared/util/id-record'
import { describeViolations, type OcppValidator } from '../../ocpp/validator'
import { localListCommandWarnings, type LocalListLimits } from '../../profiles/local-auth-list/command-warnings'
import type { AuthRepository, StoredLocalList } from '../../storage/auth-repository'
import { isoNow } from '../../util/time'
import type { EventBus } from '../event-bus'
import { applyUpdate, difference, planChunks } from './list-diff'

export interface LocalListServiceDeps {
  repo: AuthRepository
  bus: EventBus
  validator: OcppValidator
  send(stationId: string, action: 'SendLocalList', payload: SendLocalListRequest, warnings: string[]): { task: CallTask; done: Promise<CallTask> }
  /** A version for the station above `floor`, never handed out before. */
  nextVersion(stationId: string, floor: number): Promise<number>
  configuration(stationId: string): ConfigurationSnapshot
  idTags(): IdTagRecord[]
  /** Resolves once every change of the state is on disk: a send is durable before its first chunk goes (issue 20 §2). */
  durable?(): Promise<void>
}

type Chunk = { listVersion: number; updateType: 'Full' | 'Differential'; entries: AuthorizationData[] }
/** A chunk of one of our sends, waiting for its task's outcome. */
type OwnChunk = { send: ListSend; index: number; chunk: Chunk; last: boolean }

/** The status a chunk's task ended with: the station's answer, or the task's failure. */
function chunkStatus(task: CallTask): string {
  if (task.state === 'answered') return String((task.response as { status?: unknown })?.status ?? 'unknown')
  return task.state === 'callerror' ? (task.error?.code ?? 'callerror') : task.state
}

export class ListSchemaError extends Error {
  constructor(readonly violations: Violation[]) {
    super(`The list breaks the OCPP 1.6 schema: ${describeViolations(violations)}`)
    this.name = 'ListSchemaError'
  }
}

/** Stations keep listVersion in a 32-bit integer: a version above this would wrap or be refused. */
export const MAX_LIST_VERSION = 2_147_483_647

/** No new listVersion fits: the station reported (or was sent) one at the top of the range. */
export class ListVersionError extends Error {
  constructor(stationId: string, floor: number, count: number) {
    super(
      `${stationId} holds or was sent listVersion ${floor}: ${count === 1 ? 'no higher version fits' : `no ${count} higher versions fit`} a 32-bit integer (at most ${MAX_LIST_VERSION}). Type a listVersion (for example 1) to start numbering again.`,
    )
    this.name = 'ListVersionError'
  }
}

export class UnknownListError extends Error {
  constructor(id: string) {
    super(`No local list "${id}" in the library`)
  }
}

function configValue(snapshot: ConfigurationSnapshot, name: string): string | undefined {
  return ownValueIgnoringCase(snapshot.keys, name)?.value
}

/** An accepted Full list replaces whatever the station held: its content is known again. */
function knownIf(list: StoredLocalList, updateType: 'Full' | 'Differential'): StoredLocalList {
  if (updateType !== 'Full' || !list.unknown) return list
  const { unknown: _unknown, ...known } = list
  return known
}

function integer(value: string | undefined): number | undefined {
  const n = value === undefined || value.trim() === '' ? Number.NaN : Number(value)
  return Number.isInteger(n) ? n : undefined
}

export class LocalListService {
  /** SendLocalList tasks of our own sends, by task id: their outcome is applied when the task finishes. */
  private readonly ownTasks = new Map<string, OwnChunk>()
  /** One send at a time per station: the next waits for the previous one. */
  private readonly queues = new Map<string, Promise<void>>()

  constructor(private readonly deps: LocalListServiceDeps) {
    this.recoverInterrupted()
  }

  /**
   * A send still "sending" when the app starts was cut off by a crash or a kill: its chunk may have
   * reached the station and been applied there, or not. What the station holds is unknown until a
   * Full list is accepted; the next computed send is a Full one (issue 20 §2).
   */
  private recoverInterrupted(): void {
    for (const [stationId, list] of this.deps.repo.localLists()) {
      const cut = list.history.filter((send) => send.state === 'sending')
      if (cut.length === 0) continue
      const at = isoNow()
      const result = 'Interrupted: the Central System stopped before the station answered; what the station holds is unknown until a Full list is accepted'
      this.deps.repo.saveLocalList(stationId, {
        ...list,
        unknown: { since: at, reason: 'a send was interrupted when the Central System stopped' },
        history: list.history.map((send) => (send.state === 'sending' ? { ...send, state: 'failed' as const, result, finishedAt: at } : send)),
      })
    }
  }

  // The library

  lists(): AuthList[] {
    return this.deps.repo.authLists()
  }

  saveList(input: { id?: string; name: string; note?: string; entries: unknown[] }): { record: AuthList; warnings: string[] } {
    const entries = this.checked(input.entries)
    const existing = input.id !== undefined ? this.deps.repo.authList(input.id) : undefined
    const time = isoNow()
    const record = this.deps.repo.saveAuthList({
      id: input.id ?? randomUUID(),
      name: input.name.trim(),
      ...(input.note?.trim() ? { note: input.note.trim() } : {}),
      entries,
      createdAt: existing?.createdAt ?? time,
      updatedAt: time,
    })
    this.deps.bus.emit('authListsChanged', this.lists())
    const seen = new Set<string>()
    const duplicates = entries.filter((e) => (seen.has(e.idTag.toUpperCase()) ? true : (seen.add(e.idTag.toUpperCase()), false))).map((e) => e.idTag)
    const bare = entries.filter((e) => !e.idTagInfo).length
    return {
      record,
      warnings: [
        ...(duplicates.length ? [`idTag(s) listed twice (idTags are case-insensitive): ${duplicates.slice(0, 10).join(', ')}; the last one wins`] : []),
        ...(bare ? [`${bare} entr${bare === 1 ? 'y has' : 'ies have'} no idTagInfo: sent as a Full list they are left out; in a Differential they remove the idTag`] : []),
      ],
    }
  }

  deleteList(id: string): void {
    if (!this.deps.repo.deleteAuthList(id)) throw new UnknownListError(id)
    this.deps.bus.emit('authListsChanged', this.lists())
  }

  /** Entries from the id-tag store (all, or the tags named). */
  fromIdTags(idTags?: string[]): { entries: AuthorizationData[]; warnings: string[] } {
    const all = this.deps.idTags()
    const byKey = new Map(all.map((r) => [r.idTag.toUpperCase(), r]))
    const chosen = idTags ? idTags.map((t) => byKey.get(t.toUpperCase())) : all
    const missing = idTags ? idTags.filter((t) => !byKey.has(t.toUpperCase())) : []
    const entries = chosen
      .filter((r): r is IdTagRecord => r !== undefined)
      .map((r) => ({ idTag: r.idTag, idTagInfo: { status: r.status, ...(r.expiryDate ? { expiryDate: r.expiryDate } : {}), ...(r.parentIdTag ? { parentIdTag: r.parentIdTag } : {}) } }))
    return { entries, warnings: missing.length ? [`Not in the id-tag store, left out: ${missing.join(', ')}`] : [] }
  }

  // What stations hold

  stationView(stationId: string): StationLocalList {
    const stored = this.deps.repo.localList(stationId)
    const limits = this.limits(stationId)
    const reported = stored.reported
    const mismatch = reported !== undefined && reported.listVersion !== (stored.expectedVersion ?? 0)
    return {
      stationId,
      ...(stored.unknown ? { unknown: stored.unknown } : {}),
      ...(stored.expectedVersion !== undefined ? { expectedVersion: stored.expectedVersion } : {}),
      entries: stored.entries,
      ...(reported ? { reported } : {}),
      mismatch,
      limits,
      history: [...stored.history].reverse(),
    }
  }

  limits(stationId: string): LocalListLimits {
    const snapshot = this.deps.configuration(stationId)
    const enabled = configValue(snapshot, 'LocalAuthListEnabled')?.trim().toLowerCase()
    const limits: LocalListLimits = {}
    const send = integer(configValue(snapshot, 'SendLocalListMaxLength'))
    const total = integer(configValue(snapshot, 'LocalAuthListMaxLength'))
    if (send !== undefined) limits.sendLocalListMaxLength = send
    if (total !== undefined) limits.localAuthListMaxLength = total
    if (enabled === 'true' || enabled === 'false') limits.enabled = enabled === 'true'
    return limits
  }

  /**
   * Learn from a finished GetLocalListVersion or SendLocalList (ours or sent by hand with sendCall),
   * while the task is being finished: what the station acknowledged is stored before the task is
   * shown final (the call service waits for the write).
   */
  taskFinished(task: CallTask): void {
    const own = this.ownTasks.get(task.id)
    if (own) {
      this.ownTasks.delete(task.id)
      this.applyChunk(own, task)
      return
    }
    if (task.state !== 'answered') return
    if (task.action === 'GetLocalListVersion') {
      const listVersion = (task.response as { listVersion?: unknown })?.listVersion
      if (typeof listVersion !== 'number') return
      this.update(task.stationId, (list) => ({ ...list, reported: { listVersion, at: task.finishedAt ?? isoNow(), taskId: task.id } }))
    } else if (task.action === 'SendLocalList' && !this.ownTasks.has(task.id)) {
      const request = task.payload as SendLocalListRequest
      if ((task.response as { status?: string })?.status !== 'Accepted') return
      this.update(task.stationId, (list) => ({ ...knownIf(list, request.updateType), entries: applyUpdate(list.entries, request.updateType, request.localAuthorizationList ?? []), expectedVersion: request.listVersion }))
    }
  }

  // Sending

  async send(args: { stationIds: string[]; listId?: string; entries?: unknown[]; updateType: 'Full' | 'Differential'; asIs?: boolean; listVersion?: number; chunkSize?: number }): Promise<{ sends: ListSend[] }> {
    let target: AuthorizationData[]
    let listId: string | undefined
    if (args.listId !== undefined) {
      const list = this.deps.repo.authList(args.listId)
      if (!list) throw new UnknownListError(args.listId)
      target = list.entries
      listId = list.id
    } else target = this.checked(args.entries ?? [])
    const sends: ListSend[] = []
    for (const stationId of args.stationIds) sends.push(await this.startSend(stationId, target, listId, args))
    return { sends }
  }

  private async startSend(stationId: string, target: AuthorizationData[], listId: string | undefined, args: { updateType: 'Full' | 'Differential'; asIs?: boolean; listVersion?: number; chunkSize?: number }): Promise<ListSend> {
    const stored = this.deps.repo.localList(stationId)
    const limits = this.limits(stationId)
    // Unknown content (an interrupted send): a difference against it could leave revoked tags on the station.
    const wholeInstead = stored.unknown !== undefined && args.updateType === 'Differential' && !args.asIs
    const updateType = wholeInstead ? 'Full' : args.updateType
    const computed = updateType === 'Differential' && !args.asIs
    const entries = computed ? difference(stored.entries, target) : target
    const chunkSize = args.chunkSize ?? limits.sendLocalListMaxLength
    const planned = computed && entries.length === 0 ? [] : planChunks(updateType, entries, chunkSize, 0)
    const versions = await this.versions(stationId, stored, planned.length, args.listVersion)
    const chunks = planned.map((chunk, i) => ({ ...chunk, listVersion: versions[i]! }))
    // Chunks are consecutive slices of `entries` (a Full first, Differentials after it): applying them
    // one by one is applying `entries` once. One pass, however small the station's SendLocalListMaxLength.
    const after = chunks.length === 0 ? stored.entries : applyUpdate(stored.entries, updateType, entries)
    const warnings = [
      ...(wholeInstead ? [`What ${stationId} holds is unknown (${stored.unknown!.reason}): the whole list is sent as Full instead of a Differential`] : []),
      ...new Set(chunks.flatMap((chunk) => localListCommandWarnings('SendLocalList', { listVersion: chunk.listVersion, updateType: chunk.updateType, localAuthorizationList: chunk.entries }, { expectedVersion: stored.expectedVersion, reportedVersion: stored.reported?.listVersion, limits: { ...limits, sendLocalListMaxLength: undefined } }))),
      ...(limits.localAuthListMaxLength !== undefined && after.length > limits.localAuthListMaxLength ? [`The list would hold ${after.length} entries, more than the station's LocalAuthListMaxLength (${limits.localAuthListMaxLength})`] : []),
      ...(chunks.length > 1 ? [`Sent in ${chunks.length} messages of at most ${chunkSize} entries (SendLocalListMaxLength)`] : []),
    ]
    const send: ListSend = {
      id: randomUUID(),
      stationId,
      ...(listId ? { listId } : {}),
      updateType,
      targetEntries: after.length,
      chunks: chunks.map((c) => ({ listVersion: c.listVersion, updateType: c.updateType, entries: c.entries.length })),
      state: chunks.length === 0 ? 'accepted' : 'sending',
      ...(chunks.length === 0 ? { result: 'Nothing to send: the station already holds this list', finishedAt: isoNow() } : {}),
      startedAt: isoNow(),
      warnings,
    }
    this.update(stationId, (list) => ({ ...list, history: [...list.history, send] }))
    if (chunks.length > 0) {
      const previous = this.queues.get(stationId) ?? Promise.resolve()
      const run = previous.then(() => this.runChunks(send, chunks, warnings)).catch(() => undefined)
      this.queues.set(stationId, run)
      void run.finally(() => {
        if (this.queues.get(stationId) === run) this.queues.delete(stationId)
      })
    }
    return send
  }

  private async runChunks(send: ListSend, chunks: Chunk[], warnings: string[]): Promise<void> {
    // The send is on record ("sending") before anything reaches the station: after a crash it is found and the list marked unknown.
    await this.deps.durable?.()
    for (const [index, chunk] of chunks.entries()) {
      const payload: SendLocalListRequest = { listVersion: chunk.listVersion, updateType: chunk.updateType, localAuthorizationList: chunk.entries }
      const { task, done } = this.deps.send(send.stationId, 'SendLocalList', payload, index === 0 ? warnings : [])
      const own: OwnChunk = { send, index, chunk, last: index === chunks.length - 1 }
      // A task final at once (station offline, payload refused) was finished before it could be known as ours.
      const settled = task.finishedAt !== undefined
      if (!settled) this.ownTasks.set(task.id, own)
      this.changeSend(send, (s) => ({ ...s, chunks: s.chunks.map((c, i) => (i === index ? { ...c, taskId: task.id } : c)) }))
      const finished = await done
      if (settled || this.ownTasks.delete(finished.id)) this.applyChunk(own, finished)
      if (chunkStatus(finished) !== 'Accepted') return
    }
  }

  /** Records a chunk's outcome; an accepted one updates what the station holds (a Full one makes it known again). */
  private applyChunk({ send, index, chunk, last }: OwnChunk, task: CallTask): void {
    const status = chunkStatus(task)
    const accepted = status === 'Accepted'
    this.update(send.stationId, (list) => {
      const history = list.history.map((s) =>
        s.id !== send.id
          ? s
          : {
              ...s,
              chunks: s.chunks.map((c, i) => (i === index ? { ...c, taskId: task.id, status } : c)),
              ...(accepted && !last ? {} : { state: accepted ? ('accepted' as const) : ('failed' as const), result: accepted ? 'Accepted' : status, finishedAt: isoNow() }),
            },
      )
      return accepted ? { ...knownIf(list, chunk.updateType), history, entries: applyUpdate(list.entries, chunk.updateType, chunk.entries), expectedVersion: chunk.listVersion } : { ...list, history }
    })
  }

  /** `count` versions: from the typed one up, or new ones above anything sent to or reported by the station. */
  private async versions(stationId: string, stored: StoredLocalList, count: number, typed?: number): Promise<number[]> {
    if (typed !== undefined) return Array.from({ length: count }, (_, i) => typed + i)
    // A loop, not Math.max(...list): a history of sends in thousands of chunks each would overflow the call stack.
    let floor = Math.max(stored.expectedVersion ?? 0, stored.reported?.listVersion ?? 0)
    for (const sent of stored.history) for (const chunk of sent.chunks) if (chunk.listVersion > floor) floor = chunk.listVersion
    // A station may report any integer (2^31-1, 1e300): never hand out a version beyond 32 bits.
    if (!(floor + count <= MAX_LIST_VERSION)) throw new ListVersionError(stationId, floor, count)
    const versions: number[] = []
    while (versions.length < count) versions.push(await this.deps.nextVersion(stationId, Math.max(floor, versions.at(-1) ?? 0)))
    return versions
  }

  private changeSend(send: ListSend, change: (s: ListSend) => ListSend): void {
    this.update(send.stationId, (list) => ({ ...list, history: list.history.map((s) => (s.id === send.id ? change(s) : s)) }))
  }

  private update(stationId: string, change: (list: StoredLocalList) => StoredLocalList): void {
    this.deps.repo.saveLocalList(stationId, change(this.deps.repo.localList(stationId)))
    this.deps.bus.emit('localListChanged', this.stationView(stationId))
  }

  /** The entries as they are, once they pass the OCPP schema (as a Full SendLocalList would carry them); ListSchemaError otherwise. */
  checked(entries: unknown[]): AuthorizationData[] {
    const violations = this.deps.validator.validateRequest('SendLocalList', { listVersion: 1, updateType: 'Differential', localAuthorizationList: entries })
    if (violations.length > 0) throw new ListSchemaError(violations.map((v) => ({ ...v, path: v.path.replace(/^\/localAuthorizationList/, '/entries') })))
    return entries as AuthorizationData[]
  }
}
