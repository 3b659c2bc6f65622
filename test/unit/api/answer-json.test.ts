/**
 * Issue 18 §4: an answer is written whole when it can be; when it cannot, a list is written record
 * by record (a stub, or left out and counted), and anything else is an internal error (500 with an
 * id). Where the rule lives: answer-json.ts, and the mapping of domain errors to answers.
 */
import { describe, expect, it } from 'vitest'
import { answerJson, toErrorBody, UnservableAnswerError } from '../../../src/main/api'
import { StorageError } from '../../../src/main/storage/storage-logger'

const deep = (depth: number): unknown => {
  let value: unknown = 0
  for (let i = 0; i < depth; i += 1) value = [value]
  return value
}
const task = (id: string, response: unknown = { status: 'Accepted' }) => ({ id, stationId: 'CP', action: 'Reset', payload: { type: 'Soft' }, state: 'answered', createdAt: 't0', finishedAt: 't1', response })
const cyclic = (): unknown => {
  const value: Record<string, unknown> = { id: 'cycle' }
  value.self = value
  return value
}

describe('answers written record by record', () => {
  it('an answer that can be written is written whole, exactly as JSON.stringify writes it', () => {
    const answer = { items: [task('a')], total: 1 }
    expect(answerJson('listTransactions', answer)).toBe(JSON.stringify(answer))
    expect(answerJson('deleteIdTag', undefined)).toBe('null')
  })

  it('a plain list keeps every record it can write; one nested 20,000 deep, one holding a BigInt and one referring to itself become stubs saying why', () => {
    const logged: string[] = []
    const text = answerJson('listTasks', [task('good'), task('deep', deep(20_000)), task('big', { n: 10n }), cyclic()], (line) => void logged.push(line))
    const list = JSON.parse(text) as Record<string, unknown>[]
    expect(list.map((t) => t.id)).toEqual(['good', 'deep', 'big', 'cycle'])
    expect(list[0]).toEqual(task('good'))
    expect(list[1]).toMatchObject({ id: 'deep', stationId: 'CP', action: 'Reset', state: 'answered', createdAt: 't0', payload: { type: 'Soft' }, unreadable: expect.stringMatching(/could not be shown: it is nested too deeply/) })
    expect(list[1]).not.toHaveProperty('response')
    expect(list[2]!.unreadable).toMatch(/BigInt/)
    expect(list[3]).toMatchObject({ id: 'cycle', stationId: '', state: 'answered', unreadable: expect.stringMatching(/refers to itself/) })
    for (const stub of list.slice(1)) expect(String(stub.unreadable)).not.toMatch(/Maximum call stack|Converting circular|serialize/)
    expect(logged).toHaveLength(3)
  })

  it('a station stub keeps the defaults the stations table draws (connection, overrides), with the fields that can be shown', () => {
    const [stub] = JSON.parse(answerJson('listStations', [{ id: 'CP', firstSeen: 't', boot: deep(20_000), connection: { connected: true, pendingCalls: 0 } }])) as Record<string, unknown>[]
    expect(stub).toMatchObject({ id: 'CP', firstSeen: 't', everAccepted: false, overrides: {}, violationCount: 0, connection: { connected: true } })
    expect(stub).not.toHaveProperty('boot')
  })

  it('a paged answer leaves the record out and counts it with what was skipped before', () => {
    const page = JSON.parse(answerJson('listTransactions', { items: [{ transactionId: 1 }, { transactionId: 2, idTagInfo: deep(20_000) }], total: 2, skipped: 1 }, () => undefined))
    expect(page).toEqual({ items: [{ transactionId: 1 }], total: 2, skipped: 2 })
    const log = JSON.parse(answerJson('queryLog', { entries: [{ seq: 1 }, { seq: 2, payload: deep(20_000) }], nextBefore: 1 }, () => undefined))
    expect(log).toEqual({ entries: [{ seq: 1 }], nextBefore: 1, skipped: 1 })
    const detail = JSON.parse(answerJson('getTransaction', { transactionId: 1, meterValues: [{ meterValue: deep(20_000) }, { meterValue: [] }] }, () => undefined))
    expect(detail).toEqual({ transactionId: 1, meterValues: [{ meterValue: [] }], meterValuesSkipped: 1 })
  })

  it('an answer that is not a list and cannot be written is an internal error: 500 with an id, nothing of the engine’s words', () => {
    let thrown: unknown
    try {
      answerJson('getStation', { id: 'CP', boot: deep(20_000) })
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(UnservableAnswerError)
    const logged: string[] = []
    const body = toErrorBody(thrown, (line) => void logged.push(line))
    expect(body.code).toBe('Internal')
    expect(body.message).toMatch(/id [0-9a-f]{8}/)
    expect(body.message).not.toMatch(/Maximum call stack|getStation|JSON/)
    expect(logged.join()).toMatch(/getStation/)
  })
})

describe('domain errors a person can act on', () => {
  it('storage that cannot write is answered 503 Unavailable: what to check and an id, never the data folder’s path', () => {
    const logged: string[] = []
    const body = toErrorBody(new StorageError('JOURNAL_BACKLOG', 'The tasks journal has 268435456 bytes waiting for the disk in /home/op/.config/csms/tasks; check free space'), (line) => void logged.push(line))
    expect(body.code).toBe('Unavailable')
    expect(body.message).toMatch(/data folder.*id [0-9a-f]{8}/)
    expect(body.message).not.toMatch(/\/home|tasks/)
    expect(logged.join()).toContain('/home/op/.config/csms/tasks')
    expect(toErrorBody(new StorageError('JOURNAL_CLOSED', 'The tasks journal is closed'), () => undefined).code).toBe('Unavailable')
  })

  it('a query the storage cannot read is the client’s: 400 with the storage’s words', () => {
    expect(toErrorBody(new StorageError('INVALID_QUERY', '"from" must be an ISO-8601 time, got "x"'), () => undefined)).toEqual({ code: 'BadRequest', message: '"from" must be an ISO-8601 time, got "x"' })
  })
})
