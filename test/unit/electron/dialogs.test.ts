import { describe, expect, it, vi } from 'vitest'
import { createFileDialogs } from '../../../src/main/electron/dialogs'

describe('native file dialogs for the firmware host', () => {
  it('asks for one file, or one folder, with the window as parent; a cancel is undefined', async () => {
    const showOpenDialog = vi.fn(async () => ({ canceled: false, filePaths: ['/home/me/fw.bin'] }))
    const dialogs = createFileDialogs({ showOpenDialog }, () => 'window')
    expect(await dialogs.chooseFirmwareFile()).toBe('/home/me/fw.bin')
    expect(showOpenDialog).toHaveBeenLastCalledWith('window', expect.objectContaining({ properties: ['openFile'] }))
    await dialogs.chooseImportFolder()
    expect(showOpenDialog).toHaveBeenLastCalledWith('window', expect.objectContaining({ properties: ['openDirectory'] }))
    showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] })
    expect(await dialogs.chooseFirmwareFile()).toBeUndefined()
  })
})
