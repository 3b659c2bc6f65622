import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'

const setFlagsFromString = vi.fn()
vi.mock('node:v8', () => ({ setFlagsFromString }))

describe('V8 tuning', () => {
  it('switches off allocation-site pretenuring when it is loaded', async () => {
    await import('../../../src/main/util/v8-tuning')
    expect(setFlagsFromString.mock.calls).toEqual([['--no-allocation-site-pretenuring']])
  })

  it.each(['headless.ts', 'electron/main.ts'])('%s imports it before anything else', async (entry) => {
    const source = await readFile(join(import.meta.dirname, '../../../src/main', entry), 'utf8')
    const firstImport = /^import .*$/m.exec(source)?.[0]
    expect(firstImport).toMatch(/^import '(\.\.?\/)+util\/v8-tuning'/)
  })
})
