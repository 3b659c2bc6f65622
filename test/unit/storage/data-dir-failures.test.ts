/**
 * The data directory at start: every way it can be unusable stops the start with DATA_DIR_UNUSABLE
 * and a message naming the directory and what to do; a directory that cannot be restricted to its
 * owner is used, with a warning saying what it holds. The file system's refusals are injected (the
 * tests run as any user, root included, for whom permissions refuse nothing).
 */
import { readdir } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { recordingLogger, tempDirs } from './helpers'

type Step = 'mkdir' | 'chmod' | 'writeFile'
const control = vi.hoisted(() => ({ fail: new Map<string, string>(), notDirectory: false }))

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>()
  const refuse = (step: Step) => {
    const code = control.fail.get(step)
    if (code) throw Object.assign(new Error(`${code}: refused by the test`), { code })
  }
  return {
    ...actual,
    mkdir: async (...args: Parameters<typeof actual.mkdir>) => (refuse('mkdir'), actual.mkdir(...args)),
    chmod: async (...args: Parameters<typeof actual.chmod>) => (refuse('chmod'), actual.chmod(...args)),
    writeFile: async (...args: Parameters<typeof actual.writeFile>) => (refuse('writeFile'), actual.writeFile(...args)),
    stat: async (...args: Parameters<typeof actual.stat>) => {
      const stats = await actual.stat(...args)
      return control.notDirectory ? Object.assign(stats, { isDirectory: () => false }) : stats
    },
  }
})

const { ensureDataDir } = await import('../../../src/main/storage/data-dir')

const dirs = tempDirs()
afterEach(async () => {
  control.fail.clear()
  control.notDirectory = false
  await dirs.cleanup()
})

describe('an unusable data directory', () => {
  it('a file in the way (EEXIST or ENOTDIR) is named as such', async () => {
    const dir = join(await dirs.make(), 'data')
    for (const code of ['EEXIST', 'ENOTDIR']) {
      control.fail.set('mkdir', code)
      const error = await ensureDataDir(dir, recordingLogger()).catch((e: unknown) => e)
      expect(error).toMatchObject({ code: 'DATA_DIR_UNUSABLE', name: 'StorageError' })
      expect((error as Error).message).toBe(`Cannot use the data directory ${dir}: a file is in the way (it is not a directory). Choose another directory or fix its permissions.`)
      expect((error as Error).cause).toMatchObject({ code })
    }
  })

  it('a directory that cannot be created says why', async () => {
    const dir = join(await dirs.make(), 'data')
    control.fail.set('mkdir', 'EACCES')
    await expect(ensureDataDir(dir, recordingLogger())).rejects.toThrow(`Cannot use the data directory ${dir}: it cannot be created (EACCES: refused by the test). Choose another directory`)
  })

  it('a path that is not a directory is refused', async () => {
    const dir = await dirs.make()
    control.notDirectory = true
    await expect(ensureDataDir(dir, recordingLogger())).rejects.toMatchObject({ code: 'DATA_DIR_UNUSABLE', message: expect.stringContaining(`${dir}: it is not a directory.`) })
  })

  it('a directory where no file can be written is refused, with the reason and cause', async () => {
    const dir = await dirs.make()
    control.fail.set('writeFile', 'EROFS')
    const error = await ensureDataDir(dir, recordingLogger()).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'DATA_DIR_UNUSABLE', message: expect.stringContaining(`${dir}: it is not writable (EROFS: refused by the test)`), cause: { code: 'EROFS' } })
  })
})

describe.skipIf(process.platform === 'win32')('a data directory that cannot be restricted', () => {
  it('is used, with a warning that it may be open to others and holds secrets', async () => {
    const dir = await dirs.make()
    const { chmod } = await vi.importActual<typeof import('node:fs/promises')>('node:fs/promises')
    await chmod(dir, 0o755)
    control.fail.set('chmod', 'EPERM')
    const logger = recordingLogger()
    expect(await ensureDataDir(dir, logger)).toBe(dir)
    expect(logger.warnings).toHaveLength(1)
    expect(logger.warnings[0]).toMatch(new RegExp(`^The data directory ${dir} may be open to other users and could not be restricted to its owner \\(EPERM: refused by the test\\): it holds password hashes`))
    expect(logger.errors).toEqual([])
  })

  it('a usable directory is returned absolute, without a word, and the write probe is removed', async () => {
    const base = await dirs.make()
    const logger = recordingLogger()
    expect(await ensureDataDir(relative(process.cwd(), join(base, 'data')), logger)).toBe(join(base, 'data'))
    expect(logger.warnings).toEqual([])
    expect(await readdir(join(base, 'data'))).toEqual([])
  })
})
