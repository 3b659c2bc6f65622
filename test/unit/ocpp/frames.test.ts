import { describe, expect, it } from 'vitest'
import { parseFrame, serializeCallError } from '../../../src/main/ocpp/frames'

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
    expect(parseFrame(deep(65))).toMatchObject({ kind: 'INVALID', answer: false, messageId: '-1' })
    expect(parseFrame(`[7,"x",${deep(70)}]`)).toMatchObject({ kind: 'INVALID', answer: false })
    // 64 levels in all (the frame array is one) are parsed as usual.
    expect(parseFrame(`[3,"ok",${deep(63)}]`)).toMatchObject({ kind: 'CALLRESULT', messageId: 'ok' })
  })
  it('a CALLERROR always carries an errorDetails object', () => {
    expect(JSON.parse(serializeCallError('i', 'GenericError', ''))).toEqual([4, 'i', 'GenericError', '', {}])
  })
})
