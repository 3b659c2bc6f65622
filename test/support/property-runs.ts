/**
 * How the property tests run: a fixed number of runs from a fixed seed in `npm test` (reproducible),
 * more through `npm run test:props -- --runs N` (scripts/test-props.mjs), and on failure a report
 * that names the seed, the counterexample's path and the command that replays exactly that case.
 *
 * Environment (all optional):
 *   CSMS_PROPS_RUNS   runs per property (default: the test's own, small)
 *   CSMS_PROPS_SEED   base seed (default 1805); each property mixes its own name in, so a replay
 *                     needs the base seed and the test's name (-t), both printed
 *   CSMS_PROPS_PATH   replay only this counterexample path (from a failure report)
 *   CSMS_PROPS_LARGE  weight of frame-filling and 10,000-level payloads (default 1, of about 100)
 *   CSMS_PROPS_SHRINK_MS  time spent shrinking a failure before reporting (default 60,000)
 *   CSMS_PROPS_VERBOSE=1  print each property's seed and runs as it passes
 */
import fc from 'fast-check'
import { relative } from 'node:path'

export const DEFAULT_BASE_SEED = 1805

export interface PropertyRunConfig {
  runs: number
  baseSeed: number
  path: string | undefined
  largeWeight: number
  shrinkMs: number
  verbose: boolean
}

function envNumber(name: string): number | undefined {
  const text = process.env[name]
  if (text === undefined || text.trim() === '') return undefined
  const value = Number(text)
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be an integer, not ${JSON.stringify(text)}`)
  return value
}

export function propertyRunConfig(defaultRuns: number): PropertyRunConfig {
  return {
    runs: envNumber('CSMS_PROPS_RUNS') ?? defaultRuns,
    baseSeed: envNumber('CSMS_PROPS_SEED') ?? DEFAULT_BASE_SEED,
    path: process.env.CSMS_PROPS_PATH || undefined,
    largeWeight: envNumber('CSMS_PROPS_LARGE') ?? 1,
    shrinkMs: envNumber('CSMS_PROPS_SHRINK_MS') ?? 60_000,
    verbose: process.env.CSMS_PROPS_VERBOSE === '1',
  }
}

/** The seed of one property: the base seed with the property's name mixed in (FNV-1a), a 31-bit integer. */
export function seedFor(baseSeed: number, name: string): number {
  let hash = 0x811c9dc5
  for (const char of name) {
    hash ^= char.codePointAt(0)!
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return (hash ^ baseSeed) & 0x7fffffff
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

export interface PropertyTarget {
  /** The test's name as `it` has it (used for -t on replay). */
  name: string
  /** import.meta.filename of the test file. */
  file: string
  /** The vitest project of the file. */
  project: 'integration' | 'unit' | 'system'
  /** Runs in `npm test`. */
  defaultRuns: number
}

/** The command that replays a failure of this property with this seed and path. */
export function replayCommand(target: PropertyTarget, config: Pick<PropertyRunConfig, 'baseSeed' | 'runs' | 'largeWeight'>, path: string | null | undefined): string {
  const file = relative(process.cwd(), target.file)
  return `CSMS_PROPS_SEED=${config.baseSeed} CSMS_PROPS_RUNS=${config.runs} CSMS_PROPS_LARGE=${config.largeWeight}${path ? ` CSMS_PROPS_PATH=${path}` : ''} npx vitest run --project ${target.project} ${file} -t '${escapeRegExp(target.name).replace(/'/g, `'\\''`)}'`
}

/**
 * Runs the property and throws a report (fast-check's, then how to replay) when it fails. Shrinking
 * stops after CSMS_PROPS_SHRINK_MS: the smallest counterexample found by then is reported.
 */
export async function checkProperty<Ts extends [unknown, ...unknown[]]>(target: PropertyTarget, arbitraries: { [K in keyof Ts]: fc.Arbitrary<Ts[K]> }, predicate: (...args: Ts) => Promise<void>, config: PropertyRunConfig = propertyRunConfig(target.defaultRuns)): Promise<void> {
  const seed = seedFor(config.baseSeed, target.name)
  let firstFailureAt: number | undefined
  const bounded = async (...args: Ts): Promise<void> => {
    // Past the budget every shrink candidate "passes": fast-check stops and reports the last failure.
    if (firstFailureAt !== undefined && Date.now() - firstFailureAt > config.shrinkMs) return
    try {
      await predicate(...args)
    } catch (error) {
      firstFailureAt ??= Date.now()
      throw error
    }
  }
  const asyncProperty = fc.asyncProperty as unknown as (...parts: unknown[]) => fc.IAsyncProperty<Ts>
  const property = asyncProperty(...arbitraries, bounded)
  const details = await fc.check(property, { seed, numRuns: config.runs, ...(config.path ? { path: config.path } : {}) })
  if (details.failed) {
    const report = fc.defaultReportMessage(details) ?? 'property failed'
    const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)
    throw new Error(`${report}\n\nWhat broke: ${cause}\n\nReplay this counterexample (base seed ${config.baseSeed}, property seed ${seed}):\n  ${replayCommand(target, config, details.counterexamplePath)}\n`)
  }
  if (config.verbose) console.log(`[props] ${target.name}: ${details.numRuns} runs passed (base seed ${config.baseSeed}, property seed ${seed})`)
}
