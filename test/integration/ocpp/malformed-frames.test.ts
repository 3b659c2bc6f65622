import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LogPage, StationDetail } from '@shared/contract/dto'
import { startHarness, type Harness } from '../../support/csms-harness'
import type { ScriptedChargePoint } from '../../support/scripted-charge-point'

const boot = { chargePointVendor: 'V', chargePointModel: 'M' }

describe('every malformed inbound frame gets the right CALLERROR', () => {
  let h: Harness
  let cp: ScriptedChargePoint
  beforeAll(async () => {
    h = await startHarness()
    cp = await h.booted('CP-BAD')
  })
  afterAll(async () => h.stop())

  it('text that is not JSON → FormationViolation, id salvaged when readable', async () => {
    const answer = await cp.sendAndExpectError('[2, "abc-1", "Heartbeat", {', 'abc-1')
    expect(answer.slice(0, 3)).toEqual([4, 'abc-1', 'FormationViolation'])
    expect(answer[4]).toEqual({})
  })

  it('garbage without a readable id → FormationViolation with message id -1', async () => {
    const answer = await cp.sendAndExpectError('hello there', '-1')
    expect(answer[2]).toBe('FormationViolation')
  })

  it('JSON that is not an array → FormationViolation', async () => {
    const answer = await cp.sendAndExpectError('{"action":"Heartbeat"}', '-1')
    expect(answer[2]).toBe('FormationViolation')
  })

  it('a binary frame → FormationViolation', async () => {
    const answer = await cp.sendAndExpectError(Buffer.from(JSON.stringify([2, 'bin-1', 'Heartbeat', {}])), '-1', true)
    expect(answer[2]).toBe('FormationViolation')
  })

  it('an unknown MessageTypeId → FormationViolation', async () => {
    const answer = await cp.sendAndExpectError(JSON.stringify([7, 'type-7', 'Heartbeat', {}]), 'type-7')
    expect(answer[2]).toBe('FormationViolation')
  })

  it('a CALL without payload → ProtocolError', async () => {
    const answer = await cp.sendAndExpectError(JSON.stringify([2, 'np-1', 'Heartbeat']), 'np-1')
    expect(answer[2]).toBe('ProtocolError')
  })

  it('a CALL whose payload is not an object → FormationViolation', async () => {
    const answer = await cp.sendAndExpectError(JSON.stringify([2, 'arr-1', 'Heartbeat', []]), 'arr-1')
    expect(answer[2]).toBe('FormationViolation')
  })

  it('a message id longer than 36 characters → FormationViolation', async () => {
    const id = 'x'.repeat(37)
    const answer = await cp.sendAndExpectError(JSON.stringify([2, id, 'Heartbeat', {}]))
    expect(answer[2]).toBe('FormationViolation')
  })

  it('an unknown action → NotImplemented', async () => {
    const answer = await cp.call('FlyToTheMoon', {})
    expect(answer[2]).toBe('NotImplemented')
  })

  it('a wrongly cased action is unknown → NotImplemented', async () => {
    const answer = await cp.call('heartbeat', {})
    expect(answer[2]).toBe('NotImplemented')
  })

  it('an action a Central System sends, sent to it → NotSupported', async () => {
    const answer = await cp.call('Reset', { type: 'Hard' })
    expect(answer[2]).toBe('NotSupported')
  })

  it('a missing required field → OccurenceConstraintViolation (1.6 spelling)', async () => {
    const answer = await cp.call('BootNotification', { chargePointVendor: 'V' })
    expect(answer[2]).toBe('OccurenceConstraintViolation')
  })

  it('a field of the wrong type → TypeConstraintViolation', async () => {
    const answer = await cp.call('BootNotification', { ...boot, chargePointModel: 12 })
    expect(answer[2]).toBe('TypeConstraintViolation')
  })

  it('a value outside an enum → PropertyConstraintViolation', async () => {
    const answer = await cp.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Sleeping' })
    expect(answer[2]).toBe('PropertyConstraintViolation')
  })

  it('a bad date-time → PropertyConstraintViolation', async () => {
    const answer = await cp.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available', timestamp: 'yesterday' })
    expect(answer[2]).toBe('PropertyConstraintViolation')
  })

  it('an unknown extra property → FormationViolation', async () => {
    const answer = await cp.call('Heartbeat', { extra: true })
    expect(answer[2]).toBe('FormationViolation')
  })

  it('a string longer than its CiString maximum → FormationViolation', async () => {
    const answer = await cp.call('BootNotification', { ...boot, chargePointVendor: 'V'.repeat(21) })
    expect(answer[2]).toBe('FormationViolation')
  })

  it('a CALLRESULT and a CALLERROR with unknown ids are logged and ignored; the connection keeps working', async () => {
    cp.sendRaw(JSON.stringify([3, 'nobody-asked', { status: 'Accepted' }]))
    cp.sendRaw(JSON.stringify([4, 'nobody-asked-2', 'GenericError', 'x', {}]))
    const answer = await cp.call('Heartbeat', {})
    expect(answer[0]).toBe(3)
    const unexpected = cp.received.filter((frame) => frame[1] === 'nobody-asked' || frame[1] === 'nobody-asked-2')
    expect(unexpected).toEqual([])
    const page = await h.invoke<LogPage>('queryLog', { stationId: 'CP-BAD', kind: 'CALLRESULT', direction: 'in' })
    expect(page.entries.some((entry) => entry.messageId === 'nobody-asked')).toBe(true)
  })

  it('every rejected frame is in the message log with its error code', async () => {
    const page = await h.invoke<LogPage>('queryLog', { stationId: 'CP-BAD', direction: 'out', kind: 'CALLERROR', limit: 100 })
    const codes = new Set(page.entries.map((entry) => entry.errorCode))
    for (const code of ['FormationViolation', 'ProtocolError', 'NotImplemented', 'NotSupported', 'OccurenceConstraintViolation', 'TypeConstraintViolation', 'PropertyConstraintViolation']) {
      expect(codes).toContain(code)
    }
  })
})

describe('lenient mode', () => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness()
  })
  afterAll(async () => h.stop())

  it('accepts a schema-invalid frame from a lenient station and records the violation against it', async () => {
    const cp = await h.booted('CP-LAX')
    await h.invoke('updateStation', { stationId: 'CP-LAX', overrides: { lenient: true } })
    const answer = await cp.call('BootNotification', { ...boot, chargePointVendor: 'A vendor name that is far too long' })
    expect(answer[0]).toBe(3)
    expect(answer[2]).toMatchObject({ status: 'Accepted' })
    const detail = await h.invoke<StationDetail>('getStation', { stationId: 'CP-LAX' })
    expect(detail.violationCount).toBe(1)
    expect(detail.recentViolations[0]).toMatchObject({ action: 'BootNotification', accepted: true })
    expect(detail.recentViolations[0]!.violations[0]!.path).toBe('/chargePointVendor')
  })

  it('a strict station gets the CALLERROR and the refusal is recorded too', async () => {
    const cp = await h.booted('CP-STRICT')
    const answer = await cp.call('BootNotification', { ...boot, chargePointVendor: 'A vendor name that is far too long' })
    expect(answer[0]).toBe(4)
    const detail = await h.invoke<StationDetail>('getStation', { stationId: 'CP-STRICT' })
    expect(detail.recentViolations[0]).toMatchObject({ action: 'BootNotification', accepted: false })
  })
})
