/**
 * The end-to-end and system tests refuse a build older than the sources (issue 19 §2): the check
 * itself, on a scratch project with chosen modification times.
 */
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { assertFreshBuild, BUILD_OUTPUTS, newestFile, staleBuildReason } from '../../support/build-freshness'

const roots: string[] = []
afterEach(async () => {
  await Promise.all(roots.splice(0).map((root) => rm(root, { recursive: true, force: true })))
})

const T = Date.parse('2026-03-02T12:00:00.000Z') / 1000

/** A scratch project: every file gets the modification time (s) given. */
async function project(files: Record<string, number>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'csms-build-fresh-'))
  roots.push(root)
  for (const [path, mtime] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true })
    await writeFile(join(root, path), 'x')
    await utimes(join(root, path), mtime, mtime)
  }
  return root
}

const built = (at: number) => Object.fromEntries(BUILD_OUTPUTS.map((output) => [output, at]))

describe('build freshness check', () => {
  it('passes right after a build: every output newer than every source', async () => {
    const root = await project({ 'src/main/app.ts': T, 'src/renderer/src/App.vue': T + 1, 'electron.vite.config.ts': T, ...built(T + 10) })
    expect(staleBuildReason({ root })).toBeUndefined()
    expect(() => assertFreshBuild({ root })).not.toThrow()
  })

  it('refuses a build older than a source edited afterwards, naming the file and what to run', async () => {
    const root = await project({ 'src/main/app.ts': T, 'src/main/ocpp/frames.ts': T + 20, ...built(T + 10) })
    const reason = staleBuildReason({ root })
    expect(reason).toMatch(/older than the sources: src\/main\/ocpp\/frames\.ts changed/)
    expect(reason).toMatch(/Run `npm run build` first/)
    expect(() => assertFreshBuild({ root })).toThrow(/npm run build/)
  })

  it('compares with the oldest output: a UI built before a renderer edit is stale even if main is newer', async () => {
    const root = await project({ 'src/renderer/src/App.vue': T + 5, [BUILD_OUTPUTS[0]!]: T + 10, [BUILD_OUTPUTS[1]!]: T })
    expect(staleBuildReason({ root })).toMatch(/App\.vue changed .* after out\/renderer\/index\.html was built/)
  })

  it('counts the build configuration as a source', async () => {
    const root = await project({ 'src/main/app.ts': T, 'electron.vite.config.ts': T + 20, ...built(T + 10) })
    expect(staleBuildReason({ root })).toMatch(/electron\.vite\.config\.ts/)
  })

  it('refuses a missing build', async () => {
    const root = await project({ 'src/main/app.ts': T })
    expect(staleBuildReason({ root })).toMatch(/out\/main\/headless\.js is missing: run `npm run build` first/)
  })

  it('finds the newest file in nested folders', async () => {
    const root = await project({ 'src/a.ts': T, 'src/deep/er/b.ts': T + 3, 'src/c.ts': T + 1 })
    expect(newestFile(root, ['src'])?.path).toBe(join(root, 'src/deep/er/b.ts'))
  })
})
