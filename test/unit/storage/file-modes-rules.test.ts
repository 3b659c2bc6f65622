/**
 * The helpers every writer in the data folder goes through (issue 17 §7): what they tighten, what
 * they leave alone (never widen, never walk out of their base), and that a refusal is reported to
 * the caller, never thrown. POSIX only.
 */
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { once } from 'node:events'
import { afterEach, describe, expect, it } from 'vitest'
import { makePrivateDir, modeText, openPrivateFile, privateWriteStream, restrictFile, restrictMode, writePrivateFile } from '../../../src/main/storage/file-modes'
import { tempDirs, underCommonUmask } from './helpers'

const dirs = tempDirs()
afterEach(() => dirs.cleanup())
const modeOf = async (path: string) => (await stat(path)).mode & 0o777

describe('how a mode reads in a message', () => {
  it('four octal digits with a leading zero', () => {
    expect(modeText(0o755)).toBe('0755')
    expect(modeText(0o600)).toBe('0600')
    expect(modeText(0o7)).toBe('0007')
  })
})

describe.skipIf(process.platform === 'win32')('private files and folders', () => {
  underCommonUmask()

  it('restrictMode takes away what is beyond the mode and says from what; it never widens; a missing file is an error returned, not thrown', async () => {
    const dir = await dirs.make()
    const file = join(dir, 'f')
    await writeFile(file, 'x', { mode: 0o644 })
    await chmod(file, 0o644)
    expect(await restrictMode(file, 0o600)).toEqual({ tightenedFrom: 0o644, mode: 0o600 })
    expect(await modeOf(file)).toBe(0o600)
    expect(await restrictMode(file, 0o600)).toEqual({ mode: 0o600 })
    await chmod(file, 0o400)
    expect(await restrictMode(file, 0o600)).toEqual({ mode: 0o400 })
    expect(await modeOf(file)).toBe(0o400)
    const missing = await restrictMode(join(dir, 'missing'), 0o600)
    expect(Object.keys(missing)).toEqual(['error'])
    expect(missing.error).toMatchObject({ code: 'ENOENT' })
  })

  it('restrictFile makes a file left wider by an older version 0600', async () => {
    const file = join(await dirs.make(), 'old')
    await writeFile(file, 'x')
    await chmod(file, 0o666)
    expect(await restrictFile(file)).toEqual({ tightenedFrom: 0o666, mode: 0o600 })
    expect(await modeOf(file)).toBe(0o600)
  })

  it('writePrivateFile writes 0600, tightens a file that was wider, and honours the flag', async () => {
    const dir = await dirs.make()
    const file = join(dir, 'w')
    await writePrivateFile(file, 'one')
    expect(await modeOf(file)).toBe(0o600)
    await chmod(file, 0o644)
    await writePrivateFile(file, '-two', 'a')
    expect(await readFile(file, 'utf8')).toBe('one-two')
    expect(await modeOf(file)).toBe(0o600)
    await expect(writePrivateFile(file, 'x', 'wx')).rejects.toMatchObject({ code: 'EEXIST' })
  })

  it('privateWriteStream creates 0600 and honours the flags', async () => {
    const file = join(await dirs.make(), 's')
    for (const [flags, text] of [['w', 'a'], ['a', 'b']] as const) {
      const stream = flags === 'w' ? privateWriteStream(file) : privateWriteStream(file, flags)
      stream.end(text)
      await once(stream, 'close')
    }
    expect(await readFile(file, 'utf8')).toBe('ab')
    expect(await modeOf(file)).toBe(0o600)
  })

  it('openPrivateFile creates 0600 and tightens a file open to group or others, leaving an owner-only one as it was', async () => {
    const dir = await dirs.make()
    const created = await openPrivateFile(join(dir, 'new'), 'w')
    await created.close()
    expect(await modeOf(join(dir, 'new'))).toBe(0o600)
    for (const [mode, after] of [[0o644, 0o600], [0o640, 0o600], [0o604, 0o600], [0o700, 0o700]] as const) {
      const file = join(dir, `m${mode.toString(8)}`)
      await writeFile(file, 'x')
      await chmod(file, mode)
      const handle = await openPrivateFile(file, 'r+')
      await handle.close()
      expect([modeText(mode), modeText(await modeOf(file))]).toEqual([modeText(mode), modeText(after)])
    }
  })

  it('makePrivateDir without a base tightens only the folder itself; a folder outside its base is tightened alone', async () => {
    const root = await dirs.make()
    await chmod(root, 0o755)
    const own = join(root, 'own')
    await mkdir(own, { mode: 0o755 })
    await chmod(own, 0o755)
    await makePrivateDir(join(own, 'a'))
    expect(await modeOf(join(own, 'a'))).toBe(0o700)
    expect(await modeOf(own)).toBe(0o755)
    const elsewhere = join(root, 'elsewhere')
    await makePrivateDir(join(elsewhere, 'b'), own)
    expect(await modeOf(join(elsewhere, 'b'))).toBe(0o700)
    expect(await modeOf(own)).toBe(0o755)
    expect(await modeOf(root)).toBe(0o755)
    // An existing folder wider than 0700 is tightened too.
    await chmod(join(own, 'a'), 0o777)
    await makePrivateDir(join(own, 'a'))
    expect(await modeOf(join(own, 'a'))).toBe(0o700)
  })
})
