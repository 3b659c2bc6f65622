/**
 * The tests StrykerJS runs for each mutant (`npm run mutate`): the unit project, where the rules in
 * the mutation scope live. The integration, renderer, system and e2e projects stay in `npm test`;
 * they start whole servers and would make every mutant cost seconds. The kill -9 crash test is left
 * out too: its child processes never run the mutant and cost about 7 s for each one it covers (it
 * stays in npm test).
 */
import { resolve } from 'node:path'
import { defineConfig } from 'vitest/config'

const alias = {
  '@shared': resolve(import.meta.dirname, 'src/shared'),
  '@renderer': resolve(import.meta.dirname, 'src/renderer/src'),
}

export default defineConfig({
  resolve: { alias },
  // Coverage instrumentation and a loaded machine (mutation runs share the cores) make the heavier
  // unit tests take longer than the default 5 s; a timeout there failed the dry run.
  test: { name: 'unit', environment: 'node', include: ['test/unit/**/*.test.ts'], exclude: ['**/node_modules/**', 'test/unit/storage/crash.test.ts'], testTimeout: 60_000 },
})
