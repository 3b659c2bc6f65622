/**
 * Record positions grouped by a numeric key (meter values by transaction id), 16 bytes per record in
 * typed arrays outside the JS heap: ten million records take 160 MB and cost the garbage collector
 * nothing, where one object per position took ~80 bytes of heap each and made every GC slower as
 * the store grew. A group's records form a linked list in arrival order.
 */
import type { RecordPosition } from './journal-reader'

const CHUNK_BITS = 16
const CHUNK_SIZE = 1 << CHUNK_BITS
const FIELDS = 4 // segment, offset, length, next (index + 1 of the group's next record; 0 = none)

interface Group {
  first: number
  last: number
  count: number
}

export class GroupedPositions {
  private readonly chunks: Uint32Array[] = []
  private readonly groups = new Map<number, Group>()
  private size = 0

  get count(): number {
    return this.size
  }

  /** Bytes held by the typed arrays. */
  get memoryBytes(): number {
    return this.chunks.length * CHUNK_SIZE * FIELDS * 4
  }

  add(key: number, position: RecordPosition): void {
    const index = this.size
    const chunk = index >>> CHUNK_BITS
    if (chunk === this.chunks.length) this.chunks.push(new Uint32Array(CHUNK_SIZE * FIELDS))
    const base = (index & (CHUNK_SIZE - 1)) * FIELDS
    const fields = this.chunks[chunk]!
    fields[base] = position.segment
    fields[base + 1] = position.offset
    fields[base + 2] = position.length
    fields[base + 3] = 0
    this.size += 1
    const group = this.groups.get(key)
    if (!group) {
      this.groups.set(key, { first: index, last: index, count: 1 })
      return
    }
    const lastBase = (group.last & (CHUNK_SIZE - 1)) * FIELDS
    this.chunks[group.last >>> CHUNK_BITS]![lastBase + 3] = index + 1
    group.last = index
    group.count += 1
  }

  /** The positions of one group, in the order they were added. */
  get(key: number): RecordPosition[] {
    const group = this.groups.get(key)
    if (!group) return []
    const positions: RecordPosition[] = new Array<RecordPosition>(group.count)
    let index = group.first
    for (let i = 0; i < group.count; i += 1) {
      const fields = this.chunks[index >>> CHUNK_BITS]!
      const base = (index & (CHUNK_SIZE - 1)) * FIELDS
      positions[i] = { segment: fields[base]!, offset: fields[base + 1]!, length: fields[base + 2]! }
      index = fields[base + 3]! - 1
    }
    return positions
  }

  countOf(key: number): number {
    return this.groups.get(key)?.count ?? 0
  }
}
