/**
 * Records moved aside (quarantine.ts) and journal lines set aside (journal-quarantine.ts): file
 * names, what a note keeps, which notes go first when there are too many, and what happens when the
 * folder cannot be written.
 */
import { readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { QuarantineNote } from '@shared/contract/charging-dto'
import { lineQuarantine, MAX_ASIDE_LINES_PER_RUN, quarantineFileName } from '../../../src/main/storage/journal-quarantine'
import { appendNotes, loadNotes, MAX_QUARANTINE_NOTES, publicNote, setAside, type StoredQuarantineNote } from '../../../src/main/storage/quarantine'
import { QuarantineRepository } from '../../../src/main/storage/quarantine-repository'
import { StateStore } from '../../../src/main/storage/state-store'
import { recordingLogger, tempDirs } from './helpers'

const dirs = tempDirs()
afterEach(() => dirs.cleanup())

const NOW = new Date('2026-01-02T03:04:05.678Z')
const note = (key: string, file?: string): StoredQuarantineNote => ({ collection: 'c', key, reason: 'r', at: NOW.toISOString(), ...(file ? { file } : {}) })
const deep = (depth: number) => {
  let value: unknown = 1
  for (let i = 0; i < depth; i += 1) value = [value]
  return value
}

describe('records moved aside from the state', () => {
  it('each record gets its own private file named after the time, section and key (unsafe characters replaced); the note points to it', async () => {
    const dir = join(await dirs.make(), 'quarantine')
    const logger = recordingLogger()
    const notes = setAside(dir, [{ collection: 'station/s', stationId: 'CP 1', key: '../../etc/passwd', reason: 'bad', record: { a: 1 } }], logger, NOW)
    expect(notes).toHaveLength(1)
    expect(notes[0]).toMatchObject({ collection: 'station/s', stationId: 'CP 1', key: '../../etc/passwd', reason: 'bad', at: NOW.toISOString() })
    expect(notes[0]!.record).toBeUndefined()
    expect(notes[0]!.file).toMatch(/^quarantine\/2026-01-02T03-04-05-678Z-station_s-_etc_passwd-[0-9a-f]{8}\.json$/)
    const [name] = await readdir(dir)
    expect(`quarantine/${name}`).toBe(notes[0]!.file)
    expect(JSON.parse(await readFile(join(dir, name!), 'utf8'))).toEqual({ ...publicNote(notes[0]!), file: undefined, record: { a: 1 } })
    expect((await stat(join(dir, name!))).mode & 0o777).toBe(0o600)
    expect((await stat(dir)).mode & 0o777).toBe(0o700)
    expect(logger.errors).toEqual([])
  })

  it('without a folder (a state in memory) the record stays in its note, and nothing is reported', () => {
    const logger = recordingLogger()
    const [kept] = setAside(undefined, [{ collection: 'c', key: 'k', reason: 'r', record: { a: 1 } }], logger, NOW)
    expect(kept).toEqual({ ...note('k'), record: { a: 1 } })
    expect(logger.errors).toEqual([])
  })

  it('a note without a station says none; a long key is cut in the file name', async () => {
    const dir = await dirs.make()
    const [aside] = setAside(dir, [{ collection: 'c', key: 'k'.repeat(100), reason: 'r', record: 1 }], recordingLogger(), NOW)
    expect('stationId' in aside!).toBe(false)
    expect(aside!.file).toContain(`-c-${'k'.repeat(60)}-`)
    expect(aside!.file).not.toContain('k'.repeat(61))
  })

  it('when the folder cannot be written, the record is kept in its note and the log says so', async () => {
    const base = await dirs.make()
    await writeFile(join(base, 'quarantine'), 'a file in the way')
    const logger = recordingLogger()
    const [kept] = setAside(join(base, 'quarantine'), [{ collection: 'c', key: 'k', reason: 'r', record: { a: 1 } }], logger, NOW)
    expect(kept).toEqual({ ...note('k'), record: { a: 1 } })
    expect(logger.errors.join()).toMatch(/"k" of "c" could not be written to the quarantine folder.*kept in the state instead/)
  })

  it('records that cannot be written as JSON share one copy of the source file; without a folder only the note is kept', async () => {
    const dir = await dirs.make()
    const source = join(dir, 'state.json')
    await writeFile(source, '{"the":"source"}')
    const logger = recordingLogger()
    const records = ['a', 'b'].map((key) => ({ collection: 'c', key, reason: 'r', record: deep(20_000) }))
    const notes = setAside(join(dir, 'quarantine'), records, logger, NOW, source)
    expect(notes[0]!.file).toMatch(/^quarantine\/2026-01-02T03-04-05-678Z-source-[0-9a-f]{8}\.json$/)
    expect(notes[1]!.file).toBe(notes[0]!.file)
    expect(notes[0]!.reason).toMatch(/^r \(.*: it is kept in a copy of the whole file it was read from\)$/)
    expect(await readdir(join(dir, 'quarantine'))).toHaveLength(1)
    expect((await stat(join(dir, 'quarantine'))).mode & 0o777).toBe(0o700)
    // Into a folder that already exists, too.
    const again = setAside(join(dir, 'quarantine'), records.slice(0, 1), logger, new Date(NOW.getTime() + 1), source)
    expect(again[0]!.file).toMatch(/-source-/)
    expect(again[0]!.file).not.toBe(notes[0]!.file)
    expect(await readFile(join(dir, notes[0]!.file!), 'utf8')).toBe('{"the":"source"}')
    expect((await stat(join(dir, notes[0]!.file!))).mode & 0o777).toBe(0o600)
    expect(logger.errors).toEqual([])
    const noFolder = setAside(undefined, records.slice(0, 1), logger, NOW, source)
    expect(noFolder[0]).toEqual({ ...note('a'), reason: expect.stringMatching(/only this note is kept\)$/) })
    expect(logger.errors.join()).toMatch(/"a" of "c" could not be kept/)
  })

  it('a source copy that cannot be written leaves only the note, and the log says so', async () => {
    const dir = await dirs.make()
    const logger = recordingLogger()
    const [aside] = setAside(join(dir, 'quarantine'), [{ collection: 'c', key: 'k', reason: 'r', record: deep(20_000) }], logger, NOW, join(dir, 'missing.json'))
    expect(aside!.file).toBeUndefined()
    expect(aside!.reason).toMatch(/only this note is kept/)
    expect(logger.errors.join('\n')).toMatch(/a copy of .*missing\.json could not be written/)
  })

  it('too many notes: the oldest whose record is in a file go first; a note holding its record goes only when none is in a file, and the log says so', () => {
    const logger = recordingLogger()
    const inState = note('in-state')
    const filed = Array.from({ length: MAX_QUARANTINE_NOTES - 1 }, (_, i) => note(`f${i}`, `quarantine/f${i}`))
    const notes = appendNotes([inState, ...filed], [note('new', 'quarantine/new')], logger)
    expect(notes).toHaveLength(MAX_QUARANTINE_NOTES)
    expect(notes[0]).toBe(inState)
    expect(notes.map((n) => n.key)).not.toContain('f0')
    expect(logger.errors).toEqual([])
    const onlyInState = Array.from({ length: MAX_QUARANTINE_NOTES }, (_, i) => note(`s${i}`))
    const trimmed = appendNotes(onlyInState, [note('s-new')], logger)
    expect(trimmed.map((n) => n.key)).toEqual([...onlyInState.slice(1).map((n) => n.key), 's-new'])
    expect(logger.errors.join()).toMatch(/oldest one kept in the state \("s0" of "c"\) is dropped/)
    expect(appendNotes([note('a')], [note('b')], logger).map((n) => n.key)).toEqual(['a', 'b'])
  })

  it('stored notes load newest last, at most the limit, without malformed or deeply nested ones', () => {
    const warn: string[] = []
    const many = Array.from({ length: MAX_QUARANTINE_NOTES + 2 }, (_, i) => note(`n${i}`))
    const loaded = loadNotes([...many, { collection: 'c', key: 'k', reason: 'r' }, [], null, { ...note('deep'), record: deep(200) }], (m) => void warn.push(m))
    expect(loaded.map((n) => n.key)).toEqual(many.slice(2).map((n) => n.key))
    expect(loadNotes([{ collection: 1, key: 'k', reason: 'r', at: 'x' }, { collection: 'c', key: 1, reason: 'r', at: 'x' }, { collection: 'c', key: 'k', reason: 1, at: 'x' }], () => undefined)).toEqual([])
    expect(loadNotes(undefined, (m) => void warn.push(m))).toEqual([])
    expect(warn).toEqual([])
  })

  it('shown notes never carry the record; the repository lists all notes or one station\'s', async () => {
    expect(publicNote({ ...note('k'), record: { secret: 1 } })).toEqual(note('k'))
    const store = await StateStore.open({ logger: recordingLogger() })
    store.addNotes([])
    await store.flushNow()
    expect(store.writes).toBe(0)
    store.addNotes([{ ...note('a'), stationId: 'CP1' }, note('b')])
    store.quarantine([{ collection: 'c', stationId: 'CP1', key: 'c', reason: 'r', record: { secret: 1 } }])
    const repo = new QuarantineRepository(store)
    expect(repo.all().map((n) => n.key)).toEqual(['a', 'b', 'c'])
    expect(repo.all().every((n) => !('record' in n))).toBe(true)
    expect(repo.forStation('CP1').map((n) => n.key)).toEqual(['a', 'c'])
    expect(repo.forStation('CP2')).toEqual([])
    await store.close()
  })
})

