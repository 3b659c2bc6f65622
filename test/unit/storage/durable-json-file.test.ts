/**
 * The state file's adapter (DESIGN rule 9: ids reserved on disk must be on disk): the temp file is
 * fsynced before it replaces the state file and the directory after; a rename refused for a moment
 * (a Windows scanner holding the file) is retried, any other failure is not; a missing file reads as
 * none, an unreadable one fails.
 */
import { mkdir, readdir, readFile, readlink, writeFile } from 'node:fs/promises'
import * as fsPromises from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { tempDirs } from './helpers'

const control = vi.hoisted(() => ({ failures: [] as string[], renames: 0, events: [] as string[] }))

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>()
  return {
    ...actual,
    rename: async (from: string, to: string) => {
      control.renames += 1
      const code = control.failures.shift()
      if (code) throw Object.assign(new Error(`${code}: refused`), { code })
      control.events.push('rename')
      return actual.rename(from, to)
    },
  }
})

vi.mock('../../../src/main/storage/journal-files', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../src/main/storage/journal-files')>()
  return { ...actual, syncDirectory: async (dir: string) => void control.events.push(`sync-dir ${dir}`) }
})

const { DurableJsonFile } = await import('../../../src/main/storage/durable-json-file')

const dirs = tempDirs()
afterEach(async () => {
  control.failures = []
  control.renames = 0
  control.events = []
  vi.restoreAllMocks()
  await dirs.cleanup()
})

describe('durable JSON file', () => {
  it('writes compact JSON through a fsynced temp file, renamed over the target, then syncs the directory', async () => {
    const dir = await dirs.make()
    const file = join(dir, 'state.json')
    const probe = await fsPromises.open(join(dir, 'probe'), 'w')
    const handleProto = Object.getPrototypeOf(probe) as { sync(): Promise<void> }
    await probe.close()
    const realSync = handleProto.sync
    vi.spyOn(handleProto, 'sync').mockImplementation(async function (this: unknown) {
      control.events.push('sync-file')
      return realSync.call(this)
    })
    await new DurableJsonFile<{ a: number[] }>(file).write({ a: [1, 2] })
    expect(await readFile(file, 'utf8')).toBe('{"a":[1,2]}')
    expect(control.events).toEqual(['sync-file', 'rename', `sync-dir ${dir}`])
    expect((await readdir(dir)).sort()).toEqual(['probe', 'state.json'])
  })

  it.runIf(process.platform === 'linux')('leaves no file open after a write, also when the rename fails', async () => {
    const dir = await dirs.make()
    const file = join(dir, 'state.json')
    await new DurableJsonFile<{ n: number }>(file).write({ n: 1 })
    control.failures = ['ENOSPC']
    await expect(new DurableJsonFile<{ n: number }>(file).write({ n: 2 })).rejects.toThrow()
    const open: string[] = []
    for (const fd of await readdir('/proc/self/fd')) {
      const target = await readlink(`/proc/self/fd/${fd}`).catch(() => '')
      if (target.startsWith(dir)) open.push(target)
    }
    expect(open).toEqual([])
  })

  it('retries a rename refused with EPERM, EACCES or EBUSY and then succeeds', async () => {
    const file = join(await dirs.make(), 'state.json')
    control.failures = ['EPERM', 'EACCES', 'EBUSY']
    await new DurableJsonFile<{ n: number }>(file).write({ n: 1 })
    expect(control.renames).toBe(4)
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ n: 1 })
  })

  it('gives up after ten refused renames, leaving the old file as it was', async () => {
    const file = join(await dirs.make(), 'state.json')
    await writeFile(file, '{"n":0}')
    control.failures = Array.from({ length: 10 }, () => 'EBUSY')
    await expect(new DurableJsonFile<{ n: number }>(file).write({ n: 1 })).rejects.toMatchObject({ code: 'EBUSY' })
    expect(control.renames).toBe(10)
    expect(await readFile(file, 'utf8')).toBe('{"n":0}')
  })

  it('does not retry a rename that fails for another reason', async () => {
    const file = join(await dirs.make(), 'state.json')
    control.failures = ['ENOSPC']
    await expect(new DurableJsonFile<{ n: number }>(file).write({ n: 1 })).rejects.toMatchObject({ code: 'ENOSPC' })
    expect(control.renames).toBe(1)
  })

  it('reads a missing file as none, a file that is not JSON as a SyntaxError, and fails on one it cannot read', async () => {
    const dir = await dirs.make()
    expect(await new DurableJsonFile(join(dir, 'none.json')).read()).toBeNull()
    await writeFile(join(dir, 'bad.json'), '{"n":')
    await expect(new DurableJsonFile(join(dir, 'bad.json')).read()).rejects.toBeInstanceOf(SyntaxError)
    await mkdir(join(dir, 'folder.json'))
    await expect(new DurableJsonFile(join(dir, 'folder.json')).read()).rejects.toMatchObject({ code: 'EISDIR' })
    await writeFile(join(dir, 'good.json'), '{"n":2}')
    expect(await new DurableJsonFile(join(dir, 'good.json')).read()).toEqual({ n: 2 })
  })
})
