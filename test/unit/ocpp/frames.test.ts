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
  it('a CALLERROR always carries an errorDetails object', () => {
    expect(JSON.parse(serializeCallError('i', 'GenericError', ''))).toEqual([4, 'i', 'GenericError', '', {}])
  })
})
