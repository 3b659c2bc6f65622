/**
 * §7 of issue 17: journals written before masking existed may hold secrets in clear. What is read
 * back from them (log queries, the NDJSON export, the command history) is masked all the same.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { CallTask, LogEntry } from '@shared/contract/dto'
import { segmentFileName } from '../../../src/main/storage/journal-files'
import { serializeLogEntry } from '../../../src/main/storage/log-line-codec'
import { MessageLog } from '../../../src/main/storage/message-log'
import { TaskHistory } from '../../../src/main/storage/task-history'
import { recordingLogger, tempDirs } from './helpers'

const dirs = tempDirs()
afterEach(() => dirs.cleanup())

const KEY = '0ld5ec2e70000000000000000000000000000fff'

describe('secrets in journals written before masking', () => {
  it('the message log masks them in queries and in the export, and masks what is appended now', async () => {
    const dir = await dirs.make()
    const legacy: LogEntry = { seq: 1, time: '2025-01-01T00:00:00.000Z', stationId: 'CP', direction: 'out', kind: 'CALL', action: 'ChangeConfiguration', messageId: 'm1', payload: { key: 'AuthorizationKey', value: KEY } }
    const plain: LogEntry = { seq: 2, time: '2025-01-01T00:00:01.000Z', stationId: 'CP', direction: 'in', kind: 'CALL', action: 'Heartbeat', messageId: 'm2', payload: {} }
    await writeFile(join(dir, segmentFileName('messages', 1)), `${serializeLogEntry(legacy)}\n${serializeLogEntry(plain)}\n`)
    const log = await MessageLog.open({ dir, logger: recordingLogger() })
    try {
      const appended = log.append({ time: '2025-01-01T00:00:02.000Z', stationId: 'CP', direction: 'in', kind: 'CALLRESULT', action: 'GetConfiguration', messageId: 'm3', payload: { configurationKey: [{ key: 'authorizationkey', readonly: false, value: KEY }] } })
      expect(JSON.stringify(appended)).not.toContain(KEY)
      const page = await log.query({})
      expect(page.entries).toHaveLength(3)
      expect(JSON.stringify(page)).not.toContain(KEY)
      expect(page.entries[2]!.payload).toEqual({ key: 'AuthorizationKey', value: '<hidden: 40 characters>' })
      const lines: string[] = []
      expect(await log.exportNdjson({}, (line) => void lines.push(line))).toBe(3)
      expect(lines.join('\n')).not.toContain(KEY)
      expect(lines[1]).toBe(serializeLogEntry(plain)) // lines without secrets are exported as stored
    } finally {
      await log.close()
    }
  })

  it('the command history masks the tasks it reads back and the tasks it keeps', async () => {
    const dir = join(await dirs.make(), 'tasks')
    await mkdir(dir)
    const task: CallTask = { id: 't1', stationId: 'CP', action: 'ChangeConfiguration', payload: { key: 'AuthorizationKey', value: KEY }, state: 'answered', createdAt: '2025-01-01T00:00:00.000Z', finishedAt: '2025-01-01T00:00:01.000Z', response: { status: 'Accepted' } }
    await writeFile(join(dir, segmentFileName('tasks', 1)), `${JSON.stringify(task)}\n`)
    const history = await TaskHistory.open({ dir, logger: recordingLogger() })
    expect(JSON.stringify(history.recent())).not.toContain(KEY)
    history.add({ ...task, id: 't2' })
    await history.close()
    const reopened = await TaskHistory.open({ dir, logger: recordingLogger() })
    expect(reopened.recent().map((t) => t.payload)).toEqual([
      { key: 'AuthorizationKey', value: '<hidden: 40 characters>' },
      { key: 'AuthorizationKey', value: '<hidden: 40 characters>' },
    ])
    await reopened.close()
  })
})
