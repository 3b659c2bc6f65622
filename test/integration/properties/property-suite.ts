/**
 * What the property files share around their properties: the escaped-error trap of the file, one
 * in-process CSMS per mode for all the properties of a describe block, and the random restarts.
 */
import fc from 'fast-check'
import { afterAll, beforeAll } from 'vitest'
import { inProcessHost, propertySettings, trapEscapedErrors, type EscapedErrorTrap } from '../../support/property-hosts'
import { PropertyWorld } from '../../support/property-world'
import type { Mode } from './property-cases'

/** About one case in eight restarts the CSMS from its data folder after its checks. */
export const restartNow = fc.integer({ min: 0, max: 7 }).map((n) => n === 0)

/** Traps errors that escape to the process, for every test of the file; call at its top level. */
export function useEscapedErrorTrap(): () => EscapedErrorTrap {
  let trap: EscapedErrorTrap | undefined
  beforeAll(() => {
    trap = trapEscapedErrors()
  })
  afterAll(() => trap?.uninstall())
  return () => {
    if (!trap) throw new Error('the escaped-error trap is installed in beforeAll')
    return trap
  }
}

/**
 * One CSMS for every property of the calling describe block (replaced after a failed case): what
 * each property left behind meets the next ones, and a restart after them all loads it all.
 */
export function useSharedWorld(label: string, mode: Mode, trap: () => EscapedErrorTrap): () => PropertyWorld {
  let world: PropertyWorld | undefined
  beforeAll(async () => {
    world = await PropertyWorld.open(() => inProcessHost(label, propertySettings(mode === 'lenient'), trap()), { label })
  }, 120_000)
  afterAll(() => world?.stop(), 120_000)
  return () => {
    if (!world) throw new Error('the shared CSMS is opened in beforeAll')
    return world
  }
}
