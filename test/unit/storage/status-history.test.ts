import { readdir, readFile, writeFile } from 'node:fs/promises'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, afterEach, expect, it } from 'vitest'
import type { QuarantineNote } from '@shared/contract/charging-dto'
import { StatusHistory } from '../../../src/main/storage'
import { lineQuarantine } from '../../../src/main/storage/journal-quarantine'
import { segmentFileName } from '../../../src/main/storage/journal-files'
import { recordingLogger, tempDirs } from './helpers'

const dirs = tempDirs()
afterEach(() => dirs.cleanup())

const status = (connectorId: number, s: string) => ({ connectorId, status: s, errorCode: 'NoError', receivedAt: '2025-01-01T00:00:00.000Z' })

describe('status history', () => {
  it('answers newest first per station and connector, pages with before, and survives reopening', async () => {
    const dir = await dirs.make()
    const history = await StatusHistory.open({ dir, logger: recordingLogger() })
    await history.append('A', status(0, 'Available'))
    await history.append('A', status(1, 'Preparing'))
    await history.append('B', status(1, 'Faulted'))
    await history.append('A', status(1, 'Charging'))
    expect((await history.query({ stationId: 'A' })).map((s) => s.status)).toEqual(['Charging', 'Preparing', 'Available'])
    expect((await history.query({ stationId: 'A', connectorId: 1, limit: 1 })).map((s) => s.status)).toEqual(['Charging'])
    expect((await history.query({ stationId: 'A', before: 4 })).map((s) => s.status)).toEqual(['Preparing', 'Available'])
    expect(await history.query({ stationId: 'C' })).toEqual([])
    await history.close()

    const reopened = await StatusHistory.open({ dir, logger: recordingLogger() })
    await reopened.append('A', status(1, 'Finishing'))
    expect((await reopened.query({ stationId: 'A', connectorId: 1 })).map((s) => s.status)).toEqual(['Finishing', 'Charging', 'Preparing'])
    expect((await reopened.query({ stationId: 'B' })).map((s) => s.status)).toEqual(['Faulted'])
    await reopened.close()
  })

  it('a page is rounded down and kept between 1 and 1000 statuses, 100 when not asked; `before` is exclusive', async () => {
    const history = await StatusHistory.open({ dir: await dirs.make(), logger: recordingLogger() })
    for (let i = 1; i <= 1005; i += 1) history.append('A', status(1, `s${i}`)).catch(() => undefined)
    await history.flush()
    const page = async (query: { limit?: number; before?: number }) => (await history.query({ stationId: 'A', ...query })).map((s) => s.status)
    expect(await page({})).toHaveLength(100)
    expect(await page({ limit: 2.9 })).toEqual(['s1005', 's1004'])
    expect(await page({ limit: 0 })).toEqual(['s1005'])
    expect(await page({ limit: -3 })).toEqual(['s1005'])
    expect(await page({ limit: 5000 })).toHaveLength(1000)
    expect(await page({ before: 3 })).toEqual(['s2', 's1'])
    expect(await page({ before: 1 })).toEqual([])
    await history.close()
  })

  it('statuses come back whole, without the journal’s own seq and station fields', async () => {
    const history = await StatusHistory.open({ dir: await dirs.make(), logger: recordingLogger() })
    const full = { connectorId: 2, status: 'Faulted', errorCode: 'GroundFailure', info: 'leak', vendorId: 'acme', vendorErrorCode: 'E7', timestamp: '2025-01-01T00:00:00Z', receivedAt: '2025-01-01T00:00:01.000Z' }
    await history.append('A', full)
    expect(await history.query({ stationId: 'A' })).toEqual([full])
    await history.close()
  })

  it('retention forgets the statuses of deleted segments for every station', async () => {
    const dir = await dirs.make()
    const history = await StatusHistory.open({ dir, logger: recordingLogger(), maxSegmentBytes: 256, maxSegments: 2 })
    for (let i = 1; i <= 40; i += 1) await history.append(i % 2 === 0 ? 'A' : 'B', status(1, `s${i}`))
    const a = (await history.query({ stationId: 'A', limit: 1000 })).map((s) => s.status)
    const b = (await history.query({ stationId: 'B', limit: 1000 })).map((s) => s.status)
    expect(a.length).toBeGreaterThan(0)
    expect(a.length).toBeLessThan(20)
    expect(a[0]).toBe('s40')
    expect(b[0]).toBe('s39')
    const kept = [...a, ...b].map((s) => Number(s.slice(1))).sort((x, y) => x - y)
    expect(kept).toEqual(Array.from({ length: kept.length }, (_, k) => 41 - kept.length + k)) // the newest, none missing
    const onDisk = (await Promise.all((await readdir(dir)).filter((name) => name.endsWith('.jsonl')).map((name) => readFile(join(dir, name), 'utf8')))).join('').split('\n').filter(Boolean)
    expect(kept).toHaveLength(onDisk.length) // every status still in a segment, not only those since the last deletion
    expect(history.count()).toBe(onDisk.length) // the index forgets the deleted ones: memory stays bounded by retention
    await history.close()
  })

  it('at open, a record whose seq goes backwards is ignored and numbering goes on after the highest', async () => {
    const dir = await dirs.make()
    const record = (seq: number, stationId: string, s: string) => JSON.stringify({ seq, stationId, ...status(1, s) })
    await writeFile(join(dir, segmentFileName('status', 1)), [record(1, 'A', 'one'), record(5, 'A', 'five'), record(3, 'A', 'three'), record(5, 'B', 'again'), record(6, 'B', 'six')].map((l) => `${l}\n`).join(''))
    const history = await StatusHistory.open({ dir, logger: recordingLogger() })
    expect((await history.query({ stationId: 'A' })).map((s) => s.status)).toEqual(['five', 'one'])
    expect((await history.query({ stationId: 'B' })).map((s) => s.status)).toEqual(['six'])
    await history.append('A', status(1, 'seven'))
    expect((await history.query({ stationId: 'A', before: 7 })).map((s) => s.status)).toEqual(['five', 'one'])
    expect((await history.query({ stationId: 'A', before: 8 })).map((s) => s.status)).toEqual(['seven', 'five', 'one'])
    await history.close()
  })

  it('a status changed on disk since open is set aside for its station, with the reason, and skipped', async () => {
    const dir = await dirs.make()
    const first = await StatusHistory.open({ dir, logger: recordingLogger() })
    await first.append('A', status(1, 'Available'))
    await first.append('A', status(1, 'Charging'))
    await first.close()
    const notes: QuarantineNote[] = []
    const logger = recordingLogger()
    const history = await StatusHistory.open({ dir, logger, quarantine: lineQuarantine(join(dir, 'quarantine'), (note) => void notes.push(note), logger) })
    const file = join(dir, segmentFileName('status', 1))
    const lines = (await readFile(file, 'utf8')).split('\n')
    lines[0] = lines[0]!.replace('"connectorId":1', '"connectorId":x') // same length, no longer JSON
    await writeFile(file, lines.join('\n'))
    expect((await history.query({ stationId: 'A' })).map((s) => s.status)).toEqual(['Charging'])
    expect(notes).toHaveLength(1)
    expect(notes[0]).toMatchObject({ stationId: 'A', reason: expect.stringMatching(/not valid JSON/) })
    await history.close()
  })

  it('a status is on disk once its append resolves, and flush resolves once every status appended so far is', async () => {
    const dir = await dirs.make()
    const history = await StatusHistory.open({ dir, logger: recordingLogger() })
    const file = join(dir, segmentFileName('status', 1))
    await history.append('A', status(1, 'Available'))
    expect(await readFile(file, 'utf8')).toMatch(/"status":"Available"/)
    void history.append('A', status(1, 'Preparing'))
    void history.append('B', status(2, 'Charging'))
    await history.flush()
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '' // read at once: no turn for a write still on its way
    expect(text).toMatch(/"status":"Preparing"/)
    expect(text).toMatch(/"status":"Charging"/)
    await history.close()
  })
})
