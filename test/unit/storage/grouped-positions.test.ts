import { describe, expect, it } from 'vitest'
import { GroupedPositions } from '../../../src/main/storage/grouped-positions'

describe('positions grouped by transaction (typed arrays)', () => {
  it('returns each group in arrival order across chunk boundaries, interleaved with other groups', () => {
    const index = new GroupedPositions()
    const total = 150_000 // more than two chunks of 65,536
    for (let i = 0; i < total; i += 1) index.add(i % 3 === 0 ? -1 : 1 + (i % 7), { segment: 1 + Math.floor(i / 1000), offset: i * 100, length: 99 + (i % 5) })
    expect(index.count).toBe(total)
    const minusOne = index.get(-1)
    expect(minusOne).toHaveLength(50_000)
    expect(minusOne[0]).toEqual({ segment: 1, offset: 0, length: 99 })
    expect(minusOne.at(-1)).toEqual({ segment: 150, offset: 149_997 * 100, length: 99 + (149_997 % 5) })
    const offsets = index.get(3).map((p) => p.offset / 100)
    expect(offsets.every((n, k) => n % 7 === 2 && n % 3 !== 0 && (k === 0 || n > offsets[k - 1]!))).toBe(true)
    expect(index.countOf(3)).toBe(offsets.length)
    expect(index.get(42)).toEqual([])
    expect(index.memoryBytes).toBe(3 * 65_536 * 16)
  })

  it('holds nothing until the first record, then one chunk; a key never added has no positions', () => {
    const index = new GroupedPositions()
    expect([index.count, index.memoryBytes, index.countOf(1), index.get(1)]).toEqual([0, 0, 0, []])
    index.add(7, { segment: 2, offset: 3, length: 4 })
    index.add(8, { segment: 5, offset: 6, length: 7 })
    index.add(7, { segment: 9, offset: 10, length: 11 })
    expect(index.get(7)).toEqual([{ segment: 2, offset: 3, length: 4 }, { segment: 9, offset: 10, length: 11 }])
    expect(index.get(8)).toEqual([{ segment: 5, offset: 6, length: 7 }])
    expect([index.countOf(7), index.countOf(8), index.countOf(1), index.count, index.memoryBytes]).toEqual([2, 1, 0, 3, 65_536 * 16])
  })
})
