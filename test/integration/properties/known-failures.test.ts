/**
 * TEMPORARY — replays each line of KNOWN_FAILURES (known-failures.ts) without tolerance: green
 * while the product still fails it with the problem the line names, red once a fix makes the
 * example pass (the message says which line to delete). Also a control: the same checks pass for a
 * plain valid answer and a plain valid CALL, so a replay cannot "fail as known" because the checks
 * themselves are broken.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { minimalPayload, type HostileCase, type StationAnswer } from '../../support/ocpp-arbitraries'
import { inProcessHost, propertySettings, trapEscapedErrors, type EscapedErrorTrap } from '../../support/property-hosts'
import { PropertyWorld } from '../../support/property-world'
import { KNOWN_FAILURES, type KnownFailure } from './known-failures'
import { answerCase, callCase } from './property-cases'

const rawCase = (schema: string, text: string): HostileCase => ({ schema, notes: ['example'], tags: [], text })

async function replay(example: KnownFailure['example']): Promise<void> {
  const label = `known-${example.action}-${example.mode}`
  const world = await PropertyWorld.open(() => inProcessHost(label, propertySettings(example.mode === 'lenient'), trap), { label })
  try {
    if (example.direction === 'answer') {
      const answer: StationAnswer = example.callerror ? { kind: 'error', code: 'GenericError', description: 'example', details: rawCase('CALLERROR details', example.text) } : { kind: 'result', payload: rawCase(`${example.action}Response`, example.text) }
      await answerCase(world, example.action, example.request ?? minimalPayload(example.action), answer, true, undefined)
    }
    else await callCase(world, example.action, rawCase(example.action, example.text), true, undefined)
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
  it('pass for a valid answer and a valid CALL, in strict and in lenient mode (control for the replays below)', async () => {
    for (const mode of ['strict', 'lenient'] as const) {
      await expect(replay({ direction: 'answer', action: 'GetConfiguration', mode, text: '{"configurationKey":[{"key":"HeartbeatInterval","readonly":false,"value":"300"}],"unknownKey":[]}' })).resolves.toBeUndefined()
      await expect(replay({ direction: 'call', action: 'StatusNotification', mode, text: '{"connectorId":1,"errorCode":"NoError","status":"Available"}' })).resolves.toBeUndefined()
    }
  })
})

describe('KNOWN_FAILURES (temporary: each turns red when fixed; then delete its line in known-failures.ts)', () => {
  if (KNOWN_FAILURES.length === 0) it('none left', () => undefined)
  for (const known of KNOWN_FAILURES) {
    it(`${known.id} still fails as described: ${known.what}`, async () => {
      const failure = await replay(known.example).then(
        () => undefined,
        (error: Error) => error,
      )
      expect(failure, `${known.id} no longer fails: its fix landed. Delete the ${known.id} line in test/integration/properties/known-failures.ts`).toBeInstanceOf(Error)
      const problems = failure!.message.split('\n  - ').slice(1).map((problem) => problem.replace(/^after a restart \(\w+\): /, ''))
      expect(problems.filter((problem) => known.problem.test(problem)), failure!.message).not.toEqual([])
    })
  }
})
