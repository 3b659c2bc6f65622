/**
 * Issue 18 §5 with the app itself: the headless app in a child process (run from source, so no
 * build is needed), on its own data folder, with its default of fetching the configuration after
 * every boot. Each run is a scenario in strict or lenient mode: stations answer CS→CP calls with
 * anything, send CALLs with any payload, boot and answer the automatic GetConfiguration with
 * anything. After every step the process is alive, reported no escaped error, the bystander is
 * answered and the reads answer 2xx/4xx; after every scenario it is stopped (SIGTERM) and started
 * again on its folder, and at the end it is killed (SIGKILL) and must start again just as cleanly.
 */
import fc from 'fast-check'
import { describe, it } from 'vitest'
import { CP_TO_CS_ACTIONS, CS_TO_CP_ACTIONS } from '@shared/ocpp/actions'
import { hostilePayload, stationAnswer, validPayload, type HostileCase, type StationAnswer } from '../../support/ocpp-arbitraries'
import { checkProperty, propertyRunConfig } from '../../support/property-runs'
import { childProcessHost, propertySettings } from '../../support/property-hosts'
import { PropertyWorld } from '../../support/property-world'
import { answerCase, bootCase, callCase, MODES, restartCase } from './property-cases'

const DEFAULT_RUNS = 2
const config = propertyRunConfig(DEFAULT_RUNS)
const options = { largeWeight: config.largeWeight }

type Step =
  | { kind: 'answer'; action: string; request: Record<string, unknown>; answer: StationAnswer }
  | { kind: 'call'; action: string; payload: HostileCase }
  | { kind: 'boot'; answer: StationAnswer }

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.constantFrom(...CS_TO_CP_ACTIONS).chain((action) => fc.tuple(validPayload(action), stationAnswer(action, options)).map(([request, answer]): Step => ({ kind: 'answer', action, request, answer }))),
  fc.constantFrom(...CP_TO_CS_ACTIONS).chain((action) => hostilePayload(action, options).map((payload): Step => ({ kind: 'call', action, payload }))),
  stationAnswer('GetConfiguration', options).map((answer): Step => ({ kind: 'boot', answer })),
)

async function runStep(world: PropertyWorld, s: Step): Promise<void> {
  if (s.kind === 'answer') await answerCase(world, s.action, s.request, s.answer, false)
  else if (s.kind === 'call') await callCase(world, s.action, s.payload, false)
  else await bootCase(world, s.answer, false)
}

describe('the app in a child process', () => {
  const name = 'a scenario of answers, CALLs and boots of any shape, in strict or lenient mode: the process stays up, others served, API 2xx/4xx; restarts after SIGTERM and SIGKILL load cleanly'
  it(name, { timeout: config.runs * 240_000 + 120_000 }, async () => {
    const label = 'child'
    const world = await PropertyWorld.open(() => childProcessHost(label, propertySettings(false, { fetchConfigurationAfterBoot: true })), { label, resetEachCase: false })
    try {
      await checkProperty(
        { name, file: import.meta.filename, project: 'integration', defaultRuns: DEFAULT_RUNS },
        [fc.constantFrom(...MODES), fc.array(step, { minLength: 4, maxLength: 8 })],
        async (mode, steps) => {
          await world.resetIfDirty()
          const applied = await world.api('updateSettings', { ocpp: { lenient: mode === 'lenient' } })
          if (applied.status !== 200) throw new Error(`updateSettings answered ${applied.status}: ${applied.text}`)
          for (const s of steps) await runStep(world, s)
          await restartCase(world, 'graceful', 'a restart after SIGTERM')
        },
        config,
      )
      await restartCase(world, 'kill', 'a restart after SIGKILL')
    } finally {
      await world.stop()
    }
  })
})
