/**
 * The schema folder when the validator runs in a bundle format without `import.meta.url`
 * (validator.ts, moduleDir): the search starts from the working directory instead.
 */
import { resolve } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { findSchemaDir } from '../../../src/main/ocpp/validator'

vi.mock('node:url', async (original) => ({
  ...(await original<typeof import('node:url')>()),
  fileURLToPath: () => {
    throw new TypeError('The URL must be of scheme file')
  },
}))

afterEach(() => {
  vi.restoreAllMocks()
})

describe('finding the schemas without the module’s own location', () => {
  it('starts from the working directory', () => {
    vi.spyOn(process, 'cwd').mockReturnValue(resolve(__dirname, '../../..'))
    expect(findSchemaDir()).toBe(resolve(__dirname, '../../../schemas'))
    vi.spyOn(process, 'cwd').mockReturnValue('/tmp')
    expect(() => findSchemaDir()).toThrow('no folder "schemas" with BootNotification.json above /tmp or /tmp')
  })
})
