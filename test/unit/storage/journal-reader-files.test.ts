/**
 * Reading journal segments and finding them (journal-reader.ts, journal-files.ts): lines of any
 * length, torn tails longer than one read, positions that do not point at a record, and segment
 * names that must not be confused with other files.
 */
import { readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { listSegments, repairTornTail, segmentFileName, segmentPath } from '../../../src/main/storage/journal-files'
import { readLinesFromFile, scanSegmentFile, type RecordPosition } from '../../../src/main/storage/journal-reader'
import { recordingLogger, tempDirs } from './helpers'

const dirs = tempDirs()
afterEach(() => dirs.cleanup())

const text = (line: Buffer) => line.toString('utf8')

async function scan(path: string, fromOffset = 0, onCorrupt?: Parameters<typeof scanSegmentFile>[6]) {
  const logger = recordingLogger()
  const seen: { value: string; position: RecordPosition }[] = []
  const decode = (line: Buffer) => {
    const value = text(line)
    if (value.startsWith('bad')) throw new Error(`refused ${value}`)
    return value
  }
  const result = await scanSegmentFile(path, 7, fromOffset, decode, (value, position) => void seen.push({ value, position }), logger, onCorrupt)
  return { result, seen, logger }
}

describe('scanning a segment', () => {
  it('visits each complete line with its position, skips empty lines, and stops before an incomplete tail', async () => {
    const path = join(await dirs.make(), 'seg.jsonl')
    await writeFile(path, 'a\n\nbb\nccc')
    const { result, seen } = await scan(path)
    expect(seen).toEqual([
      { value: 'a', position: { segment: 7, offset: 0, length: 1 } },
      { value: 'bb', position: { segment: 7, offset: 3, length: 2 } },
    ])
    expect(result).toEqual({ records: 2, skipped: 0, endOffset: 6 })
  })

  it('a line longer than one read (4 MiB) is read whole', async () => {
    const path = join(await dirs.make(), 'seg.jsonl')
    const long = 'x'.repeat(5 * 1024 * 1024)
    await writeFile(path, `a\n${long}\nb\n`)
    const { result, seen } = await scan(path)
    expect(seen.map((s) => s.value.length)).toEqual([1, long.length, 1])
    expect(seen[2]!.position.offset).toBe(long.length + 3)
    expect(result.endOffset).toBe(long.length + 5)
  })

  it('warns for the first five refused lines, then once with the total; each refused line is handed over with its position', async () => {
    const path = join(await dirs.make(), 'seg.jsonl')
    await writeFile(path, `ok\n${Array.from({ length: 7 }, (_, i) => `bad${i}\n`).join('')}`)
    const handed: [string, RecordPosition, string][] = []
    // The first refused line is said to have gone somewhere; the others not.
    const { result, logger } = await scan(path, 0, (line, position, error) => (handed.push([text(line), position, (error as Error).message]) === 1 ? 'moved to q/1' : undefined))
    expect(result).toEqual({ records: 1, skipped: 7, endOffset: 3 + 7 * 5 })
    expect(handed[0]).toEqual(['bad0', { segment: 7, offset: 3, length: 4 }, 'refused bad0'])
    expect(handed).toHaveLength(7)
    expect(logger.warnings).toHaveLength(6)
    expect(logger.warnings[0]).toBe(`${path}: skipped a corrupt record at byte 3 (refused bad0); moved to q/1`)
    expect(logger.warnings[1]).toBe(`${path}: skipped a corrupt record at byte 8 (refused bad1)`)
    expect(logger.warnings[5]).toBe(`${path}: skipped 7 corrupt records in all`)
  })

  it('five refused lines are warned about one by one, without a total', async () => {
    const path = join(await dirs.make(), 'seg.jsonl')
    await writeFile(path, Array.from({ length: 5 }, (_, i) => `bad${i}\n`).join(''))
    const { logger } = await scan(path)
    expect(logger.warnings).toHaveLength(5)
  })

  it('a missing segment scans as empty from where it was asked to start', async () => {
    const { result, seen } = await scan(join(await dirs.make(), 'none.jsonl'), 40)
    expect(result).toEqual({ records: 0, skipped: 0, endOffset: 40 })
    expect(seen).toEqual([])
  })
})

describe('reading lines at positions', () => {
  it('reads lines near and far apart, in any order; a position that is not a record or is past the end gives nothing', async () => {
    const path = join(await dirs.make(), 'seg.jsonl')
    const far = 'f'.repeat(200 * 1024)
    await writeFile(path, `one\ntwo\n${far}\nlast\n`)
    const at = (offset: number, length: number): RecordPosition => ({ segment: 1, offset, length })
    const positions = [at(8 + far.length + 1, 4), at(0, 3), at(4, 3), at(0, 2), at(1_000_000, 3), at(8, far.length)]
    const into: (string | undefined)[] = new Array(positions.length).fill(undefined)
    await readLinesFromFile(path, positions, [0, 1, 2, 3, 4, 5], into)
    expect(into.map((line) => line?.slice(0, 10))).toEqual(['last', 'one', 'two', undefined, undefined, far.slice(0, 10)])
    expect(into[5]).toHaveLength(far.length)
    const missing: (string | undefined)[] = [undefined]
    await readLinesFromFile(join(await dirs.make(), 'none.jsonl'), [at(0, 3)], [0], missing)
    expect(missing).toEqual([undefined])
  })

  it('reads only the wanted indexes', async () => {
    const path = join(await dirs.make(), 'seg.jsonl')
    await writeFile(path, 'one\ntwo\n')
    const into: (string | undefined)[] = ['keep', undefined]
    await readLinesFromFile(path, [{ segment: 1, offset: 0, length: 3 }, { segment: 1, offset: 4, length: 3 }], [1], into)
    expect(into).toEqual(['keep', 'two'])
  })
})

describe('segment files', () => {
  it('are named with six digits, and found oldest first in numeric order, ignoring other files and journals', async () => {
    const dir = await dirs.make()
    expect(segmentFileName('a.b', 12)).toBe('a.b-000012.jsonl')
    expect(segmentPath(dir, 'a.b', 1)).toBe(join(dir, 'a.b-000001.jsonl'))
    for (const name of ['a.b-000010.jsonl', 'a.b-000009.jsonl', 'a.b-1234567.jsonl', 'aXb-000001.jsonl', 'a.b-000002.jsonl.tmp', 'x-a.b-000003.jsonl', 'a.b-.jsonl', 'a.b-00000x.jsonl']) await writeFile(join(dir, name), '')
    expect(await listSegments(dir, 'a.b')).toEqual([9, 10, 1234567])
    // Many segments, whatever order the directory lists them in (created out of order; past six digits
    // their names no longer sort as text): sorted as numbers.
    const many = await dirs.make()
    const numbers = [...Array.from({ length: 40 }, (_, i) => (i * 7919) % 1009 + (i % 3) * 100000), 2_000_000, 999_999, 1_000_000]
    for (const n of numbers) await writeFile(join(many, segmentFileName('j', n)), '')
    expect(await listSegments(many, 'j')).toEqual([...numbers].sort((a, b) => a - b))
  })

  it('a torn tail longer than one read is cut back to the last complete line; a file of one torn line is emptied', async () => {
    const dir = await dirs.make()
    const path = join(dir, 'seg.jsonl')
    const torn = 't'.repeat(200 * 1024)
    await writeFile(path, `one\ntwo\n${torn}`)
    const logger = recordingLogger()
    expect(await repairTornTail(path, logger)).toBe(8)
    expect(await readFile(path, 'utf8')).toBe('one\ntwo\n')
    expect(logger.warnings).toEqual([`${path}: removed ${torn.length} bytes of an incomplete last record (a write interrupted by a crash); the complete records before it are kept`])
    await writeFile(path, torn)
    expect(await repairTornTail(path, logger)).toBe(0)
    expect((await stat(path)).size).toBe(0)
  })

  it('a file that ends in a newline, or is empty, is left as it is without a word', async () => {
    const dir = await dirs.make()
    const path = join(dir, 'seg.jsonl')
    const logger = recordingLogger()
    const long = `${'x'.repeat(100 * 1024)}\n`
    await writeFile(path, long)
    expect(await repairTornTail(path, logger)).toBe(long.length)
    await writeFile(path, '')
    expect(await repairTornTail(path, logger)).toBe(0)
    expect(logger.warnings).toEqual([])
  })
})
