/**
 * A lowdb adapter like lowdb/node's JSONFile (write a temp file, rename it over the target) that
 * also fsyncs the temp file before the rename and the directory after it. Without that, a power
 * loss can leave an empty or old file after a "successful" write, and ids handed out from a counter
 * reservation could repeat.
 */
import { readFile, rename } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { Adapter } from 'lowdb'
import { encodeState } from './state-encoding'
import { syncDirectory } from './journal-files'
import { openPrivateFile } from './file-modes'

const RENAME_RETRIES = 10
const RENAME_RETRY_MS = 100

async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await rename(from, to)
    } catch (error) {
      // Windows: a virus scanner or indexer may hold the target open for a moment.
      const code = (error as NodeJS.ErrnoException).code
      if (attempt >= RENAME_RETRIES || (code !== 'EPERM' && code !== 'EACCES' && code !== 'EBUSY')) throw error
      await new Promise((resolve) => setTimeout(resolve, RENAME_RETRY_MS))
    }
  }
}

export class DurableJsonFile<T> implements Adapter<T> {
  private readonly tempFile: string

  constructor(readonly file: string) {
    this.tempFile = join(dirname(file), `.${basename(file)}.tmp`)
  }

  /** null when the file does not exist; throws SyntaxError when it is not JSON. */
  async read(): Promise<T | null> {
    let text: string
    try {
      text = await readFile(this.file, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw error
    }
    return JSON.parse(text) as T
  }

  async write(data: T): Promise<void> {
    // Mutable parts are captured before the first await and stored records are frozen, so later
    // changes do not leak into this write. Compact: indentation doubles the bytes to write and fsync.
    const bytes = await encodeState(data)
    // 0600: the rename makes the temp file the state file, mode and all.
    const handle = await openPrivateFile(this.tempFile, 'w')
    try {
      await handle.writeFile(bytes)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await renameWithRetry(this.tempFile, this.file)
    await syncDirectory(dirname(this.file))
  }
}
