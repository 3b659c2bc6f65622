/**
 * The counterexamples the properties found before issue 18 §1, §2 and §4 were fixed, replayed one
 * by one with every check of the properties (property-world.ts) and a restart: each failed then
 * (what it broke is in its name) and must pass now. Two plain valid cases first, a control that the
 * checks pass for what is right.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { minimalPayload, type HostileCase, type StationAnswer } from '../../support/ocpp-arbitraries'
import { inProcessHost, propertySettings, trapEscapedErrors, type EscapedErrorTrap } from '../../support/property-hosts'
import { PropertyWorld } from '../../support/property-world'
import { answerCase, callCase, type Mode } from './property-cases'

interface Example {
  /** What a station sends, as JSON text: an answer to `action` (to `request`; with `callerror`, the CALLERROR details) or a CALL of `action`. */
  direction: 'answer' | 'call'
  action: string
  mode: Mode
  text: string
  request?: Record<string, unknown>
  callerror?: boolean
}

const rawCase = (schema: string, text: string): HostileCase => ({ schema, notes: ['example'], tags: [], text })
/** JSON text nested `levels` deep: [[[…]]]. */
const deep = (levels: number): string => '['.repeat(levels) + ']'.repeat(levels)

async function replay(example: Example): Promise<void> {
  const label = `example-${example.action}-${example.mode}`
  const world = await PropertyWorld.open(() => inProcessHost(label, propertySettings(example.mode === 'lenient'), trap), { label })
  try {
    if (example.direction === 'answer') {
      const answer: StationAnswer = example.callerror ? { kind: 'error', code: 'GenericError', description: 'example', details: rawCase('CALLERROR details', example.text) } : { kind: 'result', payload: rawCase(`${example.action}Response`, example.text) }
      await answerCase(world, example.action, example.request ?? minimalPayload(example.action), answer, true)
    } else await callCase(world, example.action, rawCase(example.action, example.text), true)
  } finally {
    await world.stop()
  }
}

let trap: EscapedErrorTrap
beforeAll(() => {
  trap = trapEscapedErrors()
})
afterAll(() => trap.uninstall())

describe('the checks of the properties', () => {
  it('pass for a valid answer and a valid CALL, in strict and in lenient mode (control)', async () => {
    for (const mode of ['strict', 'lenient'] as const) {
      await replay({ direction: 'answer', action: 'GetConfiguration', mode, text: '{"configurationKey":[{"key":"HeartbeatInterval","readonly":false,"value":"300"}],"unknownKey":[]}' })
      await replay({ direction: 'call', action: 'StatusNotification', mode, text: '{"connectorId":1,"errorCode":"NoError","status":"Available"}' })
    }
  })
})

// prettier-ignore
const FOUND: [string, Example][] = [
  ['an answer nested 10,000 levels deep: sendCall (wait: true) no longer answers 500', { direction: 'answer', action: 'ClearCache', mode: 'strict', text: deep(10_000) }],
  ['a CALLERROR whose details nest 10,000 levels: sendCall and listTasks no longer answer 500 (until a restart)', { direction: 'answer', action: 'ClearCache', mode: 'strict', callerror: true, text: deep(10_000) }],
  ['a GetLocalListVersion answer of 1e308 is not adopted as the station’s list version', { direction: 'answer', action: 'GetLocalListVersion', mode: 'strict', text: '{"listVersion":1e308}' }],
  ['a wrongly typed GetCompositeSchedule answer (startPeriod "") in lenient mode is not shown in the charging view', { direction: 'answer', action: 'GetCompositeSchedule', mode: 'lenient', request: { connectorId: 1, duration: 100 }, text: '{"status":"Accepted","connectorId":1,"scheduleStart":"2024-01-01T00:00:00Z","chargingSchedule":{"chargingRateUnit":"A","chargingSchedulePeriod":[{"startPeriod":"","limit":6}]}}' }],
  ['a GetCompositeSchedule answer with chargingSchedulePeriod "x" (issue 18, third report) does not make the charging view answer 500, restarts included (lenient)', { direction: 'answer', action: 'GetCompositeSchedule', mode: 'lenient', request: { connectorId: 1, duration: 100 }, text: '{"status":"Accepted","connectorId":1,"scheduleStart":"2024-01-01T00:00:00Z","chargingSchedule":{"chargingRateUnit":"A","chargingSchedulePeriod":"x"}}' }],
  ['a GetConfiguration answer with key 5 (issue 18, first report) neither ends the process nor makes sendCall answer 500 with internal text (lenient)', { direction: 'answer', action: 'GetConfiguration', mode: 'lenient', text: '{"configurationKey":[{"key":5,"readonly":false}]}' }],
  ['StartTransaction with connectorId 1e308 is not adopted into a transaction (strict mode)', { direction: 'call', action: 'StartTransaction', mode: 'strict', text: '{"connectorId":1e308,"idTag":"A","meterStart":0,"timestamp":"2024-01-01T00:00:00Z"}' }],
  ['StopTransaction with meterStop 1e308 is not adopted into a transaction (strict mode)', { direction: 'call', action: 'StopTransaction', mode: 'strict', text: '{"meterStop":1e308,"timestamp":"2024-01-01T00:00:00Z","transactionId":1}' }],
  ['StopTransaction with transactionId [] in lenient mode is not stored as a transaction', { direction: 'call', action: 'StopTransaction', mode: 'lenient', text: '{"meterStop":10,"timestamp":"2024-01-01T00:00:00Z","transactionId":[]}' }],
  ['DiagnosticsStatusNotification with status [{}] in lenient mode is not shown as the file status', { direction: 'call', action: 'DiagnosticsStatusNotification', mode: 'lenient', text: '{"status":[{}]}' }],
  ['StatusNotification with connectorId "1" in lenient mode does not put a string in the status history', { direction: 'call', action: 'StatusNotification', mode: 'lenient', text: '{"connectorId":"1","errorCode":"NoError","status":"Available"}' }],
  ['StatusNotification with connectorId 2^53+2 does not put an unsafe integer in the status history (strict mode)', { direction: 'call', action: 'StatusNotification', mode: 'strict', text: '{"connectorId":9007199254740994,"errorCode":"NoError","status":"Available"}' }],
]

describe('counterexamples the properties found (each failed before issue 18 §1–§4)', () => {
  for (const [what, example] of FOUND) {
    it(what, async () => {
      await expect(replay(example)).resolves.toBeUndefined()
    })
  }
})
