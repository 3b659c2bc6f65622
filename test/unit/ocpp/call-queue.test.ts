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

describe('CallQueue bookkeeping', () => {
  it('counts the CALL in flight and the queued ones; knows the action only of the one in flight', async () => {
    const sent: string[] = []
    const queue = new CallQueue({ send: (id) => void sent.push(id) })
    expect(queue.size).toBe(0)
    void queue.enqueue('A', {}, 1000)
    void queue.enqueue('B', {}, 1000)
    expect(queue.size).toBe(2)
    expect(queue.actionOf(sent[0]!)).toBe('A')
    expect(queue.actionOf('other')).toBeUndefined()
    expect(queue.settle(sent[0]!, { kind: 'result', messageId: sent[0]!, payload: {}, violations: [] })).toBe(true)
    expect(queue.size).toBe(1)
    expect(queue.actionOf(sent[0]!)).toBeUndefined()
    expect(queue.actionOf(sent[1]!)).toBe('B')
  })

  it('tells the caller when its CALL went on the wire, with its id; a CALL that could not be sent is not told', () => {
    const told: string[] = []
    const ids: string[] = []
    const queue = new CallQueue({ send: (id, action) => {
      if (action === 'X') throw new Error('gone')
      ids.push(id)
    } })
    void queue.enqueue('X', {}, 1000, { onSent: (id) => void told.push(id) })
    void queue.enqueue('A', { a: 1 }, 1000, { onSent: (id) => void told.push(id) })
    expect(told).toEqual(ids)
    expect(ids).toHaveLength(1)
  })

  it('each CALL gets a fresh UUID as its message id', () => {
    const ids: string[] = []
    const queue = new CallQueue({ send: (id) => void ids.push(id) })
    void queue.enqueue('A', {}, 1000)
    queue.settle(ids[0]!, { kind: 'result', messageId: ids[0]!, payload: {}, violations: [] })
    void queue.enqueue('B', {}, 1000)
    expect(ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    expect(ids[1]).not.toBe(ids[0])
  })

  it('an answer after the timeout settles nothing; the payload and action go to send as given', async () => {
    vi.useFakeTimers()
    try {
      const sent: unknown[][] = []
      const queue = new CallQueue({ send: (id, action, payload) => void sent.push([id, action, payload]) })
      const a = queue.enqueue('A', { k: 1 }, 50)
      expect(sent[0]!.slice(1)).toEqual(['A', { k: 1 }])
      vi.advanceTimersByTime(50)
      expect(await a).toEqual({ kind: 'timeout', messageId: sent[0]![0], timeoutMs: 50 })
      expect(queue.settle(sent[0]![0] as string, { kind: 'result', messageId: '', payload: {}, violations: [] })).toBe(false)
      expect(queue.size).toBe(0)
    } finally {
      vi.useRealTimers()
    }
  })

  it('after close nothing more is sent, and a CALL in flight when closing fails with its id', async () => {
    vi.useFakeTimers()
    try {
      const sent: string[] = []
      const queue = new CallQueue({ send: (id) => void sent.push(id) })
      const a = queue.enqueue('A', {}, 50)
      void queue.enqueue('B', {}, 50)
      queue.close('bye')
      expect(await a).toEqual({ kind: 'closed', messageId: sent[0], reason: 'bye' })
      vi.advanceTimersByTime(1000)
      expect(sent).toHaveLength(1)
      expect(queue.size).toBe(0)
      expect(await queue.enqueue('C', {}, 50)).toEqual({ kind: 'closed', reason: 'bye' })
    } finally {
      vi.useRealTimers()
    }
  })
})
