/**
 * Issue 18 §5, CS→CP: for every action the CSMS sends, a station answers with anything (a valid
 * answer, wrong types, missing and extra members, odd enums, extreme numbers, strings and arrays up
 * to the frame limit, nesting around the limit of 64 and far beyond, duplicate and `__proto__`
 * members, a CALLERROR with any details). The operator's sendCall (wait: true) carries a valid
 * request generated from the schema. After each answer: nothing escaped to the process, another
 * station is answered, sendCall and the reads of that station answer 2xx/4xx without internal
 * text, Object.prototype is untouched; now and then, and after all the properties of a mode, a restart loads.
 *
 * The same for the GetConfiguration the CSMS sends by itself after a boot (nobody awaits that task).
 *
 * Runs in strict and in lenient mode. A failure prints the replay command (seed and path).
 */
import { describe, it } from 'vitest'
import { CS_TO_CP_ACTIONS } from '@shared/ocpp/actions'
import { stationAnswer, validPayload } from '../../support/ocpp-arbitraries'
import { checkProperty, propertyRunConfig } from '../../support/property-runs'
import { inProcessHost, propertySettings } from '../../support/property-hosts'
import { PropertyWorld } from '../../support/property-world'
import { answerCase, bootCase, MODES, restartCase } from './property-cases'
import { restartNow, useEscapedErrorTrap, useSharedWorld } from './property-suite'

const DEFAULT_RUNS = 8
const config = propertyRunConfig(DEFAULT_RUNS)

const trap = useEscapedErrorTrap()

describe.each(MODES)('any answer a station gives, %s mode', (mode) => {
  const world = useSharedWorld(`answers-${mode}`, mode, trap)

  for (const action of CS_TO_CP_ACTIONS) {
    const name = `${action} answered with anything (${mode}): process alive, others served, API 2xx/4xx, restart clean`
    it(name, { timeout: config.runs * 60_000 + 120_000 }, async () => {
      await checkProperty({ name, file: import.meta.filename, project: 'integration', defaultRuns: DEFAULT_RUNS }, [validPayload(action), stationAnswer(action, { largeWeight: config.largeWeight }), restartNow], (request, answer, restart) => answerCase(world(), action, request, answer, restart), config)
    })
  }

  it(`a restart after every property above loads cleanly (${mode})`, { timeout: 120_000 }, async () => {
    await restartCase(world(), 'graceful', 'a restart after the properties')
  })
})

describe.each(MODES)('any answer to the automatic GetConfiguration after a boot, %s mode', (mode) => {
  const name = `the GetConfiguration after a boot answered with anything (${mode}): process alive, others served, API 2xx/4xx, restart clean`
  it(name, { timeout: config.runs * 60_000 + 120_000 }, async () => {
    const label = `boot-${mode}`
    const world = await PropertyWorld.open(() => inProcessHost(label, propertySettings(mode === 'lenient', { fetchConfigurationAfterBoot: true }), trap()), { label })
    try {
      await checkProperty({ name, file: import.meta.filename, project: 'integration', defaultRuns: DEFAULT_RUNS }, [stationAnswer('GetConfiguration', { largeWeight: config.largeWeight }), restartNow], (answer, restart) => bootCase(world, answer, restart), config)
      await restartCase(world, 'graceful', 'a restart after the property')
    } finally {
      await world.stop()
    }
  })
})
