/**
 * The command history across restarts (issue 19 §4): the newest tasks come back after a restart, in
 * order and bounded; a task whose request cannot be written is kept without it, with a note; the
 * journal stays within its segments.
 */
import { readdir, writeFile } from 'node:fs/promises'
import { existsSync, readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import type { CallTask } from '@shared/contract/dto'
import { segmentFileName } from '../../../src/main/storage/journal-files'
import { TaskHistory } from '../../../src/main/storage/task-history'
import { recordingLogger, tempDirs } from './helpers'

const dirs = tempDirs()
afterEach(() => dirs.cleanup())

const T = '2026-01-01T10:00:00.000Z'
const task = (n: number, extra: Partial<CallTask> = {}): CallTask => ({ id: `t${n}`, stationId: 'CP', action: 'Reset', payload: { type: 'Soft' }, state: 'answered', createdAt: T, finishedAt: T, response: { status: 'Accepted' }, ...extra })

async function written(count: number): Promise<string> {
  const dir = await dirs.make()
  await writeFile(join(dir, segmentFileName('tasks', 1)), Array.from({ length: count }, (_, k) => `${JSON.stringify(task(k + 1))}\n`).join(''))
  return dir
}

describe('command history', () => {
  it('after a restart holds the newest `keep` tasks, oldest first', async () => {
    for (const [count, keep, first] of [[8, 3, 6], [7, 3, 5], [6, 3, 4], [2, 3, 1], [20, 1, 20]] as const) {
      const history = await TaskHistory.open({ dir: await written(count), keep, logger: recordingLogger() })
      expect(history.recent().map((t) => t.id), `${count} tasks, keep ${keep}`).toEqual(Array.from({ length: Math.min(count, keep) }, (_, k) => `t${first + k}`))
      await history.close()
    }
  })

  it('holds 5000 tasks when not told otherwise', async () => {
    const history = await TaskHistory.open({ dir: await written(5002), logger: recordingLogger() })
    const recent = history.recent()
    expect(recent).toHaveLength(5000)
    expect([recent[0]!.id, recent.at(-1)!.id]).toEqual(['t3', 't5002'])
    await history.close()
  })

  it('a task whose request or answer cannot be written is kept without them, saying why', async () => {
    const dir = await dirs.make()
    const history = await TaskHistory.open({ dir, logger: recordingLogger() })
    history.add(task(1, { payload: { big: 10n } as unknown, response: { ok: true }, error: { code: 'X', description: 'y', details: null }, triggered: { action: 'Heartbeat', messageId: 'm', at: T, payload: {} } }))
    history.add(task(2, { state: 'timeout', reason: 'no answer in 30 s', payload: { big: 10n } as unknown }))
    history.add(task(3))
    await history.close()
    const reopened = await TaskHistory.open({ dir, logger: recordingLogger() })
    const [first, second, third] = reopened.recent()
    expect(first).toEqual({ ...task(1), payload: null, response: undefined, reason: expect.stringMatching(/^\(its request and answer were not stored: .+\)$/) })
    expect(Object.keys(first!)).not.toContain('response')
    expect(Object.keys(first!)).not.toContain('error')
    expect(Object.keys(first!)).not.toContain('triggered')
    expect(second!.reason).toMatch(/^no answer in 30 s \(its request and answer were not stored: /)
    expect(third).toEqual(task(3))
    await reopened.close()
  })

  it('keeps its journal in segments of 8 MiB', async () => {
    const dir = await dirs.make()
    const history = await TaskHistory.open({ dir, logger: recordingLogger() })
    for (let n = 1; n <= 6; n += 1) history.add(task(n))
    for (let n = 7; n <= 15; n += 1) history.add(task(n, { response: { data: 'd'.repeat(1024 * 1024) } }))
    await history.close()
    expect((await readdir(dir)).filter((name) => name.endsWith('.jsonl'))).toHaveLength(2)
    const reopened = await TaskHistory.open({ dir, logger: recordingLogger() })
    expect(reopened.recent().map((t) => t.id)).toEqual(Array.from({ length: 15 }, (_, k) => `t${k + 1}`))
    await reopened.close()
  })

  it('flush resolves once every task added so far is on disk', async () => {
    const dir = await dirs.make()
    const history = await TaskHistory.open({ dir, logger: recordingLogger() })
    history.add(task(1))
    history.add(task(2))
    await history.flush()
    const file = join(dir, segmentFileName('tasks', 1))
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '' // read at once: no turn for a write still on its way
    expect(text.split('\n').filter(Boolean).map((line) => (JSON.parse(line) as CallTask).id)).toEqual(['t1', 't2'])
    await history.close()
  })
})
