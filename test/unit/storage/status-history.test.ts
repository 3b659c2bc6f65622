import { describe, afterEach, expect, it } from 'vitest'
import { StatusHistory } from '../../../src/main/storage'
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
})
