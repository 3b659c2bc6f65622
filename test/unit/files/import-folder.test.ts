import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { checkPlainName, listFolder, resolveInside } from '../../../src/main/files/import-folder'

describe('the firmware import folder: plain names, links kept inside', () => {
  let root: string
  let folder: string
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'csms-import-folder-'))
    folder = join(root, 'import')
    await mkdir(join(folder, 'inner'), { recursive: true })
    await writeFile(join(folder, 'fw.bin'), 'FW')
    await writeFile(join(folder, 'inner', 'deep.bin'), 'DEEP')
    await writeFile(join(root, 'secret'), 'SECRET')
    await symlink(join(root, 'secret'), join(folder, 'escape'))
    await symlink('../secret', join(folder, 'relative-escape'))
    await symlink(join(folder, 'inner', 'deep.bin'), join(folder, 'deep-link'))
    await symlink(join(folder, 'nowhere'), join(folder, 'dangling'))
    await writeFile(join(folder, '.hidden'), 'x')
  })
  afterEach(() => rm(root, { recursive: true, force: true }))

  it('accepts only a plain file name', () => {
    expect(checkPlainName('fw-1.2.bin')).toBe('fw-1.2.bin')
    expect(checkPlainName('..fw')).toBe('..fw')
    for (const bad of ['', '.', '..', '../x', 'a/b', 'a\\b', '/etc/passwd', 'C:x', 'x\0y', 'a'.repeat(256)]) expect(() => checkPlainName(bad), bad).toThrow(/plain name/)
  })

  it('resolves links that stay inside (also into a sub-folder) and refuses those that lead out', async () => {
    expect(await resolveInside(folder, 'deep-link')).toMatch(/inner[\\/]deep\.bin$/)
    await expect(resolveInside(folder, 'escape')).rejects.toThrow(/leads outside the import folder/)
    await expect(resolveInside(folder, 'relative-escape')).rejects.toThrow(/leads outside the import folder/)
    await expect(resolveInside(folder, 'dangling')).rejects.toMatchObject({ problem: 'NotFound' })
    await expect(resolveInside(folder, 'inner')).rejects.toThrow(/is not a file/)
  })

  it('a folder that is itself reached through a link works; errors name no path', async () => {
    await symlink(folder, join(root, 'alias'))
    expect(await resolveInside(join(root, 'alias'), 'fw.bin')).toMatch(/fw\.bin$/)
    await resolveInside(join(root, 'gone'), 'fw.bin').catch((error: Error) => expect(error.message).not.toContain(root))
  })

  it('lists the files it would import, by name, hidden ones and escaping links left out', async () => {
    const listing = await listFolder(folder)
    expect(listing.files.map((f) => f.name)).toEqual(['deep-link', 'fw.bin'])
    expect(listing.files[1]).toMatchObject({ size: 2, modifiedAt: expect.any(String) })
    expect(listing.truncated).toBe(false)
  })
})
