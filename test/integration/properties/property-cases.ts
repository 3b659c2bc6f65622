/**
 * One case of each property, shared by the properties and the replays of the counterexamples they
 * found (found-examples.test.ts): what the station does, then every check (property-world.ts).
 */
import { answerFrame, describeAnswer, describeCase, type HostileCase, type StationAnswer } from '../../support/ocpp-arbitraries'
import { ANSWER_TIMEOUT_MS, apiProblems, type PropertyWorld } from '../../support/property-world'

/** The OCPP mode (settings ocpp.lenient) a property runs in. */
export type Mode = 'strict' | 'lenient'
export const MODES: Mode[] = ['strict', 'lenient']

/** The operator sends `action` with `request` (sendCall, wait: true); the station answers with `answer`. */
export async function answerCase(world: PropertyWorld, action: string, request: Record<string, unknown>, answer: StationAnswer, restart: boolean): Promise<void> {
  await world.beginCase()
  const requestText = JSON.stringify(request)
  let delivered = false
  const cancel = world.expectCall(
    (frame) => frame[2] === action && JSON.stringify(frame[3]) === requestText,
    (frame) => {
      delivered = true
      world.target.sendRaw(answerFrame(answer, String(frame[1])))
    },
  )
  const sent = await world.api('sendCall', { stationId: world.targetId, action, payload: request, wait: true })
  cancel()
  const problems = apiProblems('sendCall', sent)
  const task = sent.body as { state?: unknown; reason?: unknown } | undefined
  if (sent.status === 200 && task?.state === 'answered' && !delivered) problems.push('test harness: the CALL was answered, but not with the generated answer')
  if (sent.status === 200 && delivered) problems.push(...taskProblems(answer, task))
  problems.push(...(await world.checks()))
  if (restart) problems.push(...(await world.restart()))
  world.endCase(problems, `after the station's ${describeAnswer(answer).slice(0, 200)}`)
}

/**
 * An answered CALL's task ends by that answer (issue 18 §1): a CALLRESULT is adopted ('answered') or
 * fails the task with a reason a person can read ('malformed'); a CALLERROR is 'callerror' (or
 * 'malformed' when the frame itself could not be used). Never a timeout, never still open.
 */
function taskProblems(answer: StationAnswer, task: { state?: unknown; reason?: unknown } | undefined): string[] {
  const expected = answer.kind === 'result' ? ['answered', 'malformed'] : ['callerror', 'malformed']
  if (!expected.includes(String(task?.state))) return [`sendCall: the task ended ${JSON.stringify(task?.state)} although the station answered; expected ${expected.join(' or ')}`]
  if (task?.state === 'malformed' && !(typeof task.reason === 'string' && task.reason.trim().length > 0)) return ['sendCall: the task is malformed without a reason']
  return []
}

/** The station sends a CALL of `action` with `payload`: it must get a CALLRESULT or a CALLERROR. */
export async function callCase(world: PropertyWorld, action: string, payload: HostileCase, restart: boolean): Promise<void> {
  await world.beginCase()
  const messageId = world.nextMessageId()
  const problems: string[] = []
  const answer = world.target.next((frame) => (frame[0] === 3 || frame[0] === 4) && frame[1] === messageId, ANSWER_TIMEOUT_MS).catch((error: Error) => error)
  world.target.sendRaw(`[2,${JSON.stringify(messageId)},${JSON.stringify(action)},${payload.text}]`)
  const got = await answer
  if (got instanceof Error) problems.push(`no CALLRESULT or CALLERROR within ${ANSWER_TIMEOUT_MS / 1000} s (${world.target.closeInfo ? `connection closed ${JSON.stringify(world.target.closeInfo)}` : 'connection open'})`)
  problems.push(...(await world.checks()))
  if (restart) problems.push(...(await world.restart()))
  world.endCase(problems, `after the CALL ${action} ${describeCase(payload).slice(0, 200)}`)
}

/**
 * The station boots; the CSMS asks for its configuration by itself (fetchConfigurationAfterBoot) and
 * gets `answer`: the path of the issue's first report, where nobody awaits the task.
 */
export async function bootCase(world: PropertyWorld, answer: StationAnswer, restart: boolean): Promise<void> {
  await world.beginCase()
  let cancel = () => undefined as void
  const delivered = new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), ANSWER_TIMEOUT_MS)
    cancel = world.expectCall(
      (frame) => frame[2] === 'GetConfiguration',
      (frame) => {
        clearTimeout(timer)
        world.target.sendRaw(answerFrame(answer, String(frame[1])))
        resolve(true)
      },
    )
  })
  const problems: string[] = []
  const booted = await world.boot(world.target).catch((error: Error) => error)
  if (booted instanceof Error) problems.push(`BootNotification not answered: ${booted.message.slice(0, 200)}`)
  else if (!(await delivered)) problems.push(`no GetConfiguration within ${ANSWER_TIMEOUT_MS / 1000} s of an accepted boot`)
  cancel()
  problems.push(...(await world.checks()))
  if (restart) problems.push(...(await world.restart()))
  world.endCase(problems, `after the station answered the automatic GetConfiguration with ${describeAnswer(answer).slice(0, 200)}`)
}

/** Stop and start the CSMS again on its folder (property-world.ts restart), as a case of its own. */
export async function restartCase(world: PropertyWorld, how: 'graceful' | 'kill', what: string): Promise<void> {
  world.endCase(await world.restart(how), what)
}
