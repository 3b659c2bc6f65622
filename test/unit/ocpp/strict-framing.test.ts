/**
 * Framing is strict (OCPP-J 1.6 §4): a CALL has exactly four elements, anything else is a
 * FormationViolation answered by its id; an answer (type 3 or 4) whose id is empty or not a string
 * is logged and never answered, since answering an answer starts an error ping-pong with a strict
 * peer. Tested through parseFrame's public result.
 */
import { describe, expect, it } from 'vitest'
import { parseFrame } from '../../../src/main/ocpp/frames'

describe('strict framing', () => {
  it('a CALL with five elements is a FormationViolation, answered by its id', () => {
    for (const extra of ['{}', '"x"', 'null', '[]']) {
      expect(parseFrame(`[2,"five-1","Heartbeat",{},${extra}]`), `a CALL with a fifth element ${extra} was accepted`).toMatchObject({ kind: 'INVALID', messageId: 'five-1', errorCode: 'FormationViolation', answer: true })
    }
  })

  it('a CALLRESULT or CALLERROR whose id is empty or not a string is never answered', () => {
    const answers = [
      '[3,"",{}]',
      '[3,5,{}]',
      '[3,null,{}]',
      '[3,{"id":"x"},{}]',
      '[3,["x"],{}]',
      '[4,"","GenericError","x",{}]',
      '[4,7,"GenericError","x",{}]',
      '[4,false,"GenericError","x",{}]',
    ]
    for (const text of answers) {
      expect(parseFrame(text), `${text} would be answered`).toMatchObject({ kind: 'INVALID', answer: false })
    }
  })

  it('a CALL whose id is empty or not a string is still answered (with -1): a CALL expects an answer', () => {
    expect(parseFrame('[2,"","Heartbeat",{}]')).toMatchObject({ kind: 'INVALID', messageId: '-1', errorCode: 'FormationViolation', answer: true })
    expect(parseFrame('[2,5,"Heartbeat",{}]')).toMatchObject({ kind: 'INVALID', messageId: '-1', answer: true })
  })
})
