import { describe, expect, it } from 'vitest'
import { frameTooDeepInSlices, parseFrame, serializeCall, serializeCallError, serializeCallResult } from '../../../src/main/ocpp/frames'
import { TimeSlices } from '../../../src/main/util/time-slices'
import { countingScheduler } from '../../support/counting-scheduler'

describe('parseFrame', () => {
  it('reads a CALL', () => {
    expect(parseFrame('[2,"id-1","Heartbeat",{}]')).toEqual({ kind: 'CALL', messageId: 'id-1', action: 'Heartbeat', payload: {} })
  })
  it('reads a CALLRESULT and a CALLERROR', () => {
    expect(parseFrame('[3,"a",{"x":1}]')).toEqual({ kind: 'CALLRESULT', messageId: 'a', payload: { x: 1 } })
    expect(parseFrame('[4,"b","NotSupported","no",{}]')).toMatchObject({ kind: 'CALLERROR', errorCode: 'NotSupported' })
  })
  it('salvages the id of broken JSON', () => {
    expect(parseFrame('[2,"salvage-me","Heartbeat",{')).toMatchObject({ kind: 'INVALID', messageId: 'salvage-me', errorCode: 'FormationViolation' })
  })
  it('uses -1 when no id can be read', () => {
    expect(parseFrame('null')).toMatchObject({ messageId: '-1', errorCode: 'FormationViolation' })
    expect(parseFrame('[2, 5, "Heartbeat", {}]')).toMatchObject({ messageId: '-1', errorCode: 'FormationViolation' })
  })
  it('a CALL without payload is a ProtocolError', () => {
    expect(parseFrame('[2,"x","Heartbeat"]')).toMatchObject({ errorCode: 'ProtocolError', answer: true })
  })
  it('a malformed answer is logged, never answered', () => {
    expect(parseFrame('[3,"x"]')).toMatchObject({ kind: 'INVALID', answer: false })
    expect(parseFrame('[4,"x","E"]')).toMatchObject({ kind: 'INVALID', answer: false })
  })
  it('an unknown type id is answered', () => {
    expect(parseFrame('[9,"x"]')).toMatchObject({ kind: 'INVALID', answer: true, messageId: 'x' })
  })
  it('a malformed answer with a readable id names the CALL it fails', () => {
    expect(parseFrame('[3,"x",{},{}]')).toMatchObject({ kind: 'INVALID', answer: false, answerTo: 'x' })
    expect(parseFrame('[4,"y","E"]')).toMatchObject({ kind: 'INVALID', answer: false, answerTo: 'y' })
  })
  it('a frame nested deeper than 64 levels is never parsed: a CALL gets FormationViolation with its id, an answer fails its CALL, anything else is logged', () => {
    const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`
    expect(parseFrame(`[2,"c1","DataTransfer",{"vendorId":"v","data":${deep(100_000)}}]`)).toEqual({
      kind: 'INVALID',
      messageId: 'c1',
      answer: true,
      errorCode: 'FormationViolation',
      errorDescription: expect.stringMatching(/nested deeper than 64 levels/),
    })
    expect(parseFrame(`[3,"r1",${deep(100_000)}]`)).toMatchObject({ kind: 'INVALID', answer: false, answerTo: 'r1', errorDescription: expect.stringMatching(/nested deeper than 64/) })
    expect(parseFrame(`[4,"e1","GenericError","",${deep(70)}]`)).toMatchObject({ kind: 'INVALID', answer: false, answerTo: 'e1' })
    expect(parseFrame(deep(65))).toEqual({ kind: 'INVALID', answer: false, messageId: '-1', errorCode: 'FormationViolation', errorDescription: expect.stringMatching(/^The frame is nested deeper than 64 levels/) })
    expect(parseFrame(`[7,"x",${deep(70)}]`)).toEqual({ kind: 'INVALID', answer: false, messageId: 'x', errorCode: 'FormationViolation', errorDescription: expect.stringMatching(/^The frame is nested/) })
    // 64 levels in all (the frame array is one) are parsed as usual.
    expect(parseFrame(`[3,"ok",${deep(63)}]`)).toMatchObject({ kind: 'CALLRESULT', messageId: 'ok' })
  })
  it('a CALLERROR always carries an errorDetails object', () => {
    expect(JSON.parse(serializeCallError('i', 'GenericError', ''))).toEqual([4, 'i', 'GenericError', '', {}])
  })
})

describe('a large frame’s nesting checked in slices (issue 18 §3)', () => {
  const periods = JSON.stringify(Array.from({ length: 29_000 }, (_, i) => ({ startPeriod: i * 3, limit: 6 + (i % 26) })))
  const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`

  it('a 29,000-period answer is scanned in turns of the loop, and found as deep as the whole scan finds it', async () => {
    const scheduler = countingScheduler()
    expect(await frameTooDeepInSlices(`[3,"r1",{"chargingSchedulePeriod":${periods}}]`, new TimeSlices(scheduler, 1))).toBe(false)
    expect(scheduler.yields).toBeGreaterThan(5)
  })

  it('a frame nested too deeply far into its text is found so, and parseFrame told so refuses it without scanning again', async () => {
    const text = `[3,"r2",{"a":${periods},"b":${nested(100_000)}}]`
    const tooDeep = await frameTooDeepInSlices(text, new TimeSlices(countingScheduler(), 1))
    expect(tooDeep).toBe(true)
    expect(parseFrame(text, { tooDeep })).toMatchObject({ kind: 'INVALID', answerTo: 'r2', errorDescription: expect.stringMatching(/nested deeper than 64/) })
    expect(parseFrame('[3,"r3",{}]', { tooDeep: false })).toEqual({ kind: 'CALLRESULT', messageId: 'r3', payload: {} })
  })
})

describe('framing limits and messages', () => {
  it('a message id of 36 characters is used; one of 37 is refused (a CALL answered by its first 36 characters, an answer only logged)', () => {
    const id36 = 'a'.repeat(36)
    expect(parseFrame(`[2,"${id36}","Heartbeat",{}]`)).toEqual({ kind: 'CALL', messageId: id36, action: 'Heartbeat', payload: {} })
    expect(parseFrame(`[2,"${id36}b","Heartbeat",{}]`)).toEqual({ kind: 'INVALID', messageId: id36, answer: true, errorCode: 'FormationViolation', errorDescription: 'MessageId is longer than 36 characters' })
    expect(parseFrame(`[3,"${id36}b",{}]`)).toMatchObject({ kind: 'INVALID', messageId: id36, answer: false })
  })

  it('a MessageTypeId that is not a number is answered by the frame’s id', () => {
    expect(parseFrame('["2","t1","Heartbeat",{}]')).toEqual({ kind: 'INVALID', messageId: 't1', answer: true, errorCode: 'FormationViolation', errorDescription: 'MessageTypeId must be a number (2, 3 or 4)' })
    expect(parseFrame('[null,"",{}]')).toMatchObject({ messageId: '-1', answer: true })
    expect(parseFrame(`["2","${'i'.repeat(40)}","Heartbeat",{}]`)).toMatchObject({ messageId: 'i'.repeat(36), answer: true })
  })

  it('every refusal says what the frame must be', () => {
    expect(parseFrame('{"a":1}')).toEqual({ kind: 'INVALID', messageId: '-1', answer: true, errorCode: 'FormationViolation', errorDescription: 'Frame is not a JSON array [MessageTypeId, MessageId, ...]' })
    expect(parseFrame('[2,"","Heartbeat",{}]')).toMatchObject({ errorDescription: 'MessageId must be a non-empty string' })
    expect(parseFrame('[9,"x"]')).toMatchObject({ errorCode: 'FormationViolation', errorDescription: 'Unknown MessageTypeId 9: expected 2 (CALL), 3 (CALLRESULT) or 4 (CALLERROR)' })
    expect(parseFrame('[2,"x","Heartbeat"]')).toMatchObject({ messageId: 'x', errorDescription: 'CALL Heartbeat has no payload (expected [2, id, action, {payload}])' })
    expect(parseFrame('[2,"x","Heartbeat",{},{}]')).toMatchObject({ errorDescription: 'CALL must have exactly 4 elements' })
    expect(parseFrame('[3,"x"]')).toMatchObject({ answerTo: 'x', errorCode: 'FormationViolation', errorDescription: 'CALLRESULT must have 3 elements: [3, id, {payload}]' })
    expect(parseFrame('[4,"x","E"]')).toMatchObject({ answerTo: 'x', errorCode: 'FormationViolation', errorDescription: 'CALLERROR must be [4, id, errorCode, errorDescription, {errorDetails}]' })
    expect(parseFrame('[2,"x",{')).toMatchObject({ errorDescription: 'Frame is not valid JSON', answer: true })
  })

  it('a CALL’s action must be a non-empty string, its payload a JSON object', () => {
    for (const action of ['""', '5', 'null', '{}']) {
      expect(parseFrame(`[2,"a1",${action},{}]`)).toEqual({ kind: 'INVALID', messageId: 'a1', answer: true, errorCode: 'FormationViolation', errorDescription: 'CALL Action must be a non-empty string' })
    }
    for (const payload of ['[]', 'null', '"x"', '5']) {
      expect(parseFrame(`[2,"p1","Heartbeat",${payload}]`)).toEqual({ kind: 'INVALID', messageId: 'p1', answer: true, errorCode: 'FormationViolation', errorDescription: 'CALL Heartbeat payload must be a JSON object' })
    }
  })

  it('a CALLERROR needs five elements with a string code and description; its details are passed on as sent', () => {
    expect(parseFrame('[4,"e","GenericError","d",{"k":1}]')).toEqual({ kind: 'CALLERROR', messageId: 'e', errorCode: 'GenericError', errorDescription: 'd', errorDetails: { k: 1 } })
    expect(parseFrame('[4,"e",5,"d",{}]')).toMatchObject({ kind: 'INVALID', answerTo: 'e' })
    expect(parseFrame('[4,"e","GenericError",5,{}]')).toMatchObject({ kind: 'INVALID', answerTo: 'e' })
    expect(parseFrame('[4,"e","GenericError","d",{},{}]')).toMatchObject({ kind: 'INVALID', answerTo: 'e' })
  })

  it('the id of broken JSON is salvaged only from a frame that starts like one, spaces allowed, at most 36 characters', () => {
    expect(parseFrame(' [ 2 , "s1" , "Heartbeat", {')).toMatchObject({ messageId: 's1' })
    expect(parseFrame(`[2,"${'b'.repeat(37)}","Heartbeat",{`)).toMatchObject({ messageId: '-1' })
    expect(parseFrame('x[2,"s2","Heartbeat",{')).toMatchObject({ messageId: '-1' })
    expect(parseFrame('[2,"s\\"3","Heartbeat",{')).toMatchObject({ messageId: '-1' })
  })

  it('a nested frame whose start cannot be read is only logged, a nested answer whose id cannot be read too', () => {
    const deep = `${'['.repeat(70)}${']'.repeat(70)}`
    expect(parseFrame(`[2,5,${deep}]`)).toMatchObject({ kind: 'INVALID', messageId: '-1', answer: false })
    expect(parseFrame(`[3,"",${deep}]`)).toMatchObject({ kind: 'INVALID', messageId: '-1', answer: false })
    expect(parseFrame(`[3,"",${deep}]`)).not.toHaveProperty('answerTo')
  })

  it('the CSMS writes CALLs, CALLRESULTs and CALLERRORs as OCPP-J arrays', () => {
    expect(JSON.parse(serializeCall('c', 'Reset', { type: 'Soft' }))).toEqual([2, 'c', 'Reset', { type: 'Soft' }])
    expect(JSON.parse(serializeCallResult('r', { status: 'Accepted' }))).toEqual([3, 'r', { status: 'Accepted' }])
    expect(JSON.parse(serializeCallError('e', 'NotSupported', 'no', { a: 1 }))).toEqual([4, 'e', 'NotSupported', 'no', { a: 1 }])
  })

  it('a short frame is scanned too', async () => {
    const scheduler = countingScheduler()
    expect(await frameTooDeepInSlices('[3,"r",{}]', new TimeSlices(scheduler, 1))).toBe(false)
    expect(await frameTooDeepInSlices('', new TimeSlices(scheduler, 1))).toBe(false)
    expect(await frameTooDeepInSlices(`[3,"r",${'['.repeat(70)}${']'.repeat(70)}]`, new TimeSlices(scheduler, 1))).toBe(true)
  })
})
