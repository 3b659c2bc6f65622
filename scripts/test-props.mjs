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
 * A failure prints fast-check's counterexample, what broke, and the command that replays exactly it.
 * `npm test` runs the same properties with a few runs from the fixed seed 1805.
 */
import { spawn } from 'node:child_process'
import { randomInt } from 'node:crypto'

const USAGE = 'usage: npm run test:props -- [--runs N] [--seed N] [--large W] [--shrink-ms MS] [file filter ...]'

function parse(argv) {
  const options = { runs: 200, seed: undefined, large: undefined, shrinkMs: undefined, filters: [] }
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
