/**
 * fast-check arbitraries of OCPP 1.6 payloads, from the project's own schemas (schemas/, draft-04):
 * valid ones (`validPayload`) and hostile ones (`hostilePayload`: a valid payload with one to three
 * mutations, or none), and what a station may answer a CS→CP CALL with (`stationAnswer`). The schema
 * walker is written here on fast-check's primitives (no JSON-schema library: the schemas use a
 * dozen draft-04 keywords, and a unit test fails on any other).
 *
 * A case prints as its notes and the start of its text, so a failure report stays readable when the
 * payload is a megabyte.
 */
import fc from 'fast-check'
import { OCPP_ERROR_CODES } from '@shared/ocpp/error-codes'
import { Long, PAYLOAD_LIMIT_BYTES, toJsonText } from './json-text'
import { mutatedTimes, type MutationOptions } from './mutations'
import { schemaOf, type SchemaName } from './schema-tree'
import { validPayload } from './valid'

export { minimalPayload, validPayload, validOf } from './valid'
export { loadSchemas, schemaOf, sitesOf, unknownKeywords, type SchemaName, type SchemaNode } from './schema-tree'
export { FRAME_LIMIT_BYTES, PAYLOAD_LIMIT_BYTES, toJsonText } from './json-text'

export interface HostileCase {
  schema: SchemaName
  /** What was done to the valid payload, in order (empty: it is valid). */
  notes: string[]
  /** Kinds of what was done (mutations.ts), for KNOWN_FAILURES. */
  tags: string[]
  /** The payload as it goes on the wire. */
  text: string
}

export const DEFAULT_MUTATION_OPTIONS: MutationOptions = { largeWeight: 1 }

function preview(text: string): string {
  return text.length <= 400 ? text : `${text.slice(0, 300)}…(${text.length} chars)…${text.slice(-60)}`
}

export function describeCase(c: Pick<HostileCase, 'schema' | 'notes' | 'text'>): string {
  return `${c.schema} ${c.notes.length ? c.notes.join('; ') : 'valid'}: ${preview(c.text)}`
}

function makeCase(schema: SchemaName, value: unknown, notes: string[], tags: string[]): HostileCase {
  const c: HostileCase = { schema, notes, tags, text: toJsonText(value) }
  Object.defineProperty(c, fc.toStringMethod, { value: () => describeCase(c), enumerable: false })
  return c
}

/** Over the frame limit the endpoint closes the connection (1009): not a payload any more, and the framing tests' business. */
const fitsFrame = (c: HostileCase): boolean => Buffer.byteLength(c.text) <= PAYLOAD_LIMIT_BYTES

/** A payload of the schema `name`: valid now and then, else with one to three mutations. */
export function hostilePayload(name: SchemaName, options: MutationOptions = DEFAULT_MUTATION_OPTIONS): fc.Arbitrary<HostileCase> {
  const root = schemaOf(name)
  return validPayload(name)
    .chain((valid) =>
      fc.oneof(
        { weight: 12, arbitrary: fc.constant(makeCase(name, valid, [], ['valid'])) },
        { weight: 60, arbitrary: mutatedTimes(valid, root, 1, options).map((m) => makeCase(name, m.value, m.notes, m.tags)) },
        { weight: 28, arbitrary: fc.integer({ min: 2, max: 3 }).chain((count) => mutatedTimes(valid, root, count, options).map((m) => makeCase(name, m.value, m.notes, m.tags))) },
      ),
    )
    .filter(fitsFrame)
}

/** The details of a CALLERROR: an object, or anything (a CALLERROR frame only wants its position filled). */
function hostileDetails(options: MutationOptions): fc.Arbitrary<HostileCase> {
  const root = { type: 'object', properties: {}, additionalProperties: true }
  return fc.oneof(fc.constant({}), fc.object({ maxDepth: 2, maxKeys: 4 })).chain((base) =>
    fc.oneof(
      { weight: 1, arbitrary: fc.constant(makeCase('CALLERROR details', base, [], ['valid'])) },
      { weight: 3, arbitrary: mutatedTimes(base, root, 1, options).map((m) => makeCase('CALLERROR details', m.value, m.notes, m.tags)) },
    ),
  ).filter(fitsFrame)
}

export type StationAnswer =
  | { kind: 'result'; payload: HostileCase }
  | { kind: 'error'; code: string; description: string; details: HostileCase }

/** What a station answers a CALL of `action` with: a CALLRESULT (mostly) or a well-formed CALLERROR of any content. */
export function stationAnswer(action: string, options: MutationOptions = DEFAULT_MUTATION_OPTIONS): fc.Arbitrary<StationAnswer> {
  const errorCode = fc.oneof(fc.constantFrom(...OCPP_ERROR_CODES), fc.string({ maxLength: 30 }), fc.constantFrom('__proto__', 'constructor', 'toString'))
  const description = fc.oneof({ weight: 5, arbitrary: fc.string({ maxLength: 60 }) }, { weight: 1, arbitrary: fc.constant(new Long('string', 'é', 50_000).text(50_000).slice(1, -1)) })
  return fc.oneof(
    { weight: 6, arbitrary: hostilePayload(`${action}Response`, options).map((payload) => ({ kind: 'result' as const, payload })) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(errorCode, description, hostileDetails(options))
        // The whole CALLERROR must fit a frame (a long description next to frame-filling details
        // would not): over the limit the endpoint closes the connection, which is not an answer.
        .filter(([code, desc, details]) => Buffer.byteLength(JSON.stringify(code)) + Buffer.byteLength(JSON.stringify(desc)) + Buffer.byteLength(details.text) <= PAYLOAD_LIMIT_BYTES)
        .map(([code, desc, details]) => ({ kind: 'error' as const, code, description: desc, details })),
    },
  )
}

/** The whole answer frame for the CALL with `messageId`. */
export function answerFrame(answer: StationAnswer, messageId: string): string {
  return answer.kind === 'result' ? `[3,${JSON.stringify(messageId)},${answer.payload.text}]` : `[4,${JSON.stringify(messageId)},${JSON.stringify(answer.code)},${JSON.stringify(answer.description)},${answer.details.text}]`
}

export function describeAnswer(answer: StationAnswer): string {
  return answer.kind === 'result' ? `CALLRESULT ${describeCase(answer.payload)}` : `CALLERROR ${JSON.stringify(answer.code)} ${preview(JSON.stringify(answer.description))} details ${describeCase(answer.details)}`
}

/** Tags of an answer, for KNOWN_FAILURES: the payload's, or `callerror` and the details'. */
export function answerTags(answer: StationAnswer): string[] {
  return answer.kind === 'result' ? answer.payload.tags : ['callerror', ...answer.details.tags]
}
