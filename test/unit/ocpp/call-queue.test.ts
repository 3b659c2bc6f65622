import { describe, expect, it, vi } from 'vitest'
import { CallQueue } from '../../../src/main/ocpp/call-queue'

describe('CallQueue', () => {
  it('sends one CALL at a time, in order', async () => {
    const sent: string[] = []
    const queue = new CallQueue({ send: (id, action) => sent.push(`${action}:${id}`) })
    const a = queue.enqueue('A', {}, 1000)
    const b = queue.enqueue('B', {}, 1000)
    expect(sent.length).toBe(1)
    const idA = sent[0]!.split(':')[1]!
    expect(queue.actionOf(idA)).toBe('A')
    queue.settle(idA, { kind: 'result', messageId: idA, payload: 1, violations: [] })
    expect(sent.length).toBe(2)
    const idB = sent[1]!.split(':')[1]!
    queue.settle(idB, { kind: 'result', messageId: idB, payload: 2, violations: [] })
    expect(await a).toMatchObject({ kind: 'result', payload: 1 })
    expect(await b).toMatchObject({ kind: 'result', payload: 2 })
  })

  it('times out and moves on', async () => {
    vi.useFakeTimers()
    try {
      const sent: string[] = []
      const queue = new CallQueue({ send: (_id, action) => sent.push(action) })
      const a = queue.enqueue('A', {}, 50)
      queue.enqueue('B', {}, 50)
      vi.advanceTimersByTime(60)
      expect(await a).toMatchObject({ kind: 'timeout', timeoutMs: 50 })
      expect(sent).toEqual(['A', 'B'])
    } finally {
      vi.useRealTimers()
    }
  })

  it('ignores an answer with an unknown id', () => {
    const queue = new CallQueue({ send: () => undefined })
    void queue.enqueue('A', {}, 1000)
    expect(queue.settle('nope', { kind: 'result', messageId: 'nope', payload: {}, violations: [] })).toBe(false)
    expect(queue.size).toBe(1)
  })

  it('close fails the CALL in flight and the queued ones, and later ones at once', async () => {
    const queue = new CallQueue({ send: () => undefined })
    const a = queue.enqueue('A', {}, 1000)
    const b = queue.enqueue('B', {}, 1000)
    queue.close('gone')
    expect(await a).toMatchObject({ kind: 'closed', reason: 'gone' })
    expect(await b).toMatchObject({ kind: 'closed', reason: 'gone' })
    expect(await queue.enqueue('C', {}, 1000)).toMatchObject({ kind: 'closed' })
  })

  it('a send that throws fails that CALL and continues with the next', async () => {
    let calls = 0
    const queue = new CallQueue({
      send: () => {
        calls += 1
        if (calls === 1) throw new Error('socket is not open')
      },
    })
    const a = queue.enqueue('A', {}, 1000)
    void queue.enqueue('B', {}, 1000)
    expect(await a).toMatchObject({ kind: 'closed', reason: expect.stringMatching(/socket is not open/) })
    expect(calls).toBe(2)
  })
})
