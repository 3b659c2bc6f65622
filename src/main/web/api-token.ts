/** The API token when the UI/API binds beyond loopback: made up once, kept (owner-only) in the data directory. */
import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { restrictFile, writePrivateFile } from '../storage/file-modes'

const FILE = 'api-token'

export async function apiTokenFor(dataDir: string): Promise<string> {
  const path = join(dataDir, FILE)
  try {
    const kept = (await readFile(path, 'utf8')).trim()
    if (kept.length >= 16) {
      await restrictFile(path)
      return kept
    }
  } catch {
    // none yet
  }
  const token = randomBytes(24).toString('base64url')
  await writePrivateFile(path, `${token}\n`)
  return token
}
