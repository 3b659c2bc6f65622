/**
 * One charge point's OCPP-J connection: answers its CALLs through `handleCall`, sends the CSMS's
 * CALLs through a one-at-a-time queue, keeps the socket alive with pings, and logs every frame.
 */
import type { WebSocket, RawData } from 'ws'
import type { LogEntry, Violation } from '@shared/contract/dto'
import { isCpToCsAction, isOcppAction, type CpToCsAction, type OcppAction } from '@shared/ocpp/actions'
import type { CallHooks, CallOutcome } from './call-outcome'
import { CallQueue } from './call-queue'
import { isOcppError } from './errors'
import {
  frameTooDeepInSlices,
  parseFrame,
  serializeCall,
  serializeCallError,
  serializeCallResult,
  type CallFrame,
  type CallResultFrame,
  type JsonObject,
  type ParsedFrame,
} from './frames'
import { FrameOrder } from './frame-order'
import { nextTurn, TimeSlices } from '../util/time-slices'
import { describeViolations, type OcppValidator } from './validator'
import { sanitizerFor, type PayloadSanitizer } from './payload-sanitizer'
import { RateLimiter, RepeatSuppressor } from './rate-limiter'
import { isoNow } from '../util/time'
import { internalErrorId } from '../util/internal-error'

export type FrameLogEntry = Omit<LogEntry, 'seq'>

export interface ConnectionSettings {
  callTimeoutMs: number
  /** 0 = no pings. */
  pingIntervalMs: number
  /**
   * Repair what is safe to repair in the station's CALLs and answers, drop what cannot be made sound,
   * refuse only when a required field cannot be (payload-sanitizer.ts); violations are still reported.
   * Strict: a payload that breaks its schema is refused.
   */
  lenient: boolean
  /** Frames a second a station may send on average (bursts of twice that); 0 = no limit. */
  maxMessagesPerSecond?: number
}

export interface ConnectionHooks {
  /** Answer a CP→CS CALL. Throw OcppError for a CALLERROR. */
  handleCall(action: CpToCsAction, payload: JsonObject, messageId: string): Promise<unknown>
  log(entry: FrameLogEntry): void
  settings(): ConnectionSettings
  /** Inbound frame (or pong) received: the station is alive. */
  onActivity?(): void
  onViolation?(info: { action: string; messageId: string; direction: 'in' | 'out'; accepted: boolean; violations: Violation[] }): void
}

const MAX_RAW_LOG_CHARS = 2000
/**
 * A frame longer than this is handled in slices (issue 18 §3): checked, logged and settled in turns
 * of the event loop of their own, so a station's 1 MiB answer does not hold the others up; the
 * station's later frames wait for it (FrameOrder).
 */
export const LARGE_FRAME_CHARS = 64 * 1024
/** A station that keeps flooding this long is disconnected (1008). */
const FLOOD_CLOSE_MS = 30_000
/**
 * A flood is over once no frame was dropped for this long. A flooding station still gets a frame
 * through whenever its bucket refills (every 1/rate s), so one frame let through does not end it.
 */
const FLOOD_QUIET_MS = 1_000

export class OcppConnection {
  readonly connectedAt = isoNow()
  private readonly calls: CallQueue
  private readonly sanitizer: PayloadSanitizer
  private pingTimer: NodeJS.Timeout | undefined
  private awaitingPong = false
  private closed = false
  private reasonClosed: string | undefined
  private readonly limiter: RateLimiter
  private readonly repeats = new RepeatSuppressor()
  private dropped = 0
  private floodingSince: number | undefined
  private lastDrop = Number.NEGATIVE_INFINITY
  /** What a sliced handler threw goes where an exception in a socket listener would: the last resort. */
  private readonly order = new FrameOrder((error) => void Promise.reject(error))

  constructor(
    readonly identity: string,
    private readonly socket: WebSocket,
    private readonly validator: OcppValidator,
    private readonly hooks: ConnectionHooks,
    readonly remoteAddress?: string,
  ) {
    this.sanitizer = sanitizerFor(validator)
    this.calls = new CallQueue({
      send: (id, action, payload) => {
        this.sendRaw(serializeCall(id, action, payload))
        // Logged once on the wire, so an audit shows both directions (the log masks its secrets).
        // A failure to log must not make the queue think the CALL was not sent.
        try {
          this.log({ direction: 'out', kind: 'CALL', messageId: id, action, payload })
        } catch {
          // The message log reports its own failures.
        }
      },
    })
    this.limiter = new RateLimiter(() => this.hooks.settings().maxMessagesPerSecond ?? 0)
    socket.on('message', (data, isBinary) => this.onMessage(data, isBinary))
    socket.on('pong', () => {
      this.awaitingPong = false
      this.hooks.onActivity?.()
    })
    socket.on('ping', () => this.hooks.onActivity?.())
    this.schedulePing()
  }

