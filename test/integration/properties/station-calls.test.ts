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
import fc from 'fast-check'
import { afterAll, beforeAll, describe, it } from 'vitest'
import { CP_TO_CS_ACTIONS } from '@shared/ocpp/actions'
import { hostilePayload } from '../../support/ocpp-arbitraries'
import { checkProperty, propertyRunConfig } from '../../support/property-runs'
import { inProcessHost, propertySettings, trapEscapedErrors, type EscapedErrorTrap } from '../../support/property-hosts'
import { PropertyWorld } from '../../support/property-world'
import { callCase, MODES, restartCase } from './property-cases'

const DEFAULT_RUNS = 8
const config = propertyRunConfig(DEFAULT_RUNS)
const restartNow = fc.integer({ min: 0, max: 7 }).map((n) => n === 0)

let trap: EscapedErrorTrap
beforeAll(() => {
  trap = trapEscapedErrors()
})
afterAll(() => trap.uninstall())

describe.each(MODES)('any CALL a station sends, %s mode', (mode) => {
  // One CSMS for every action of this mode (replaced after a failed case): what each property left
  // behind meets the next ones, and a restart after them all (besides those within) loads it all.
  let world: PropertyWorld
  beforeAll(async () => {
    const label = `calls-${mode}`
    world = await PropertyWorld.open(() => inProcessHost(label, propertySettings(mode === 'lenient'), trap), { label })
  }, 120_000)
  afterAll(() => world?.stop(), 120_000)

  for (const action of CP_TO_CS_ACTIONS) {
    const name = `${action} with any payload (${mode}): answered, process alive, others served, API 2xx/4xx, restart clean`
    it(name, { timeout: config.runs * 60_000 + 120_000 }, async () => {
      await checkProperty({ name, file: import.meta.filename, project: 'integration', defaultRuns: DEFAULT_RUNS }, [hostilePayload(action, { largeWeight: config.largeWeight }), restartNow], (payload, restart) => callCase(world, action, payload, restart), config)
    })
  }

  it(`a restart after every property above loads cleanly (${mode})`, { timeout: 120_000 }, async () => {
    await restartCase(world, 'graceful', 'a restart after the properties')
  })
})
