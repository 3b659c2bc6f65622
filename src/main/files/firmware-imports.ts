/**
 * The only ways a file gets into the firmware host (issue 17 §4): what the operator chose in a
 * native dialog of the desktop app, an upload body, or a plain file name of the import folder the
 * operator configured. A path named by a client is never opened.
 */
import { stat } from 'node:fs/promises'
import type { Readable } from 'node:stream'
import type { ImportFolderListing } from '@shared/contract/files-dto'
import type { StoredFirmwareFile } from '../storage/files-repository'
import { FirmwareFileError, type FirmwareHost } from './firmware-host'
import { listFolder, resolveInside } from './import-folder'

/** Native dialogs of the desktop app (Electron provides them; headless has none). */
export interface FileDialogs {
  /** The file the operator picked; undefined = cancelled. */
  chooseFirmwareFile(): Promise<string | undefined>
  /** The folder the operator picked; undefined = cancelled. */
  chooseImportFolder(): Promise<string | undefined>
}

export interface FirmwareImportsOptions {
  host: FirmwareHost
  dialogs?: FileDialogs
  importDir(): string | null
  setImportDir(dir: string | null): void
}

const NO_DIALOG = 'The file dialog exists only in the desktop app: upload the file instead (the Firmware page, or PUT /api/firmware-files), or put it into the import folder'

export class FirmwareImports {
  private dialogOpen = false

  constructor(private readonly options: FirmwareImportsOptions) {}

  /** Whether native dialogs exist here (the desktop app). */
  get hasDialogs(): boolean {
    return this.options.dialogs !== undefined
  }

  /** The file the operator picks in the native dialog; undefined when they cancel. */
  async fromDialog(name?: string): Promise<StoredFirmwareFile | undefined> {
    const path = await this.dialog((dialogs) => dialogs.chooseFirmwareFile())
    return path === undefined ? undefined : this.options.host.importFromPath(path, name)
  }

  /** The import folder the operator picks in the native dialog (kept in settings); undefined when they cancel. */
  async chooseImportDir(): Promise<string | undefined> {
    const dir = await this.dialog((dialogs) => dialogs.chooseImportFolder())
    if (dir === undefined) return undefined
    if (!(await stat(dir).then((s) => s.isDirectory(), () => false))) throw new FirmwareFileError('The chosen import folder is not a readable folder')
    this.options.setImportDir(dir)
    return dir
  }

  async listFolder(): Promise<ImportFolderListing> {
    const dir = this.options.importDir()
    if (dir === null) return { dir, files: [], truncated: false }
    try {
      return { dir, ...(await listFolder(dir)) }
    } catch (error) {
      if (!(error instanceof FirmwareFileError)) throw error
      return { dir, files: [], truncated: false, error: error.message }
    }
  }

  /** A file of the import folder by its plain name; links must stay inside the folder. */
  async fromFolder(fileName: string, name?: string): Promise<StoredFirmwareFile> {
    const dir = this.options.importDir()
    if (dir === null) throw new FirmwareFileError('No import folder is set: choose one in Settings → File services (desktop app) or start with --import-dir', 'Unavailable')
    const real = await resolveInside(dir, fileName)
    return this.options.host.importFromPath(real, name ?? fileName, true)
  }

  /** An upload body (the web bridge's raw upload), at most `maxBytes`. */
  fromStream(name: string, body: Readable, maxBytes: number): Promise<StoredFirmwareFile> {
    return this.options.host.addStream(name, body, maxBytes)
  }

  /** One native dialog at a time: a second request while one is open is refused. */
  private async dialog(open: (dialogs: FileDialogs) => Promise<string | undefined>): Promise<string | undefined> {
    const dialogs = this.options.dialogs
    if (!dialogs) throw new FirmwareFileError(NO_DIALOG, 'Unavailable')
    if (this.dialogOpen) throw new FirmwareFileError('A file dialog is already open on this PC: finish it first', 'Busy')
    this.dialogOpen = true
    try {
      return await open(dialogs)
    } finally {
      this.dialogOpen = false
    }
  }
}