  get pendingCalls(): number {
    return this.calls.size
  }

  get isOpen(): boolean {
    return !this.closed
  }

  /** Why the CSMS closed this connection, when it was the CSMS that closed it. */
  get closeReason(): string | undefined {
    return this.reasonClosed
  }

  /** Send a CS→CP CALL. Schema-invalid payloads are refused locally and never sent. */
  call(action: OcppAction, payload: unknown, hooks: CallHooks = {}): Promise<CallOutcome> {
    const violations = this.validator.validateRequest(action, payload)
    if (violations.length > 0) {
      return Promise.resolve({
        kind: 'refused',
        violations,
        reason: `Not sent: the ${action} payload breaks the OCPP 1.6 schema (${describeViolations(violations)})`,
      })
    }
    const timeoutMs = this.hooks.settings().callTimeoutMs
    return this.calls.enqueue(action, payload, timeoutMs, hooks)
  }

  /** Close the socket; pending calls fail with `reason`. */
  close(code: number, reason: string): void {
    this.shutDown(reason)
    if (this.socket.readyState === this.socket.OPEN || this.socket.readyState === this.socket.CONNECTING) {
      this.socket.close(code, reason.slice(0, 120))
    }
  }

  /** The socket is gone (closed by the peer, the network or us): fail everything pending. */
  shutDown(reason: string): void {
    if (this.closed) return
    this.closed = true
    this.reasonClosed = reason
    clearTimeout(this.pingTimer)
    this.calls.close(reason)
  }

  /** Re-arm the ping timer, e.g. after the ping interval setting changed. */
  reschedulePing(): void {
    clearTimeout(this.pingTimer)
    this.awaitingPong = false
    this.schedulePing()
  }

  private schedulePing(): void {
    if (this.closed) return
    const interval = this.hooks.settings().pingIntervalMs
    if (interval <= 0) return
    this.pingTimer = setTimeout(() => {
      if (this.closed) return
      if (this.awaitingPong) {
        // No pong for a whole interval: the connection is half-open. Drop it.
        this.shutDown('No answer to WebSocket ping (station unreachable)')
        this.socket.terminate()
        return
      }
      this.awaitingPong = true
      try {
        this.socket.ping()
      } catch {
        // The close handler will report the reason.
      }
      this.schedulePing()
    }, interval)
    this.pingTimer.unref?.()
  }

  private sendRaw(text: string): void {
    if (this.socket.readyState !== this.socket.OPEN) throw new Error('socket is not open')
    this.socket.send(text)
  }

  private log(entry: Omit<FrameLogEntry, 'time' | 'stationId'>): void {
    this.hooks.log({ time: isoNow(), stationId: this.identity, ...entry })
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    // Frames still arriving after the CSMS closed the connection are not handled: the station
    // resends what stays unanswered when it reconnects (and storage may be closing).
    if (this.closed) return
    this.awaitingPong = false // any frame proves the connection is alive
    this.hooks.onActivity?.()
    if (!this.limiter.take()) return this.drop()
    if (this.floodingSince !== undefined && Date.now() - this.lastDrop >= FLOOD_QUIET_MS) this.floodingSince = undefined
    this.order.run(() => this.handleFrame(data, isBinary))
  }