describe('journal lines set aside', () => {
  it('a line goes to a file named after its journal, segment, offset and a hash of its bytes; the note says where it was', async () => {
    const dir = join(await dirs.make(), 'quarantine')
    const notes: QuarantineNote[] = []
    const quarantine = lineQuarantine(dir, (n) => void notes.push(n), recordingLogger())
    const line = Buffer.from('{"broken"')
    const where = quarantine({ journal: 'tasks', position: { segment: 3, offset: 120, length: line.length }, line, reason: 'bad', stationId: 'CP' })
    const name = quarantineFileName({ journal: 'tasks', position: { segment: 3, offset: 120, length: line.length }, line })
    expect(name).toMatch(/^tasks-000003-at-120-[0-9a-f]{16}\.jsonl$/)
    expect(where).toBe(`moved to quarantine/${name}`)
    expect(await readFile(join(dir, name))).toEqual(Buffer.from('{"broken"\n'))
    expect((await stat(join(dir, name))).mode & 0o777).toBe(0o600)
    expect(notes).toEqual([{ collection: 'tasks', stationId: 'CP', key: 'tasks-000003.jsonl@120', reason: 'bad', at: expect.any(String), file: `quarantine/${name}` }])
    const other = quarantineFileName({ journal: 'tasks', position: { segment: 3, offset: 120, length: 2 }, line: Buffer.from('xx') })
    expect(other).not.toBe(name)
    quarantine({ journal: 'tasks', position: { segment: 1, offset: 0, length: 1 }, line: Buffer.from('x'), reason: 'r' })
    expect('stationId' in notes[1]!).toBe(false)
  })

  it('the limit is per journal and per run; lines past it stay in the journal only', async () => {
    const dir = await dirs.make()
    const notes: QuarantineNote[] = []
    const quarantine = lineQuarantine(dir, (n) => void notes.push(n), recordingLogger(), 1)
    const item = (journal: string, offset: number) => ({ journal, position: { segment: 1, offset, length: 1 }, line: Buffer.from(String(offset)), reason: 'r' })
    expect(quarantine(item('a', 0))).toMatch(/^moved to/)
    expect(quarantine(item('a', 1))).toBe('left in the journal only (more than 1 of its lines could not be used in this run)')
    expect(quarantine(item('b', 0))).toMatch(/^moved to/)
    expect(notes).toHaveLength(2)
    expect(MAX_ASIDE_LINES_PER_RUN).toBe(200)
  })

  it('a line already set aside is not noted again; a folder that cannot be written leaves the line in the journal and says so', async () => {
    const dir = await dirs.make()
    const notes: QuarantineNote[] = []
    const logger = recordingLogger()
    const item = { journal: 'status', position: { segment: 2, offset: 8, length: 1 }, line: Buffer.from('x'), reason: 'r' }
    expect(lineQuarantine(join(dir, 'q'), (n) => void notes.push(n), logger)(item)).toMatch(/^moved to/)
    expect(lineQuarantine(join(dir, 'q'), (n) => void notes.push(n), logger)(item)).toMatch(/^already in quarantine\/status-000002-at-8-/)
    expect(notes).toHaveLength(1)
    // A file where the folder should be: the line cannot be copied, and is not said to be there already.
    await writeFile(join(dir, 'in-the-way'), 'a file')
    expect(lineQuarantine(join(dir, 'in-the-way'), (n) => void notes.push(n), logger)(item)).toBe('left in the journal (the quarantine folder could not be written)')
    expect(logger.errors.join()).toMatch(/status journal: the record at byte 8 of status-000002\.jsonl could not be copied to the quarantine folder/)
    expect(notes).toHaveLength(1)
  })
})
