/**
 * How openStorage wires its parts: the journals that hold back a CALLRESULT get the records tuning
 * (so a gated durable write holds back their promises), flush writes state and every journal now,
 * journal lines that cannot be used go to the quarantine folder beside the state file (or in the
 * temporary folder in memory), and a journal that cannot be opened fails the whole open.
 */
import { access, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { MESSAGE_LOG_DIR, openStorage, STATE_FILE, type Storage } from '../../../src/main/storage'
import { STATE_VERSION } from '../../../src/main/storage/state-data'
import { durabilityGate, heldAtGate } from '../../support/durability-gate'
import { recordingLogger, tempDirs } from './helpers'

const dirs = tempDirs()
const opened: Storage[] = []
afterEach(async () => {
  await Promise.all(opened.splice(0).map((storage) => storage.close()))
  await dirs.cleanup()
})

const T = '2026-01-01T10:00:00.000Z'
const frame = (messageId: string) => ({ time: T, stationId: 'CP-1', direction: 'in' as const, kind: 'CALL' as const, action: 'Heartbeat', messageId, payload: {} })
const start = { transactionId: 7, stationId: 'CP1', connectorId: 1, idTag: 'TAG-1', meterStart: 0, timestamp: T, idTagInfo: { status: 'Accepted' as const }, receivedAt: T }
const meterValue = { stationId: 'CP1', connectorId: 1, transactionId: 7, source: 'MeterValues' as const, receivedAt: T, meterValue: [{ timestamp: T, sampledValue: [{ value: '10' }] }] }

describe('openStorage wiring', () => {
  it.each([false, true])('hands the records tuning to the transaction and meter-value journals, whose promises wait for the durable write (in memory: %s)', async (inMemory) => {
    const gate = durabilityGate()
    const storage = await openStorage({ dataDir: await dirs.make(), inMemory, records: { datasync: gate.datasync }, logger: recordingLogger() })
    opened.push(storage)
    expect((await heldAtGate(gate, () => storage.transactions.recordStart(start))).settledWhileClosed, 'a start was stored before its durable write').toBe(false)
    expect((await heldAtGate(gate, () => storage.meterValues.append(meterValue))).settledWhileClosed, 'meter values were stored before their durable write').toBe(false)
  })

  it('flush writes the pending state and the message lines still waiting out their pace, at once', async () => {
    const dataDir = await dirs.make()
    const storage = await openStorage({ dataDir, logger: recordingLogger(), stateFlushDelayMs: 60_000, log: { minBatchIntervalMs: 60_000 } })
    opened.push(storage)
    storage.messageLog.append(frame('1'))
    await storage.messageLog.flush()
    storage.messageLog.append(frame('2')) // waits out the log's pace unless flushed
    storage.settings.update({ ocpp: { heartbeatIntervalSec: 42 } })
    await storage.flush()
    const state = JSON.parse(await readFile(join(dataDir, STATE_FILE), 'utf8')) as { settings: { ocpp: { heartbeatIntervalSec: number } } }
    expect(state.settings.ocpp.heartbeatIntervalSec).toBe(42)
    const [segment] = await readdir(join(dataDir, MESSAGE_LOG_DIR))
    expect((await readFile(join(dataDir, MESSAGE_LOG_DIR, segment!), 'utf8')).trim().split('\n')).toHaveLength(2)
  })

  it('files belong in the data directory; in memory in a temporary one that close removes', async () => {
    const dataDir = await dirs.make()
    const onDisk = await openStorage({ dataDir, logger: recordingLogger() })
    expect(onDisk.scratchDir).toBe(dataDir)
    await onDisk.close()
    const inMemory = await openStorage({ dataDir, inMemory: true, logger: recordingLogger() })
    expect(inMemory.scratchDir).not.toBe(dataDir)
    await access(inMemory.scratchDir)
    await inMemory.close()
    await expect(access(inMemory.scratchDir)).rejects.toThrow()
  })

  it('sets journal lines that cannot be used aside in the quarantine folder beside the state file, with a note in the state', async () => {
    const dataDir = await dirs.make()
    await mkdir(join(dataDir, 'tasks'))
    await writeFile(join(dataDir, 'tasks', 'tasks-000001.jsonl'), 'garbage {{{\n')
    const storage = await openStorage({ dataDir, logger: recordingLogger() })
    opened.push(storage)
    expect(await readdir(join(dataDir, 'quarantine'))).toEqual([expect.stringMatching(/^tasks-000001-at-0-[0-9a-f]{16}\.jsonl$/)])
    expect(storage.quarantine.all()).toEqual([expect.objectContaining({ collection: 'tasks', key: 'tasks-000001.jsonl@0', file: expect.stringMatching(/^quarantine\//) })])
  })

  it('fails to open when a journal cannot be opened, and says why', async () => {
    const dataDir = await dirs.make()
    await writeFile(join(dataDir, 'tasks'), 'a file where the command history folder belongs')
    await expect(openStorage({ dataDir, logger: recordingLogger() })).rejects.toThrow()
    // Nothing is left half-open or damaged: the data directory opens once the obstacle is gone.
    await rm(join(dataDir, 'tasks'))
    const storage = await openStorage({ dataDir, logger: recordingLogger() })
    opened.push(storage)
    expect(storage.tasks.recent()).toEqual([])
  })

  it('in memory, sets journal lines that cannot be used aside in its temporary folder', async () => {
    const storage = await openStorage({ dataDir: await dirs.make(), inMemory: true, logger: recordingLogger() })
    opened.push(storage)
    // A batch that does not fit is only found when a view reads it: checked, set aside, left out.
    await storage.meterValues.append({ ...meterValue, meterValue: 'x' } as never)
    expect(await storage.meterValues.forTransaction(7)).toEqual([])
    const notes = storage.quarantine.all()
    expect(notes).toEqual([expect.objectContaining({ collection: 'meter-values', file: expect.stringMatching(/^quarantine\//) })])
    await access(join(storage.scratchDir, notes[0]!.file!))
  })

  it('a failed open still writes what the state set aside at load, at once', async () => {
    const dataDir = await dirs.make()
    await writeFile(join(dataDir, STATE_FILE), JSON.stringify({ version: STATE_VERSION, stations: { BROKEN: 'not a station' } }))
    await writeFile(join(dataDir, 'tasks'), 'a file where the command history folder belongs')
    await expect(openStorage({ dataDir, logger: recordingLogger(), stateFlushDelayMs: 60_000 })).rejects.toThrow()
    const state = JSON.parse(await readFile(join(dataDir, STATE_FILE), 'utf8')) as { stations: object; quarantine: { key: string }[] }
    expect(state.stations).toEqual({})
    expect(state.quarantine.map((note) => note.key)).toEqual(['BROKEN'])
  })

  it('close writes the journal lines still waiting out their pace', async () => {
    const dataDir = await dirs.make()
    const storage = await openStorage({ dataDir, logger: recordingLogger(), log: { minBatchIntervalMs: 60_000 } })
    storage.messageLog.append(frame('1'))
    await storage.messageLog.flush()
    storage.messageLog.append(frame('2')) // waits out the pace: only close writes it now
    await storage.close()
    const reopened = await openStorage({ dataDir, logger: recordingLogger() })
    opened.push(reopened)
    expect((await reopened.messageLog.query({})).entries.map((e) => e.messageId).sort()).toEqual(['1', '2'])
  })

  it('tells the logger it was given what it repaired at open', async () => {
    const dataDir = await dirs.make()
    await mkdir(join(dataDir, MESSAGE_LOG_DIR))
    await writeFile(join(dataDir, MESSAGE_LOG_DIR, 'messages-000001.jsonl'), '{"torn')
    const logger = recordingLogger()
    opened.push(await openStorage({ dataDir, logger }))
    expect(logger.warnings).toEqual([expect.stringMatching(/removed 6 bytes of an incomplete last record/)])
  })

  it('in memory, keeps its files in a temporary folder named after the app', async () => {
    const storage = await openStorage({ dataDir: await dirs.make(), inMemory: true, logger: recordingLogger() })
    opened.push(storage)
    expect(dirname(storage.scratchDir)).toBe(tmpdir())
    expect(basename(storage.scratchDir)).toMatch(/^csms-message-log-/)
  })
})