  /** One frame, in the station's order; a promise when it is large and handled in slices. */
  private handleFrame(data: RawData, isBinary: boolean): void | Promise<void> {
    const text = Buffer.isBuffer(data) ? data.toString('utf8') : Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data).toString('utf8')
    if (isBinary) {
      this.rejectFrame(text, '-1', 'FormationViolation', 'Binary frames are not OCPP-J: send JSON as a text frame')
      return
    }
    if (text.length > LARGE_FRAME_CHARS) return this.handleLargeFrame(text)
    return this.handleParsed(text, parseFrame(text))
  }

  /** A large frame: its nesting is checked in slices, then it is parsed in a turn of its own, then handled in slices. */
  private async handleLargeFrame(text: string): Promise<void> {
    const slices = new TimeSlices()
    const tooDeep = await frameTooDeepInSlices(text, slices)
    await slices.yieldNow()
    return this.handleParsed(text, parseFrame(text, { tooDeep }), slices)
  }

  private handleParsed(text: string, frame: ParsedFrame, slices?: TimeSlices): void | Promise<void> {
    switch (frame.kind) {
      case 'INVALID':
        if (frame.answer) this.rejectFrame(text, frame.messageId, frame.errorCode, frame.errorDescription)
        else {
          this.log({ direction: 'in', kind: 'INVALID', messageId: frame.messageId, raw: text.slice(0, MAX_RAW_LOG_CHARS), errorDescription: frame.errorDescription })
          // An answer we cannot read fails the CALL it names now, rather than leaving it to time out.
          const action = frame.answerTo === undefined ? undefined : this.calls.actionOf(frame.answerTo)
          // Like an answer: what failing the CALL changes is in place before the station's next frame.
          if (action && this.calls.settle(frame.answerTo!, { kind: 'malformed', messageId: frame.answerTo!, violations: [], reason: `The station's answer to ${action} could not be used: ${frame.errorDescription} Nothing of it was adopted; the message log shows the start of the frame.` })) return nextTurn()
        }
        return
      case 'CALL':
        if (slices) return this.onCall(frame, slices)
        void this.onCall(frame)
        return
      case 'CALLRESULT':
        return this.onAnswer(frame, slices)
      case 'CALLERROR': {
        const action = this.calls.actionOf(frame.messageId)
        this.log({ direction: 'in', kind: 'CALLERROR', messageId: frame.messageId, action, errorCode: frame.errorCode, errorDescription: frame.errorDescription, payload: frame.errorDetails })
        if (!action) return
        // Like an answer: what the CALLERROR changes is in place before the station's next frame.
        if (this.calls.settle(frame.messageId, { kind: 'error', messageId: frame.messageId, code: frame.errorCode, description: frame.errorDescription, details: frame.errorDetails })) return nextTurn()
        return
      }
    }
  }

  private mode(): 'strict' | 'lenient' {
    return this.hooks.settings().lenient ? 'lenient' : 'strict'
  }

  /**
   * A CALLRESULT: logged as sent; the CALL it answers gets the sanitised answer, or fails as
   * `malformed` when the answer cannot be made sound (nothing of it reaches the services).
   * With `slices` (a large answer) each step gets a turn of the event loop of its own. Any answer
   * that settles a CALL is followed by one more turn before the station's next frame (FrameOrder
   * waits for this promise), so what it changes (a TriggerMessage allowance, a RemoteStart
   * TxProfile, a snapshot) is in place first, also when both frames were read from the socket at once.
   */
  private async onAnswer(frame: CallResultFrame, slices?: TimeSlices): Promise<void> {
    const { messageId, payload } = frame
    const action = this.calls.actionOf(messageId)
    if (!action || !isOcppAction(action)) {
      this.log({ direction: 'in', kind: 'CALLRESULT', messageId, action, payload })
      return // unknown or late id: logged and ignored
    }
    if (slices) await slices.yieldNow()
    const sanitized = this.sanitizer.sanitize(action, 'response', payload, this.mode())
    const { violations } = sanitized
    if (slices) await slices.yieldNow()
    this.log({ direction: 'in', kind: 'CALLRESULT', messageId, action, payload, ...(violations.length ? { violations } : {}) })
    if (violations.length > 0) this.hooks.onViolation?.({ action, messageId, direction: 'in', accepted: sanitized.ok, violations })
    if (slices) await slices.yieldNow()
    if (this.calls.settle(messageId, sanitized.ok ? { kind: 'result', messageId, payload: sanitized.value, violations } : { kind: 'malformed', messageId, violations, reason: sanitized.reason })) await nextTurn()
  }

  /** Over the rate limit: dropped unread, said once per window, disconnected if it goes on. */
  private drop(): void {
    this.dropped += 1
    const now = Date.now()
    this.floodingSince ??= now
    this.lastDrop = now
    const heldBack = this.repeats.check('rate-limit')
    if (heldBack !== undefined) {
      this.log({ direction: 'in', kind: 'INVALID', errorDescription: `Too many frames: more than ${this.hooks.settings().maxMessagesPerSecond} a second; ${this.dropped} dropped unread so far` })
    }
    if (now - this.floodingSince > FLOOD_CLOSE_MS && !this.closed) {
      this.close(1008, 'Flooding: too many frames for too long')
    }
  }

  private rejectFrame(raw: string, messageId: string, code: Parameters<typeof serializeCallError>[1], description: string): void {
    // The same broken frame over and over is logged once per window, with how often it came.
    const heldBack = this.repeats.check(`${code}:${description}`)
    if (heldBack !== undefined) {
      const note = heldBack > 0 ? ` (and ${heldBack} more like it before)` : ''
      this.log({ direction: 'in', kind: 'INVALID', messageId, raw: raw.slice(0, MAX_RAW_LOG_CHARS), errorCode: code, errorDescription: `${description}${note}` })
    }
    this.answerError(messageId, undefined, code, description, {}, heldBack === undefined)
  }

  private answerError(messageId: string, action: string | undefined, code: Parameters<typeof serializeCallError>[1], description: string, details: Record<string, unknown> = {}, quiet = false, logNote = ''): void {
    if (!quiet) this.log({ direction: 'out', kind: 'CALLERROR', messageId, action, errorCode: code, errorDescription: `${description}${logNote}`, payload: details })
    this.trySend(serializeCallError(messageId, code, description, details))
  }

  private trySend(text: string): void {
    try {
      this.sendRaw(text)
    } catch {
      // The peer is gone; nothing to answer to.
    }
  }

  /** Logs a refused CALL and its CALLERROR, once per window for the same kind of refusal. */
  private refuseCall(frame: CallFrame, kind: string, code: Parameters<typeof serializeCallError>[1], description: string, details: Record<string, unknown> = {}, violations?: Violation[]): boolean {
    const heldBack = this.repeats.check(kind)
    const quiet = heldBack === undefined
    const note = heldBack ? ` (and ${heldBack} more like it before)` : ''
    if (!quiet) this.log({ direction: 'in', kind: 'CALL', messageId: frame.messageId, action: frame.action, payload: frame.payload, ...(violations?.length ? { violations } : {}) })
    this.answerError(frame.messageId, frame.action, code, description, details, quiet, note)
    return !quiet
  }

  /**
   * A CALL from the station: checked, logged, then handed to its handler, whose answer is not
   * waited for here. With `slices` (a large CALL) each step gets a turn of the event loop of its own
   * and the promise resolves once the handler has started (the station's next frame may go then).
   */
  private async onCall(frame: CallFrame, slices?: TimeSlices): Promise<void> {
    const { messageId, action, payload } = frame
    if (!isOcppAction(action)) {
      this.refuseCall(frame, 'unknown-action', 'NotImplemented', `Unknown action "${action}" (OCPP 1.6 actions are case-sensitive)`)
      return
    }
    if (!isCpToCsAction(action)) {
      this.refuseCall(frame, `cs-action:${action}`, 'NotSupported', `${action} is sent by a Central System, not to it`)
      return
    }
    if (slices) await slices.yieldNow()
    // The boundary: the handler gets a payload of the declared types, or the CALL is refused.
    const sanitized = this.sanitizer.sanitize(action, 'request', payload, this.mode())
    if (!sanitized.ok) {
      const { violations, code } = sanitized
      // Recorded against the station once per window too: a flood of one broken frame is one record.
      const recorded = this.refuseCall(frame, `violation:${action}:${code}`, code, sanitized.reason, { violations }, violations)
      if (recorded) this.hooks.onViolation?.({ action, messageId, direction: 'in', accepted: false, violations })
      return
    }
    const { violations } = sanitized
    if (violations.length > 0) this.hooks.onViolation?.({ action, messageId, direction: 'in', accepted: true, violations })
    if (slices) await slices.yieldNow()
    // The log keeps the payload as the station sent it.
    this.log({ direction: 'in', kind: 'CALL', messageId, action, payload, ...(violations.length ? { violations } : {}) })
    if (slices) await slices.yieldNow()
    void this.answerCall(messageId, action, sanitized.value as JsonObject)
  }

  private async answerCall(messageId: string, action: CpToCsAction, payload: JsonObject): Promise<void> {
    let response: unknown
    try {
      response = await this.hooks.handleCall(action, payload, messageId)
    } catch (error) {
      if (isOcppError(error)) this.answerError(messageId, action, error.code, error.message, error.details)
      // Our failure's own words (files, code, versions) stay in our log, under the id the station is given.
      else this.answerError(messageId, action, 'InternalError', `The Central System could not process this ${action} (error id ${internalErrorId(error, `${action} from ${this.identity}`)}); send it again later`)
      return
    }
    const responseViolations = this.validator.validateResponse(action, response)
    if (responseViolations.length > 0) {
      // Our own answer would break the schema: a bug on our side, never sent as is.
      this.answerError(messageId, action, 'InternalError', `The Central System built an invalid ${action} response: ${describeViolations(responseViolations)}`)
      return
    }
    this.log({ direction: 'out', kind: 'CALLRESULT', messageId, action, payload: response })
    this.trySend(serializeCallResult(messageId, response))
  }
}
