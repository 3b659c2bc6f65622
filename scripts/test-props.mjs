#!/usr/bin/env node
/**
 * The long run of the property tests (issue 18 §5): every property under
 * test/integration/properties with many runs and, unless given, a new random seed each time.
 *
 *   npm run test:props -- --runs 2000              2,000 runs per property, a random seed (printed)
 *   npm run test:props -- --runs 500 --seed 42     the same runs as another run with seed 42
 *   npm run test:props -- --large 10               more frame-filling and 10,000-level payloads
 *   npm run test:props -- --runs 300 station-calls only the files whose path contains this
 *
 * A failure prints fast-check's counterexample, what broke, and the command that replays exactly it,
 * e.g. `CSMS_PROPS_SEED=… CSMS_PROPS_RUNS=… CSMS_PROPS_LARGE=… CSMS_PROPS_PATH=… npx vitest run
 * --project integration <file> -t '<property>'`. `npm test` runs the same properties with a few runs
 * (8 per action, 2 scenarios in the child process) from the fixed seed 1805.
 *
 * Environment (read by test/support/property-runs.ts; the options above set them, and the runner
 * takes them from the environment where no option is given):
 *   CSMS_PROPS_RUNS       runs per property (npm test: each file's own small number; here 200)
 *   CSMS_PROPS_SEED       base seed (npm test: 1805; here a random one); each property mixes its own
 *                         name in, so a replay needs the base seed and the property's name (-t)
 *   CSMS_PROPS_PATH       replay only the counterexample at this path (from a failure report)
 *   CSMS_PROPS_LARGE      weight of frame-filling and 10,000/100,000-level payloads (default 1)
 *   CSMS_PROPS_SHRINK_MS  time spent shrinking a failure before it is reported (default 60,000)
 *   CSMS_PROPS_VERBOSE=1  print each property's seeds and runs as it passes (always set here)
 */
import { spawn } from 'node:child_process'
import { randomInt } from 'node:crypto'

const USAGE = 'usage: npm run test:props -- [--runs N] [--seed N] [--large W] [--shrink-ms MS] [file filter ...]'

function parse(argv) {
  const fromEnv = (name) => (/^-?\d+$/.test(process.env[name] ?? '') ? Number(process.env[name]) : undefined)
  const options = { runs: fromEnv('CSMS_PROPS_RUNS') ?? 200, seed: fromEnv('CSMS_PROPS_SEED'), large: fromEnv('CSMS_PROPS_LARGE'), shrinkMs: fromEnv('CSMS_PROPS_SHRINK_MS'), filters: [] }
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]
    const value = () => {
      const next = argv[(i += 1)]
      if (next === undefined || !/^-?\d+$/.test(next)) throw new Error(`${arg} needs an integer\n${USAGE}`)
      return Number(next)
    }
    if (arg === '--runs') options.runs = value()
    else if (arg === '--seed') options.seed = value()
    else if (arg === '--large') options.large = value()
    else if (arg === '--shrink-ms') options.shrinkMs = value()
    else if (arg === '--help' || arg === '-h') {
      console.log(USAGE)
      process.exit(0)
    } else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}\n${USAGE}`)
    else options.filters.push(arg)
  }
  if (options.runs < 1) throw new Error(`--runs must be at least 1\n${USAGE}`)
  return options
}

let options
try {
  options = parse(process.argv.slice(2))
} catch (error) {
  console.error(error.message)
  process.exit(2)
}
const seed = options.seed ?? randomInt(1, 2 ** 31 - 1)
const env = {
  ...process.env,
  CSMS_PROPS_RUNS: String(options.runs),
  CSMS_PROPS_SEED: String(seed),
  CSMS_PROPS_VERBOSE: '1',
  ...(options.large !== undefined ? { CSMS_PROPS_LARGE: String(options.large) } : {}),
  ...(options.shrinkMs !== undefined ? { CSMS_PROPS_SHRINK_MS: String(options.shrinkMs) } : {}),
}
const files = options.filters.length > 0 ? options.filters.map((filter) => `test/integration/properties/${filter}`) : ['test/integration/properties']
console.log(`Property tests: ${options.runs} runs per property, base seed ${seed}${options.large !== undefined ? `, large weight ${options.large}` : ''}. Same run again: npm run test:props -- --runs ${options.runs} --seed ${seed}`)
const child = spawn('npx', ['vitest', 'run', '--project', 'integration', ...files], { stdio: 'inherit', env })
child.on('exit', (code, signal) => {
  console.log(`Property tests (base seed ${seed}) ${code === 0 ? 'passed' : 'FAILED'}.`)
  process.exit(code ?? (signal ? 1 : 0))
})
