/** What the storage layer says when no logger is given, and how it names a failure in a message. */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { consoleStorageLogger, describeError, StorageError } from '../../../src/main/storage/storage-logger'

afterEach(() => vi.restoreAllMocks())

describe('storage messages', () => {
  it('without a logger, warnings and errors go to the console marked [storage], each to its own stream', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    consoleStorageLogger.warn('tightened the folder')
    consoleStorageLogger.error('state file unusable')
    expect(warn.mock.calls).toEqual([['[storage] tightened the folder']])
    expect(error.mock.calls).toEqual([['[storage] state file unusable']])
  })

  it('a failure is named by its message; anything thrown that is not an Error by its text', () => {
    expect(describeError(new Error('EACCES: permission denied'))).toBe('EACCES: permission denied')
    expect(describeError('disk gone')).toBe('disk gone')
    expect(describeError(42)).toBe('42')
    expect(describeError(undefined)).toBe('undefined')
  })

  it('a storage error carries its code, its message and its cause', () => {
    const cause = new Error('EROFS')
    const error = new StorageError('DATA_DIR_UNUSABLE', 'Choose another directory', { cause })
    expect(error).toBeInstanceOf(Error)
    expect(error).toMatchObject({ name: 'StorageError', code: 'DATA_DIR_UNUSABLE', message: 'Choose another directory', cause })
  })
})
