/**
 * The API as the property tests use it: POST /api/<command> with a deadline, and what counts as a
 * wrong answer (5xx, no answer, not JSON, internal text in an error body).
 */

import { viewSoundnessProblems } from './view-soundness'

/** Longest wait for one API answer or one OCPP answer before the case counts as a hang. */
export const ANSWER_TIMEOUT_MS = 20_000

export interface ApiAnswer {
  status: number
  text: string
  body: unknown
}

/**
 * Text an API error body must never carry: stack frames, source or bundle paths, module folders, and
 * the engine's own words for a bug (a TypeError's "x is not a function", "Cannot read properties").
 */
const INTERNAL_TEXT = /\n\s+at\s|\bat [\w.<>]+ \(|\.(ts|js|mjs|cjs):\d+|node_modules|\/work\/|[A-Z]:\\|\/tmp\/|\b(TypeError|RangeError|ReferenceError|InternalError)\b|is not a function|is not iterable|is not a constructor|Cannot read propert|Cannot set propert|Cannot convert undefined|Maximum call stack|Unexpected token|JSON at position/

/** POST /api/<command> with a deadline. Status 0: no answer in time (or the connection failed). */
export async function postApi(apiUrl: string, command: string, body: unknown, timeoutMs = ANSWER_TIMEOUT_MS): Promise<ApiAnswer> {
  try {
    const response = await fetch(`${apiUrl}/${command}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs) })
    const text = await response.text()
    let parsed: unknown
    try {
      parsed = text ? JSON.parse(text) : undefined
    } catch {
      parsed = undefined
    }
    return { status: response.status, text, body: parsed }
  } catch (error) {
    return { status: 0, text: `no answer: ${(error as Error).message}`, body: undefined }
  }
}

/** What is wrong with an API answer: 5xx, no answer, a body that is not JSON, internal text. */
export function apiProblems(command: string, answer: ApiAnswer): string[] {
  const problems: string[] = []
  const excerpt = answer.text.slice(0, 300)
  if (answer.status === 0) problems.push(`${command}: ${excerpt} (hang)`)
  else if (answer.status >= 500) problems.push(`${command} answered ${answer.status}: ${excerpt}`)
  else if (answer.status < 200 || (answer.status >= 300 && answer.status < 400)) problems.push(`${command} answered ${answer.status}`)
  else if (answer.body === undefined) problems.push(`${command} answered ${answer.status} without a JSON body: ${excerpt}`)
  if (answer.status >= 400 && INTERNAL_TEXT.test(answer.text)) problems.push(`${command} error body carries internal text: ${excerpt}`)
  return problems
}

/** The reads an operator does on one station (and the lists it is in). */
export function stationReads(stationId: string): [string, Record<string, unknown>][] {
  return [
    ['getStation', { stationId }],
    ['listStations', {}],
    ['listTasks', { stationId }],
    ['listTasks', {}],
    ['getConfigurationSnapshot', { stationId }],
    ['getChargingView', { stationId }],
    ['listTransactions', { stationId }],
    ['getStationLocalList', { stationId }],
    ['listReservations', { stationId }],
    ['getStationFileStatus', { stationId }],
    ['getStatusHistory', { stationId }],
    ['queryLog', { stationId, limit: 20 }],
  ]
}

/** Every read of the station: 2xx/4xx without internal text, and the 2xx views sound (view-soundness.ts). */
export async function readProblems(apiUrl: string, stationId: string): Promise<string[]> {
  const answers = await Promise.all(
    stationReads(stationId).map(async ([command, args]) => {
      const answer = await postApi(apiUrl, command, args)
      return [...apiProblems(command, answer), ...(answer.status === 200 ? viewSoundnessProblems(command, answer.body) : [])]
    }),
  )
  return answers.flat()
}
