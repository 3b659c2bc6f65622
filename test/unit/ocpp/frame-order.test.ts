import { describe, expect, it } from 'vitest'
import { FrameOrder } from '../../../src/main/ocpp/frame-order'

function gate(): { promise: Promise<void>; open(): void } {
  let open!: () => void
  const promise = new Promise<void>((resolve) => (open = resolve))
  return { promise, open }
}

describe('one station’s frames in arrival order', () => {
  it('handles a frame at once, synchronously, when nothing of the station is in progress', () => {
    const order = new FrameOrder(() => undefined)
    const seen: string[] = []
    order.run(() => void seen.push('a'))
    order.run(() => void seen.push('b'))
    expect(seen).toEqual(['a', 'b'])
    expect(order.busy).toBe(false)
  })

  it('a frame handled in slices makes the later ones wait, and they then run in order', async () => {
    const order = new FrameOrder(() => undefined)
    const seen: string[] = []
    const first = gate()
    order.run(async () => {
      seen.push('large: start')
      await first.promise
      seen.push('large: done')
    })
    order.run(() => void seen.push('small 1'))
    order.run(async () => {
      await Promise.resolve()
      seen.push('small 2')
    })
    order.run(() => void seen.push('small 3'))
    await new Promise((resolve) => setImmediate(resolve))
    expect(seen).toEqual(['large: start'])
    expect(order.busy).toBe(true)
    first.open()
    await new Promise((resolve) => setImmediate(resolve))
    expect(seen).toEqual(['large: start', 'large: done', 'small 1', 'small 2', 'small 3'])
    expect(order.busy).toBe(false)
  })

  it('what a sliced handler throws is reported, and the station’s later frames are handled anyway', async () => {
    const reported: unknown[] = []
    const order = new FrameOrder((error) => reported.push(error))
    const seen: string[] = []
    order.run(async () => {
      await Promise.resolve()
      throw new Error('broken')
    })
    order.run(() => void seen.push('next'))
    await new Promise((resolve) => setImmediate(resolve))
    expect((reported[0] as Error).message).toBe('broken')
    expect(seen).toEqual(['next'])
  })

  it('a frame that arrives while the second of two sliced frames runs still waits for it', async () => {
    const order = new FrameOrder(() => undefined)
    const seen: string[] = []
    const first = gate()
    const second = gate()
    order.run(async () => {
      await first.promise
      seen.push('first')
    })
    order.run(async () => {
      await second.promise
      seen.push('second')
    })
    first.open()
    await new Promise((resolve) => setImmediate(resolve))
    expect(seen).toEqual(['first'])
    expect(order.busy).toBe(true)
    order.run(() => void seen.push('third'))
    expect(seen).toEqual(['first'])
    second.open()
    await new Promise((resolve) => setImmediate(resolve))
    expect(seen).toEqual(['first', 'second', 'third'])
    expect(order.busy).toBe(false)
  })

  it('a handler that returns nothing leaves the station free at once', () => {
    const order = new FrameOrder(() => undefined)
    order.run(() => undefined)
    expect(order.busy).toBe(false)
    order.run(() => Promise.resolve())
    expect(order.busy).toBe(true)
  })
})

