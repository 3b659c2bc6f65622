/**
 * The line quarantine's own rules (journal-quarantine.ts): each journal has its own limit of lines
 * copied in a run, a line already set aside in an earlier run neither is written again nor counts
 * against the limit, and the note says where the line was (segment file and byte) and, only when
 * known, which station it names.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { QuarantineNote } from '@shared/contract/charging-dto'
import { lineQuarantine, quarantineFileName, type AsideLine } from '../../../src/main/storage/journal-quarantine'
import { recordingLogger, tempDirs } from './helpers'

const dirs = tempDirs()
afterEach(() => dirs.cleanup())

const line = (journal: string, offset: number, text: string, stationId?: string): AsideLine => ({
  journal,
  position: { segment: 3, offset, length: text.length },
  line: Buffer.from(text),
  reason: `bad at ${offset}`,
  ...(stationId !== undefined ? { stationId } : {}),
})

async function setUp(limit: number) {
  const dir = join(await dirs.make(), 'quarantine')
  const notes: QuarantineNote[] = []
  const logger = recordingLogger()
  return { dir, notes, logger, quarantine: lineQuarantine(dir, (note) => void notes.push(note), logger, limit) }
}

describe('line quarantine', () => {
  it('counts the limit per journal: one journal at its limit does not stop another', async () => {
    const { dir, notes, quarantine } = await setUp(1)
    expect(quarantine(line('tasks', 0, 'a'))).toMatch(/^moved to quarantine\//)
    expect(quarantine(line('tasks', 10, 'b'))).toMatch(/left in the journal only \(more than 1 of its lines/)
    expect(quarantine(line('status', 0, 'c'))).toMatch(/^moved to quarantine\//)
    expect(notes.map((n) => n.collection)).toEqual(['tasks', 'status'])
    expect(await readdir(dir)).toHaveLength(2)
  })

  it('a line set aside in an earlier run is not written again and does not count against the limit', async () => {
    const first = await setUp(5)
    const old = line('tasks', 0, 'old')
    first.quarantine(old)
    const again = lineQuarantine(first.dir, (note) => void first.notes.push(note), first.logger, 1)
    expect(again(old)).toBe(`already in quarantine/${quarantineFileName(old)}`)
    expect(again(line('tasks', 10, 'new'))).toMatch(/^moved to quarantine\//)
    expect(first.notes).toHaveLength(2)
    expect(await readFile(join(first.dir, quarantineFileName(old)), 'utf8')).toBe('old\n')
  })

  it('notes the segment file and byte of the line, its reason and the file it went to; the station only when known', async () => {
    const { notes, quarantine } = await setUp(5)
    quarantine(line('tasks', 42, 'x', 'CP-7'))
    quarantine(line('tasks', 50, 'y'))
    expect(notes[0]).toEqual({ collection: 'tasks', stationId: 'CP-7', key: 'tasks-000003.jsonl@42', reason: 'bad at 42', at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), file: `quarantine/${quarantineFileName(line('tasks', 42, 'x'))}` })
    expect(notes[1]).not.toHaveProperty('stationId')
    expect(Date.now() - Date.parse(notes[0]!.at)).toBeLessThan(60_000)
  })

  it('names the file after the journal, segment, byte and a hash of the bytes: two different lines at one place get two files', () => {
    expect(quarantineFileName(line('tasks', 42, 'x'))).toMatch(/^tasks-000003-at-42-[0-9a-f]{16}\.jsonl$/)
    expect(quarantineFileName(line('tasks', 42, 'x'))).not.toBe(quarantineFileName(line('tasks', 42, 'z')))
  })
  it('a file where the quarantine folder should be is an error in the log, not a line "already" set aside', async () => {
    const { dir, notes, logger, quarantine } = await setUp(5)
    await writeFile(dir, 'in the way')
    expect(quarantine(line('tasks', 42, 'x'))).toBe('left in the journal (the quarantine folder could not be written)')
    expect(logger.errors).toEqual([expect.stringMatching(/^tasks journal: the record at byte 42 of tasks-000003\.jsonl could not be copied to the quarantine folder/)])
    expect(notes).toEqual([])
  })
  it('a line file that cannot be created for another reason than being there already is an error in the log', async () => {
    const { notes, logger, quarantine } = await setUp(5)
    const long = 'j'.repeat(300) // a file name longer than the file system allows: ENAMETOOLONG, not EEXIST
    expect(quarantine(line(long, 42, 'x'))).toBe('left in the journal (the quarantine folder could not be written)')
    expect(logger.errors).toEqual([expect.stringMatching(/could not be copied to the quarantine folder/)])
    expect(notes).toEqual([])
  })
})
