/**
 * The world a property test runs in: a real CSMS (in this process, or the app in a child process)
 * on a persistent data folder, a target station (what the property sends or answers), a bystander
 * station, and the checks that follow every case: nothing escaped to the process, the bystander is
 * still answered, the API answers every read with 2xx or 4xx (never 5xx, never a hang, never
 * internal text), nothing leaked into Object.prototype; now and then a restart from the data
 * folder must load cleanly.
 */
import WebSocket from 'ws'
import { minimalPayload } from './ocpp-arbitraries'
import { prototypeChanges, restorePrototype } from './prototype-names'
import type { CsmsHost } from './property-hosts'
import { ScriptedChargePoint, type Frame } from './scripted-charge-point'

export { ANSWER_TIMEOUT_MS, apiProblems, postApi, readProblems, stationReads, type ApiAnswer } from './property-api'
import { ANSWER_TIMEOUT_MS, postApi, readProblems, type ApiAnswer } from './property-api'

export interface WorldOptions {
  /** Prefix of station identities. */
  label: string
  /** false: cases run on in a world a failed case left behind (a scenario); call resetIfDirty between scenarios. */
  resetEachCase?: boolean
}

/** A CALL of the station and the CSMS's answer to it (CALLRESULT or CALLERROR), waiting up to ANSWER_TIMEOUT_MS: slowness is not what these tests judge. */
export async function callWithin(cp: ScriptedChargePoint, action: string, payload: unknown, messageId: string): Promise<Frame> {
  const answer = cp.next((frame) => (frame[0] === 3 || frame[0] === 4) && frame[1] === messageId, ANSWER_TIMEOUT_MS)
  cp.sendRaw(JSON.stringify([2, messageId, action, payload]))
  return answer
}

const BOOT = { chargePointVendor: 'TestVendor', chargePointModel: 'TestModel' }

/** A CALL from the CSMS that the current case wants to answer itself. */
interface Expectation {
  match(frame: Frame): boolean
  onCall(frame: Frame): void
}

export class PropertyWorld {
  target!: ScriptedChargePoint
  other!: ScriptedChargePoint
  targetId: string
  readonly otherId: string
  private expectation: Expectation | undefined
  private identities = 0
  private messageIds = 0
  private readonly stations: ScriptedChargePoint[] = []
  /** A case failed here: what it left behind would fail the next cases too, so they get a new CSMS. */
  private dirty = false

  private constructor(
    public host: CsmsHost,
    private readonly makeHost: () => Promise<CsmsHost>,
    readonly options: WorldOptions,
  ) {
    this.targetId = `${options.label}-T0`
    this.otherId = `${options.label}-OTHER`
  }

  /** Starts a host (`makeHost` again after a failed case) and connects the two stations. */
  static async open(makeHost: () => Promise<CsmsHost>, options: WorldOptions): Promise<PropertyWorld> {
    const world = new PropertyWorld(await makeHost(), makeHost, options)
    await world.connectStations()
    return world
  }

  /**
   * Before each case: a world a failed case left behind is replaced by a new one (new CSMS, new
   * folder), so shrinking replays each candidate on a clean CSMS and the counterexample is the
   * case's own; then both stations are connected.
   */
  async beginCase(): Promise<void> {
    if (this.options.resetEachCase !== false) await this.resetIfDirty()
    await this.ensureStations()
  }

  /** A new CSMS (new folder) when a case failed since the last reset. */
  async resetIfDirty(): Promise<void> {
    if (!this.dirty) return
    this.dirty = false
    this.expectation = undefined
    await this.closeStations()
    await this.host.dispose()
    this.host = await this.makeHost()
    await this.connectStations()
  }

  /** Ends a case: any problem marks the world for replacement and fails the case, listing them all. */
  endCase(problems: string[], what: string): void {
    if (problems.length === 0) return
    this.dirty = true
    assertNoProblems(problems, what)
  }

  get apiUrl(): string {
    return this.host.apiUrl
  }

  private async connect(identity: string): Promise<ScriptedChargePoint> {
    const cp = await ScriptedChargePoint.connect(this.host.ocppUrl, identity)
    this.stations.push(cp)
    return cp
  }

  private async connectStations(): Promise<void> {
    this.other = await this.connect(this.otherId)
    await this.boot(this.other)
    await this.connectTarget()
  }

