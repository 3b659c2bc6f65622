/**
 * The native dialogs through which the operator picks what the firmware host imports: a file, or
 * the import folder. What the core gets (CsmsOptions.dialogs); headless has none. Typed
 * structurally so tests pass a fake dialog.
 */
import type { FileDialogs } from '../files/firmware-imports'

export interface DialogLike<W> {
  showOpenDialog(window: W, options: { title: string; buttonLabel: string; properties: Array<'openFile' | 'openDirectory'> }): Promise<{ canceled: boolean; filePaths: string[] }>
}

export function createFileDialogs<W>(dialog: DialogLike<W>, parent: () => W): FileDialogs {
  const pick = async (title: string, buttonLabel: string, kind: 'openFile' | 'openDirectory') => {
    const answer = await dialog.showOpenDialog(parent(), { title, buttonLabel, properties: [kind] })
    return answer.canceled ? undefined : answer.filePaths[0]
  }
  return {
    chooseFirmwareFile: () => pick('Add a firmware file to the built-in host', 'Add', 'openFile'),
    chooseImportFolder: () => pick('Firmware import folder', 'Use this folder', 'openDirectory'),
  }
}
