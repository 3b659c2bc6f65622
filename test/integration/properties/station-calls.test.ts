/**
 * Issue 18 §5, CP→CS: for every action a station sends, a CALL with any payload (valid, wrong
 * types, missing and extra members, odd enums, numeric strings, extreme numbers, strings and arrays
 * up to the frame limit, nesting around the limit of 64 and far beyond, duplicate and `__proto__`
 * members, not an object at all). The CSMS must answer it with a CALLRESULT or a CALLERROR (never
 * silence); then nothing escaped to the process, another station is answered, the reads of that
 * station answer 2xx/4xx without internal text, Object.prototype is untouched; now and then, and
 * after all the properties of a mode, a restart loads.
 *
 * Runs in strict and in lenient mode. A failure prints the replay command (seed and path).
 */
import { describe, it } from 'vitest'
import { CP_TO_CS_ACTIONS } from '@shared/ocpp/actions'
import { hostilePayload } from '../../support/ocpp-arbitraries'
import { checkProperty, propertyRunConfig } from '../../support/property-runs'
import { callCase, MODES, restartCase } from './property-cases'
import { restartNow, useEscapedErrorTrap, useSharedWorld } from './property-suite'

const DEFAULT_RUNS = 8
const config = propertyRunConfig(DEFAULT_RUNS)

const trap = useEscapedErrorTrap()

describe.each(MODES)('any CALL a station sends, %s mode', (mode) => {
  const world = useSharedWorld(`calls-${mode}`, mode, trap)

  for (const action of CP_TO_CS_ACTIONS) {
    const name = `${action} with any payload (${mode}): answered, process alive, others served, API 2xx/4xx, restart clean`
    it(name, { timeout: config.runs * 60_000 + 120_000 }, async () => {
      await checkProperty({ name, file: import.meta.filename, project: 'integration', defaultRuns: DEFAULT_RUNS }, [hostilePayload(action, { largeWeight: config.largeWeight }), restartNow], (payload, restart) => callCase(world(), action, payload, restart), config)
    })
  }

  it(`a restart after every property above loads cleanly (${mode})`, { timeout: 120_000 }, async () => {
    await restartCase(world(), 'graceful', 'a restart after the properties')
  })
})
