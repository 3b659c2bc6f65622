/**
 * The end-to-end and system tests run the build in out/, not the sources: after an edit without
 * `npm run build` they would test stale code and pass or fail for the wrong reason. This compares
 * the build's files with the sources it is made from and refuses a build older than any of them.
 * `npm test` builds first, so right after a build the check passes (the build writes every output
 * file anew, after reading the sources).
 */
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'

export const PROJECT_ROOT = resolve(import.meta.dirname, '../..')

/** What the build is made from (relative to the project root). */
export const BUILD_SOURCES = ['src', 'electron.vite.config.ts']
/** The build's files the tests load: the headless entry and the UI. */
export const BUILD_OUTPUTS = [join('out', 'main', 'headless.js'), join('out', 'renderer', 'index.html')]

export interface FreshnessOptions {
  root?: string
  sources?: string[]
  outputs?: string[]
}

/** The newest file under `entries` (files or folders), or undefined when there is none. */
export function newestFile(root: string, entries: string[]): { path: string; mtimeMs: number } | undefined {
  let newest: { path: string; mtimeMs: number } | undefined
  const visit = (path: string): void => {
    const stat = statSync(path)
    if (stat.isDirectory()) {
      for (const name of readdirSync(path)) visit(join(path, name))
    } else if (stat.isFile() && (!newest || stat.mtimeMs > newest.mtimeMs)) newest = { path, mtimeMs: stat.mtimeMs }
  }
  for (const entry of entries) {
    const path = join(root, entry)
    if (existsSync(path)) visit(path)
  }
  return newest
}

/** Why the build cannot be used (missing, or older than a source), or undefined when it is fresh. */
export function staleBuildReason(options: FreshnessOptions = {}): string | undefined {
  const root = options.root ?? PROJECT_ROOT
  const outputs = options.outputs ?? BUILD_OUTPUTS
  let oldest: { path: string; mtimeMs: number } | undefined
  for (const output of outputs) {
    const path = join(root, output)
    if (!existsSync(path)) return `${output} is missing: run \`npm run build\` first`
    const { mtimeMs } = statSync(path)
    if (!oldest || mtimeMs < oldest.mtimeMs) oldest = { path, mtimeMs }
  }
  const newest = newestFile(root, options.sources ?? BUILD_SOURCES)
  if (!oldest || !newest || newest.mtimeMs <= oldest.mtimeMs) return undefined
  return `The build in out/ is older than the sources: ${relative(root, newest.path)} changed at ${new Date(newest.mtimeMs).toISOString()}, after ${relative(root, oldest.path)} was built (${new Date(oldest.mtimeMs).toISOString()}). Run \`npm run build\` first, so these tests do not test stale code.`
}

/** Throws the reason when the build is missing or stale. */
export function assertFreshBuild(options: FreshnessOptions = {}): void {
  const reason = staleBuildReason(options)
  if (reason) throw new Error(reason)
}
