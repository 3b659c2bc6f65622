/**
 * src/shared/ocpp/payloads.generated.ts is what scripts/gen-ocpp-types.mjs makes of schemas/ today.
 * When this fails: run `npm run gen:types` and commit the result.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { ALL_ACTIONS } from '@shared/ocpp/actions'

const ROOT = resolve(__dirname, '../../..')
const GENERATED = resolve(ROOT, 'src/shared/ocpp/payloads.generated.ts')

interface Generator {
  generate(schemaDir?: string): Promise<string>
  listActions(schemaDir?: string): string[]
}

const loadGenerator = async (): Promise<Generator> =>
  (await import(pathToFileURL(resolve(ROOT, 'scripts/gen-ocpp-types.mjs')).href)) as Generator

describe('generated OCPP payload types', () => {
  it('are up to date with schemas/ (run `npm run gen:types` when this fails)', async () => {
    const { generate } = await loadGenerator()
    const expected = await generate()
    expect(readFileSync(GENERATED, 'utf8'), 'payloads.generated.ts is stale: run npm run gen:types').toBe(expected)
  }, 30_000)

  it('cover exactly the 28 actions, with a request and a response type each', async () => {
    const { listActions } = await loadGenerator()
    expect(listActions()).toEqual([...ALL_ACTIONS])
    const text = readFileSync(GENERATED, 'utf8')
    for (const map of ['OcppRequests', 'OcppResponses']) {
      const body = new RegExp(`export interface ${map} \\{\\n([^}]*)\\}`).exec(text)?.[1] ?? ''
      const keys = body.trim().split('\n').map((line) => line.trim().split(':')[0])
      expect(keys, map).toEqual([...ALL_ACTIONS])
    }
  })

  it('are generated deterministically', async () => {
    const { generate } = await loadGenerator()
    expect(await generate()).toBe(await generate())
  }, 30_000)
})
