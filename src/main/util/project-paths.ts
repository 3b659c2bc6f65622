/** Locating the project's own files from source (tests, tsx) and from the built bundle (out/main). */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Walk up from this module until `relative` exists; undefined when it does not. */
export function findUp(relative: string, from = dirname(fileURLToPath(import.meta.url))): string | undefined {
  let dir = from
  for (let depth = 0; depth < 8; depth += 1) {
    const candidate = join(dir, relative)
    if (existsSync(candidate)) return candidate
    const parent = dirname(dir)
    if (parent === dir) break
    dir = parent
  }
  return undefined
}

/** The built renderer (index.html and assets), when it has been built. */
export function builtRendererDir(): string | undefined {
  const index = findUp(join('out', 'renderer', 'index.html'))
  return index ? dirname(index) : undefined
}

export function appVersion(): string {
  const file = findUp('package.json')
  if (!file) return '0.0.0'
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version ?? '0.0.0'
  } catch {
    return '0.0.0'
  }
}

export const APP_NAME = 'ocpp16-desktop-csms'
