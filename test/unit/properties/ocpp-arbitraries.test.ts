/**
 * The arbitraries of the property tests (test/support/ocpp-arbitraries) are themselves checked
 * against the project's validator: every schema under schemas/ is covered, valid payloads are
 * valid, every kind of mutation is produced, the deep ones are exactly as deep as they say, and
 * nothing goes over the frame limit.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ALL_ACTIONS, CP_TO_CS_ACTIONS, CS_TO_CP_ACTIONS, type OcppAction } from '@shared/ocpp/actions'
import { createOcppValidator } from '../../../src/main/ocpp/validator'
import { answerFrame, hostilePayload, loadSchemas, minimalPayload, PAYLOAD_LIMIT_BYTES, stationAnswer, unknownKeywords, validPayload, type HostileCase } from '../../support/ocpp-arbitraries'

const validator = createOcppValidator()
const SEED = 1805

function violations(c: Pick<HostileCase, 'schema'>, value: unknown) {
  const response = c.schema.endsWith('Response')
  const action = (response ? c.schema.slice(0, -'Response'.length) : c.schema) as OcppAction
  return response ? validator.validateResponse(action, value) : validator.validateRequest(action, value)
}

/** Nesting depth of JSON text, counted without recursion (the text may be 100,000 levels deep). */
function textDepth(text: string): number {
  let depth = 0
  let max = 0
  let inString = false
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]
    if (inString) {
      if (c === '\\') i += 1
      else if (c === '"') inString = false
    } else if (c === '"') inString = true
    else if (c === '[' || c === '{') max = Math.max(max, (depth += 1))
    else if (c === ']' || c === '}') depth -= 1
  }
  return max
}

const schemaNames = [...loadSchemas().keys()]

describe('OCPP arbitraries', () => {
  it('cover every schema under schemas/ (both directions of all 28 actions) and meet only keywords the walker knows', () => {
    expect(schemaNames).toHaveLength(56)
    expect(new Set(schemaNames)).toEqual(new Set(ALL_ACTIONS.flatMap((action) => [action, `${action}Response`])))
    expect(new Set([...CP_TO_CS_ACTIONS, ...CS_TO_CP_ACTIONS])).toEqual(new Set(ALL_ACTIONS))
    for (const [name, schema] of loadSchemas()) expect(unknownKeywords(schema), name).toEqual([])
  })

  it.each(schemaNames)('%s: every generated valid payload passes the project validator', (name) => {
    fc.assert(
      fc.property(validPayload(name), (payload) => {
        expect(violations({ schema: name }, payload)).toEqual([])
      }),
      { seed: SEED, numRuns: 150 },
    )
  })

  it('produce every kind of mutation, each payload within the frame limit, deep ones exactly as deep as they say', { timeout: 60_000 }, () => {
    const seen = new Map<string, number>()
    const options = { largeWeight: 2 }
    for (const name of schemaNames) {
      for (const c of fc.sample(hostilePayload(name, options), { seed: SEED, numRuns: 60 })) {
        for (const tag of c.tags) seen.set(tag, (seen.get(tag) ?? 0) + 1)
        expect(Buffer.byteLength(c.text), c.notes.join('; ')).toBeLessThanOrEqual(PAYLOAD_LIMIT_BYTES)
        const value = JSON.parse(c.text) as unknown
        if (c.tags.includes('valid')) expect(violations(c, value)).toEqual([])
        if (c.notes.length === 1 && (c.tags.includes('missing-required') || c.tags.includes('not-an-object'))) expect(violations(c, value).length, c.notes.join('; ')).toBeGreaterThan(0)
        for (const note of c.notes) {
          const stated = /\(frame depth (\d+)\)/.exec(note)
          // The frame adds one level (its array) around the payload; a single deep mutation decides the depth.
          if (stated && c.notes.length === 1) expect(1 + textDepth(c.text)).toBe(Number(stated[1]))
        }
        if (c.tags.includes('proto-key') && c.notes.length === 1 && /"__proto__":\{/.test(c.notes[0]!)) expect(JSON.stringify(value)).toContain('"__proto__"')
      }
    }
    for (const tag of ['valid', 'wrong-type', 'missing-required', 'extra-field', 'enum-odd', 'numeric-string', 'extreme-number', 'long-string', 'long-array', 'large', 'deep<=64', 'deep>64', 'proto-key', 'duplicate-key', 'not-an-object', 'arbitrary-object']) {
      expect(seen.get(tag) ?? 0, tag).toBeGreaterThan(0)
    }
  })

  it('fill a frame up to its limit when asked, and no further', { timeout: 60_000 }, () => {
    const large = fc.sample(hostilePayload('GetConfigurationResponse', { largeWeight: 1000 }), { seed: SEED, numRuns: 200 }).filter((c) => c.notes.length === 1 && c.tags.includes('large') && !c.tags.includes('deep>64'))
    expect(large.length).toBeGreaterThan(0)
    for (const c of large) {
      const bytes = Buffer.byteLength(c.text)
      expect(bytes).toBeLessThanOrEqual(PAYLOAD_LIMIT_BYTES)
      expect(bytes).toBeGreaterThan(PAYLOAD_LIMIT_BYTES * 0.99)
    }
  })

  it('answer frames are JSON arrays [3, id, payload] or [4, id, code, description, details]', () => {
    for (const answer of fc.sample(stationAnswer('GetConfiguration'), { seed: SEED, numRuns: 200 })) {
      const frame = JSON.parse(answerFrame(answer, 'm1')) as unknown[]
      expect(frame.slice(0, 2)).toEqual([answer.kind === 'result' ? 3 : 4, 'm1'])
      expect(frame).toHaveLength(answer.kind === 'result' ? 3 : 5)
    }
  })
})

describe('minimal payloads', () => {
  it.each(schemaNames)('%s: the minimal payload (the test stations\' default answer) passes the project validator', (name) => {
    expect(violations({ schema: name }, minimalPayload(name))).toEqual([])
  })
})
