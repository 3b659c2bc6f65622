/**
 * Issue 18 §1: one boundary between station bytes and domain code, over real sockets. Frames nested
 * deeper than 64 levels are refused before anything recurses into them; an answer that breaks its
 * schema (strict) or cannot be made sound (lenient) fails its task as `malformed` and reaches no
 * service; lenient CALLs are coerced to the declared types or refused; ids, versions and counts out
 * of range are ignored, never adopted; API bodies and arguments nested too deeply get a 400.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { CallTask, ConfigurationSnapshot, StationDetail, TransactionDetail } from '@shared/contract/dto'
import type { StationLocalList } from '@shared/contract/auth-dto'
import type { StationChargingView } from '@shared/contract/charging-dto'
import type { Settings } from '../../../src/shared/contract/dto'
import type { DeepPartial } from '../../../src/main/storage'
import { startHarness, type Harness } from '../../support/csms-harness'
import { upgradeStatus, type ScriptedChargePoint } from '../../support/scripted-charge-point'

const basic = (user: string, password: string) => ({ Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` })
const PASSWORD = 'sixteen-chars-pw'
const STRICT: DeepPartial<Settings> = { ocpp: { fetchConfigurationAfterBoot: false, maxMessagesPerSecond: 0 } }
const LENIENT: DeepPartial<Settings> = { ocpp: { fetchConfigurationAfterBoot: false, maxMessagesPerSecond: 0, lenient: true } }
const now = () => new Date().toISOString()

/** JSON text of arrays nested `depth` levels (built as text: the test itself must not recurse). */
const nestedArrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`

/** `{"a":{"a":…{}}}` nested `depth` levels as a value, built without recursion. */
function nestedObject(depth: number): Record<string, unknown> {
  const root: Record<string, unknown> = {}
  let current = root
  for (let i = 1; i < depth; i += 1) {
    const next: Record<string, unknown> = {}
    current.a = next
    current = next
  }
  return root
}

/** Send a CS→CP call with wait over real HTTP, let the station answer with `text` (raw frame text after the id). */
async function answerRaw(h: Harness, cp: ScriptedChargePoint, stationId: string, action: string, payload: unknown, frameText: (messageId: string) => string): Promise<{ status: number; task: CallTask }> {
  const incoming = cp.nextCall(action)
  const sent = h.http('sendCall', { stationId, action, payload, wait: true })
  const call = await incoming
  cp.sendRaw(frameText(String(call[1])))
  const { status, body } = await sent
  return { status, task: body as CallTask }
}

const answerWith = (h: Harness, cp: ScriptedChargePoint, stationId: string, action: string, payload: unknown, answer: unknown) =>
  answerRaw(h, cp, stationId, action, payload, (id) => JSON.stringify([3, id, answer]))

describe('one boundary between station bytes and domain code', () => {
  const harnesses: Harness[] = []
  async function harness(settings: DeepPartial<Settings> = STRICT): Promise<Harness> {
    const h = await startHarness({ settings })
    harnesses.push(h)
    return h
  }
  afterEach(async () => {
    for (const h of harnesses.splice(0)) await h.stop().catch(() => undefined)
  })

  it('an answer nested 100,000 levels deep fails its task with a reason (sendCall wait answers 200); the process, other stations and listTasks carry on', async () => {
    const h = await harness()
    const deep = await h.booted('CP-DEEP')
    const other = await h.booted('CP-OTHER')
    const { status, task } = await answerRaw(h, deep, 'CP-DEEP', 'DataTransfer', { vendorId: 'com.acme' }, (id) => `[3,"${id}",{"status":"Accepted","data":${nestedArrays(100_000)}}]`)
    expect(status).toBe(200)
    expect(task.state).toBe('malformed')
    expect(task.reason).toMatch(/nested deeper than 64 levels/)
    expect(task.response).toBeUndefined()
    expect((await other.call('Heartbeat', {}))[0]).toBe(3)
    expect((await deep.call('Heartbeat', {}))[0]).toBe(3)
    const listed = await h.http('listTasks', {})
    expect(listed.status).toBe(200)
    expect((listed.body as CallTask[]).find((t) => t.id === task.id)?.state).toBe('malformed')
  })

  it('a CALL nested deeper than 64 levels gets a FormationViolation with its id, even from a lenient station; nothing recursed into it', async () => {
    const h = await harness(LENIENT)
    const cp = await h.booted('CP-DEEPCALL')
    const answer = await cp.sendAndExpectError(`[2,"deep-1","DataTransfer",{"vendorId":"com.acme","data":${nestedArrays(100_000)}}]`, 'deep-1')
    expect(answer[2]).toBe('FormationViolation')
    expect(answer[3]).toMatch(/nested deeper than 64 levels/)
    // Just within the limit: an ordinary schema question (data must be a string; an array is made its JSON text when lenient).
    const within = await cp.call('DataTransfer', { vendorId: 'com.acme', data: JSON.parse(nestedArrays(60)) as unknown })
    expect(within[0]).toBe(3)
    expect((await cp.call('Heartbeat', {}))[0]).toBe(3)
    const listed = await h.http('listTasks', {})
    expect(listed.status).toBe(200)
  })

  it('a sendCall body with a payload nested 5,000 levels is refused 400 naming the limit; listTasks keeps answering 200 for everyone', async () => {
    const h = await harness()
    await h.booted('CP-BODY')
    const body = `{"stationId":"CP-BODY","action":"DataTransfer","payload":{"vendorId":"com.acme","data":${nestedArrays(5_000)}}}`
    const refused = await h.http('sendCall', body)
    expect(refused.status).toBe(400)
    expect(JSON.stringify(refused.body)).toMatch(/nested deeper than 64 levels/)
    // The same through the API's own intake (what IPC calls): an object 5,000 levels deep, and one that refers to itself.
    await expect(h.invoke('sendCall', { stationId: 'CP-BODY', action: 'DataTransfer', payload: { vendorId: 'com.acme', data: nestedObject(5_000) } })).rejects.toMatchObject({ code: 'BadRequest', message: expect.stringMatching(/nested deeper than 64 levels/) })
    const looped: Record<string, unknown> = { vendorId: 'com.acme' }
    looped.data = looped
    await expect(h.invoke('sendCall', { stationId: 'CP-BODY', action: 'DataTransfer', payload: looped })).rejects.toMatchObject({ code: 'BadRequest' })
    for (let i = 0; i < 2; i += 1) expect((await h.http('listTasks', {})).status).toBe(200)
  })

  it('GetConfiguration answered with a key of the wrong type: strict fails the task and keeps the snapshot; lenient keeps only the sound keys', async () => {
    const h = await harness()
    const cp = await h.booted('CP-CFG')
    const answer = { configurationKey: [{ key: 5, readonly: false }, { key: 'HeartbeatInterval', readonly: false, value: '300' }] }
    const strict = await answerWith(h, cp, 'CP-CFG', 'GetConfiguration', {}, answer)
    expect(strict.status).toBe(200)
    expect(strict.task.state).toBe('malformed')
    expect(strict.task.violations?.map((v) => v.path)).toContain('/configurationKey/0/key')
    expect(strict.task.reason).toMatch(/GetConfiguration/)
    expect(Object.keys((await h.invoke<ConfigurationSnapshot>('getConfigurationSnapshot', { stationId: 'CP-CFG' })).keys)).toEqual([])

    await h.invoke('updateStation', { stationId: 'CP-CFG', overrides: { lenient: true } })
    const lenient = await answerWith(h, cp, 'CP-CFG', 'GetConfiguration', {}, answer)
    expect(lenient.task.state).toBe('answered')
    expect(lenient.task.response).toEqual({ configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '300' }] })
    expect(lenient.task.violations?.[0]).toMatchObject({ path: '/configurationKey/0/key', code: 'TypeConstraintViolation' })
    const snapshot = await h.invoke<ConfigurationSnapshot>('getConfigurationSnapshot', { stationId: 'CP-CFG' })
    expect(Object.keys(snapshot.keys)).toEqual(['HeartbeatInterval'])
    expect(snapshot.truncated ?? []).toEqual([])
  })

  it('GetLocalListVersion answered with listVersion 1e308: the task fails saying the version was ignored, the known version stays, the next SendLocalList goes out with a sound version', async () => {
    for (const settings of [STRICT, LENIENT]) {
      const h = await harness(settings)
      const cp = await h.booted('CP-LV')
      await h.invoke('upsertIdTag', { idTag: 'TAG-1', status: 'Accepted' })
      expect((await answerWith(h, cp, 'CP-LV', 'GetLocalListVersion', {}, { listVersion: 5 })).task.state).toBe('answered')
      const { status, task } = await answerRaw(h, cp, 'CP-LV', 'GetLocalListVersion', {}, (id) => `[3,"${id}",{"listVersion":1e308}]`)
      expect(status).toBe(200)
      expect(task.state).toBe('malformed')
      expect(task.reason).toMatch(/listVersion.*ignored/)
      expect((await h.invoke<StationLocalList>('getStationLocalList', { stationId: 'CP-LV' })).reported?.listVersion).toBe(5)
      const incoming = cp.nextCall('SendLocalList')
      const sent = await h.http('sendLocalList', { stationIds: ['CP-LV'], updateType: 'Full', entries: [{ idTag: 'TAG-1', idTagInfo: { status: 'Accepted' } }] })
      expect(sent.status).toBe(200)
      const listVersion = ((await incoming)[3] as { listVersion: number }).listVersion
      expect(Number.isInteger(listVersion) && listVersion > 5 && listVersion <= 2 ** 31 - 1).toBe(true)
    }
  })

  it('GetCompositeSchedule answered with chargingSchedulePeriod "x" or a duration past 32 bits: never stored as such, the charging view answers 200', async () => {
    const h = await harness()
    const cp = await h.booted('CP-CS')
    const request = { connectorId: 1, duration: 3600, chargingRateUnit: 'A' }
    const scheduleStart = now()
    const broken = { status: 'Accepted', connectorId: 1, scheduleStart, chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: 'x' } }
    expect((await answerWith(h, cp, 'CP-CS', 'GetCompositeSchedule', request, broken)).task.state).toBe('malformed')
    const view = await h.http('getChargingView', { stationId: 'CP-CS' })
    expect(view.status).toBe(200)
    expect((view.body as StationChargingView).connectors.find((c) => c.connectorId === 1)?.reported).toBeUndefined()

    await h.invoke('updateStation', { stationId: 'CP-CS', overrides: { lenient: true } })
    // Lenient: the unsound schedule is optional, so it is dropped and the status kept.
    expect((await answerWith(h, cp, 'CP-CS', 'GetCompositeSchedule', request, broken)).task).toMatchObject({ state: 'answered', response: { status: 'Accepted', connectorId: 1, scheduleStart } })
    expect((await h.http('getChargingView', { stationId: 'CP-CS' })).status).toBe(200)
    // A duration of 8,638,203,414,586 s is ignored with a warning (both modes), the periods kept.
    const huge = { status: 'Accepted', connectorId: 1, scheduleStart, chargingSchedule: { duration: 8_638_203_414_586, chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] } }
    const { task } = await answerWith(h, cp, 'CP-CS', 'GetCompositeSchedule', request, huge)
    expect(task.state).toBe('answered')
    expect(task.violations?.[0]).toMatchObject({ path: '/chargingSchedule/duration', message: expect.stringMatching(/8638203414586 was ignored, never adopted/) })
    const after = await h.http('getChargingView', { stationId: 'CP-CS' })
    expect(after.status).toBe(200)
    const reported = (after.body as StationChargingView).connectors.find((c) => c.connectorId === 1)?.reported
    expect(reported?.chargingSchedule?.duration).toBeUndefined()
    expect(reported?.chargingSchedule?.chargingSchedulePeriod).toEqual([{ startPeriod: 0, limit: 16 }])
  })

  it('strict: an answer of the wrong type reaches no service; a ChangeConfiguration(AuthorizationKey) answered {"status":"Accepted", extra} does not roll the key', async () => {
    const h = await harness()
    await h.invoke('setStationPassword', { stationId: 'CP-KEY', password: PASSWORD })
    const cp = await h.connect('CP-KEY', { headers: basic('CP-KEY', PASSWORD) })
    await cp.boot()
    const NEW_PASSWORD = 'the-next-password-1'
    const payload = { key: 'AuthorizationKey', value: Buffer.from(NEW_PASSWORD).toString('hex') }
    const wrongType = await answerWith(h, cp, 'CP-KEY', 'ChangeConfiguration', payload, { status: 5 })
    expect(wrongType.task.state).toBe('malformed')
    expect(wrongType.task.violations?.[0]).toMatchObject({ path: '/status', code: 'TypeConstraintViolation' })
    expect(wrongType.task.reason).toMatch(/message log/)
    const extra = await answerWith(h, cp, 'CP-KEY', 'ChangeConfiguration', payload, { status: 'Accepted', note: 'applied' })
    expect(extra.task.state).toBe('malformed')
    // Not rolled: the old password still opens a connection.
    expect((await upgradeStatus(`${h.ocppUrl}/CP-KEY`, ['ocpp1.6'], basic('CP-KEY', PASSWORD))).status).toBe(101)
    // And no service learnt from it: the snapshot records no change of the key.
    const snapshot = await h.invoke<ConfigurationSnapshot>('getConfigurationSnapshot', { stationId: 'CP-KEY' })
    expect(Object.keys(snapshot.lastChanges ?? {})).toEqual([])
  })

  it('lenient: numeric strings, wrong-case enums and extra fields are coerced and answered normally; domain code sees the declared types', async () => {
    const h = await harness(LENIENT)
    await h.invoke('upsertIdTag', { idTag: 'TAG-1', status: 'Accepted' })
    const cp = await h.booted('CP-LAX')
    expect((await cp.call('Heartbeat', { extra: true }))[0]).toBe(3)
    const status = await cp.call('StatusNotification', { connectorId: '1', errorCode: 'noerror', status: 'available', timestamp: now() })
    expect(status[2]).toEqual({})
    const detail = await h.invoke<StationDetail>('getStation', { stationId: 'CP-LAX' })
    expect(detail.connectors?.['1']).toMatchObject({ connectorId: 1, status: 'Available', errorCode: 'NoError' })
    const start = await cp.call('StartTransaction', { connectorId: '1', idTag: 'TAG-1', meterStart: '1000', timestamp: now(), vendorNote: 'x' })
    expect(start[0]).toBe(3)
    const transactionId = (start[2] as { transactionId: number }).transactionId
    const transaction = await h.invoke<TransactionDetail>('getTransaction', { transactionId })
    expect(transaction.meterStart).toBe(1000)
    expect(transaction.connectorId).toBe(1)
    const violations = (await h.invoke<StationDetail>('getStation', { stationId: 'CP-LAX' })).recentViolations
    expect(violations.every((r) => r.accepted)).toBe(true)
    expect(violations.flatMap((r) => r.violations.map((v) => v.path))).toEqual(expect.arrayContaining(['/extra', '/connectorId', '/errorCode', '/status', '/meterStart', '/vendorNote']))
  })

  it('lenient: a CALL whose required field cannot be made sound gets a CALLERROR and reaches no handler', async () => {
    const h = await harness(LENIENT)
    const cp = await h.booted('CP-LAX2')
    const answer = await cp.call('StatusNotification', { connectorId: 'one', errorCode: 'NoError', status: 'Available' })
    expect(answer.slice(0, 3)).toEqual([4, answer[1], 'TypeConstraintViolation'])
    expect((await cp.call('Authorize', { idTag: { tag: 'A' } }))[2]).toBe('TypeConstraintViolation')
    expect((await cp.call('StopTransaction', { transactionId: 2 ** 40, meterStop: 1, timestamp: now() }))[2]).toBe('PropertyConstraintViolation')
    const detail = await h.invoke<StationDetail>('getStation', { stationId: 'CP-LAX2' })
    expect(detail.connectors?.['1']).toBeUndefined()
    expect(detail.recentViolations[0]).toMatchObject({ action: 'StopTransaction', accepted: false })
  })

  it('an optional id out of range is ignored with a warning in both modes, never adopted (a MeterValues transactionId of 2^40)', async () => {
    for (const settings of [STRICT, LENIENT]) {
      const h = await harness(settings)
      await h.invoke('upsertIdTag', { idTag: 'TAG-1', status: 'Accepted' })
      const cp = await h.booted('CP-RANGE')
      const answer = await cp.call('MeterValues', { connectorId: 1, transactionId: 2 ** 40, meterValue: [{ timestamp: now(), sampledValue: [{ value: '10' }] }] })
      expect(answer[2]).toEqual({})
      const detail = await h.invoke<StationDetail>('getStation', { stationId: 'CP-RANGE' })
      expect(detail.recentViolations[0]).toMatchObject({ action: 'MeterValues', accepted: true, violations: [expect.objectContaining({ path: '/transactionId', code: 'PropertyConstraintViolation', message: expect.stringMatching(/ignored/) })] })
    }
  })
})
