import { access, readdir, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { defaultDataDir, ensureDataDir, openStorage } from '../../../src/main/storage'
import { recordingLogger, tempDirs } from './helpers'

const dirs = tempDirs()
afterEach(() => dirs.cleanup())

const frame = { time: '2025-01-01T00:00:00.000Z', stationId: 'CP-1', direction: 'in' as const, kind: 'CALL' as const, action: 'Heartbeat', messageId: '1', payload: {} }

describe('openStorage', () => {
  it('keeps state and message log in the data directory and finds them again', async () => {
    const dataDir = join(await dirs.make(), 'nested', 'data')
    const storage = await openStorage({ dataDir, logger: recordingLogger() })
    storage.settings.update({ ocpp: { heartbeatIntervalSec: 42 } })
    storage.messageLog.append(frame)
    await storage.statusHistory.append('CP-1', { connectorId: 1, status: 'Charging', errorCode: 'NoError', receivedAt: frame.time })
    await storage.close()
    await storage.close() // idempotent
    expect((await readdir(dataDir)).sort()).toEqual(['message-log', 'meter-values', 'state.json', 'status-history', 'tasks', 'transactions'])
    const reopened = await openStorage({ dataDir, logger: recordingLogger() })
    expect(reopened.settings.get().ocpp.heartbeatIntervalSec).toBe(42)
    expect((await reopened.messageLog.query({})).entries).toHaveLength(1)
    expect(await reopened.statusHistory.query({ stationId: 'CP-1' })).toEqual([{ connectorId: 1, status: 'Charging', errorCode: 'NoError', receivedAt: frame.time }])
    await reopened.close()
  })

  it('in memory: touches nothing in the data directory and removes its temporary log on close', async () => {
    const dataDir = join(await dirs.make(), 'never-created')
    const storage = await openStorage({ dataDir, inMemory: true, logger: recordingLogger() })
    storage.messageLog.append(frame)
    await storage.flush()
    expect((await storage.messageLog.query({})).entries).toHaveLength(1)
    await storage.close()
    await expect(access(dataDir)).rejects.toThrow()
  })

  it('passes message log options through', async () => {
    const storage = await openStorage({ dataDir: await dirs.make(), log: { maxSegmentBytes: 200, maxSegments: 2 }, logger: recordingLogger() })
    for (let i = 0; i < 20; i += 1) storage.messageLog.append({ ...frame, messageId: String(i) })
    await storage.flush()
    expect(storage.messageLog.stats().segments).toBe(2)
    await storage.close()
  })
})

describe('data directory', () => {
  it('defaults to the platform data directory named after the app, without a suffix', () => {
    const dir = defaultDataDir('OCPP Desk CSMS')
    expect(basename(dir)).toBe('OCPP Desk CSMS')
    expect(dir).not.toContain('nodejs')
  })

  it('is created with its parents and returned as an absolute path', async () => {
    const base = await dirs.make()
    const dir = await ensureDataDir(join(base, 'a', 'b'))
    expect(dir).toBe(join(base, 'a', 'b'))
    expect(await readdir(dir)).toEqual([])
  })

  it('fails with a message naming the directory when a file is in the way', async () => {
    const base = await dirs.make()
    const blocked = join(base, 'file')
    await writeFile(blocked, 'x')
    await expect(ensureDataDir(join(blocked, 'data'))).rejects.toMatchObject({ code: 'DATA_DIR_UNUSABLE', message: expect.stringContaining(join(blocked, 'data')) })
  })
})
