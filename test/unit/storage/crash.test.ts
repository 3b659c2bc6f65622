import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openStorage } from '../../../src/main/storage'
import { recordingLogger, tempDirs } from './helpers'

const dirs = tempDirs()
afterEach(() => dirs.cleanup())

/** Runs crash-child.ts until it has reported `reports` durable ids, then kills it with SIGKILL. */
async function runAndKill(dataDir: string, reports: number): Promise<{ id: number; seq: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'crash-child.ts'), dataDir], { stdio: ['ignore', 'pipe', 'inherit'] })
  let last = { id: 0, seq: 0 }
  let seen = 0
  let buffered = ''
  await new Promise<void>((resolve, reject) => {
    child.on('error', reject)
    child.on('exit', () => resolve())
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString()
      const lines = buffered.split('\n')
      buffered = lines.pop()!
      for (const line of lines) {
        const [, id, seq] = line.split(' ')
        last = { id: Number(id), seq: Number(seq) }
        if (++seen === reports) child.kill('SIGKILL')
      }
    })
  })
  return last
}

describe('crash safety', () => {
  it('after kill -9: no id is handed out twice and every durable log entry is there', { timeout: 60_000 }, async () => {
    const dataDir = await dirs.make()
    const first = await runAndKill(dataDir, 30)
    const second = await runAndKill(dataDir, 30)
    expect(second.id).toBeGreaterThan(first.id)
    expect(second.seq).toBeGreaterThan(first.seq)
    const storage = await openStorage({ dataDir, logger: recordingLogger() })
    expect(await storage.counters.next('transactionId')).toBeGreaterThan(second.id)
    const page = await storage.messageLog.query({ before: second.seq + 1, limit: 1 })
    expect(page.entries[0]).toMatchObject({ seq: second.seq, messageId: String(second.id) })
    const ids: number[] = []
    await storage.messageLog.exportNdjson({}, (line) => void ids.push(Number((JSON.parse(line) as { messageId: string }).messageId)))
    expect(new Set(ids).size).toBe(ids.length)
    expect(storage.messageLog.append({ time: new Date().toISOString(), stationId: 'CP-1', direction: 'in', kind: 'CALL' }).seq).toBeGreaterThan(second.seq)
    await storage.close()
  })
})