  /** (Re)connects the target; a new identity when the old one is refused (e.g. it was given a password). */
  private async connectTarget(): Promise<void> {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      try {
        const cp = await this.connect(this.targetId)
        cp.socket.on('message', (data) => this.onTargetFrame(cp, data.toString()))
        await this.boot(cp)
        this.target = cp
        return
      } catch {
        this.identities += 1
        this.targetId = `${this.options.label}-T${this.identities}`
      }
    }
    throw new Error(`cannot connect a target station to ${this.host.ocppUrl}`)
  }

  /** CSMS CALLs to the target: the case's own one goes to the case, any other gets a minimal valid answer. */
  private onTargetFrame(cp: ScriptedChargePoint, text: string): void {
    let frame: Frame
    try {
      frame = JSON.parse(text) as Frame
    } catch {
      return
    }
    if (frame[0] !== 2) return
    const expectation = this.expectation
    if (expectation?.match(frame)) {
      this.expectation = undefined
      expectation.onCall(frame)
      return
    }
    try {
      cp.sendRaw(JSON.stringify([3, frame[1], minimalPayload(`${String(frame[2])}Response`)]))
    } catch {
      // closed meanwhile
    }
  }

  /** Both stations connected (after a case that got one disconnected, or a restart). */
  async ensureStations(): Promise<void> {
    if (this.other.socket.readyState !== WebSocket.OPEN) {
      this.other = await this.connect(this.otherId)
      await this.boot(this.other)
    }
    if (this.target.socket.readyState !== WebSocket.OPEN) await this.connectTarget()
  }

  /** The next CALL matching `match` goes to `onCall` instead of the minimal answer. */
  expectCall(match: (frame: Frame) => boolean, onCall: (frame: Frame) => void): () => void {
    const expectation = { match, onCall }
    this.expectation = expectation
    return () => {
      if (this.expectation === expectation) this.expectation = undefined
    }
  }

  /** BootNotification of a test station. */
  boot(cp: ScriptedChargePoint): Promise<Frame> {
    return callWithin(cp, 'BootNotification', BOOT, this.nextMessageId())
  }

  nextMessageId(): string {
    this.messageIds += 1
    return `p${this.messageIds}`
  }

  api(command: string, body: unknown): Promise<ApiAnswer> {
    return postApi(this.apiUrl, command, body)
  }

  /** Everything that must hold after a case; [] when it does. */
  async checks(): Promise<string[]> {
    const problems: string[] = []
    if (this.other.socket.readyState !== WebSocket.OPEN) problems.push(`the bystander station was disconnected (${JSON.stringify(this.other.closeInfo)})`)
    else {
      try {
        const answer = await callWithin(this.other, 'Heartbeat', {}, this.nextMessageId())
        if (answer[0] !== 3) problems.push(`the bystander's Heartbeat got ${JSON.stringify(answer).slice(0, 300)}`)
      } catch (error) {
        problems.push(`the bystander's Heartbeat was not answered: ${(error as Error).message.slice(0, 300)}`)
      }
    }
    problems.push(...(await readProblems(this.apiUrl, this.targetId)))
    const pollution = prototypeChanges()
    if (pollution.length > 0) {
      problems.push(...pollution.map((change) => `Object.prototype polluted: ${change}`))
      restorePrototype()
    }
    problems.push(...this.host.drainEscaped())
    // Last, so that a process that ended during the checks is named as such; when something failed,
    // its exit may be reported a moment after its sockets closed: wait for it a little.
    problems.unshift(...(problems.length > 0 ? await this.aliveProblemsSettled() : this.host.aliveProblems()))
    return problems
  }

  /** aliveProblems, polled for up to 2 s while it finds none (the exit event of a child lags its closed sockets). */
  private async aliveProblemsSettled(): Promise<string[]> {
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const problems = this.host.aliveProblems()
      if (problems.length > 0) return problems
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    return this.host.aliveProblems()
  }

  private async closeStations(): Promise<void> {
    await Promise.all(this.stations.splice(0).map((cp) => cp.close().catch(() => undefined)))
  }

  /** Stop and start again on the same data folder: it must load, every read answer 2xx/4xx, the stations be served. */
  async restart(how: 'graceful' | 'kill' = 'graceful'): Promise<string[]> {
    this.expectation = undefined
    await this.closeStations()
    const failed = await this.host.restart(how)
    if (failed) {
      await this.connectStations()
      return [`restart (${how}) failed: ${failed}`]
    }
    const problems = [...this.host.aliveProblems(), ...(await readProblems(this.apiUrl, this.targetId))]
    try {
      await this.connectStations()
    } catch (error) {
      problems.push(`stations cannot connect: ${(error as Error).message}`)
    }
    problems.push(...this.host.drainEscaped())
    return problems.map((problem) => `after a restart (${how}): ${problem}`)
  }

  async stop(): Promise<void> {
    await this.closeStations()
    await this.host.dispose()
  }
}

/** Throws one error listing every problem (the property's failure message). */
export function assertNoProblems(problems: string[], what: string): void {
  if (problems.length > 0) throw new Error(`${what}:\n  - ${problems.join('\n  - ')}`)
}
