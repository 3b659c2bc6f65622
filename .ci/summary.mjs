// The CI verdict from vitest's JSON results: "N passed, N failed" as the last line, exit 1 on any
// failure. A test that is skipped (or todo) in CI counts as a failure unless it is on the short
// allow-list below, for the platform it runs on: a skip must never hide a test that CI should run
// (the OCA schema equivalence without ../shared, the browser tests without Chromium…).
//
//   node .ci/summary.mjs .vitest-results.json
import { readFileSync } from 'node:fs'
import { relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = resolve(fileURLToPath(import.meta.url), '../..')

/**
 * Skips CI accepts: each names its file (and, if not the whole file, the test), the platforms where
 * it may skip, and why. Keep it short; a skip anywhere else fails the run.
 */
export const SKIP_ALLOW_LIST = Object.freeze([
  // POSIX file modes (0700/0600) do not exist on Windows.
  { file: 'test/unit/storage/file-modes.test.ts', platforms: ['win32'], reason: 'POSIX file modes: not on Windows' },
  { file: 'test/integration/storage/data-dir-modes.test.ts', platforms: ['win32'], reason: 'POSIX file modes: not on Windows' },
  // O_DSYNC writes are checked where the journal uses them for certain (Linux).
  { file: 'test/unit/storage/json-lines-journal.test.ts', test: /O_DSYNC/, platforms: ['darwin', 'win32'], reason: 'O_DSYNC is checked on Linux' },
])

const SKIPPED = new Set(['skipped', 'pending', 'todo', 'disabled'])

const toPosix = (path) => path.split(sep).join('/')

/** The allow-list entry that permits this skip on `platform`, if any. */
export function allowedSkip(file, fullName, platform, allowList = SKIP_ALLOW_LIST) {
  return allowList.find((entry) => entry.file === file && entry.platforms.includes(platform) && (!entry.test || entry.test.test(fullName)))
}

/**
 * Counts a vitest JSON report. A file that failed without a failed test of its own (it did not
 * load, or a hook threw) counts as one failure, and its tests (reported skipped) are not counted again.
 */
export function summarize(report, { root = ROOT, platform = process.platform, allowList = SKIP_ALLOW_LIST } = {}) {
  const passed = report.numPassedTests ?? 0
  let failed = report.numFailedTests ?? 0
  const brokenFiles = []
  const unlistedSkips = []
  const allowedSkips = []
  for (const file of report.testResults ?? []) {
    const name = toPosix(relative(root, file.name ?? ''))
    const assertions = file.assertionResults ?? []
    if (file.status === 'failed' && !assertions.some((a) => a.status === 'failed')) {
      brokenFiles.push({ file: name, message: file.message ?? '' })
      continue
    }
    for (const assertion of assertions) {
      if (!SKIPPED.has(assertion.status)) continue
      const skip = { file: name, test: assertion.fullName ?? assertion.title ?? '' }
      const entry = allowedSkip(name, skip.test, platform, allowList)
      if (entry) allowedSkips.push({ ...skip, reason: entry.reason })
      else unlistedSkips.push(skip)
    }
  }
  failed += brokenFiles.length + unlistedSkips.length
  if (!report.success && failed === 0) failed = 1
  return { passed, failed, skipped: allowedSkips.length, brokenFiles, unlistedSkips, allowedSkips, ok: failed === 0 }
}

/** The lines CI prints; the last one is "N passed, N failed[, N skipped]". */
export function summaryLines(summary) {
  const lines = []
  for (const broken of summary.brokenFiles) lines.push(`FAILED TO RUN: ${broken.file}${broken.message ? `: ${broken.message}` : ''}`)
  if (summary.unlistedSkips.length > 0) {
    lines.push(`Skipped in CI and not on the allow-list in .ci/summary.mjs (a skip in CI is a failure: make the test run, or list it with the reason):`)
    for (const skip of summary.unlistedSkips) lines.push(`  SKIPPED: ${skip.file} > ${skip.test}`)
  }
  for (const skip of summary.allowedSkips) lines.push(`allowed skip: ${skip.file} > ${skip.test} (${skip.reason})`)
  lines.push(`${summary.passed} passed, ${summary.failed} failed${summary.skipped ? `, ${summary.skipped} skipped` : ''}`)
  return lines
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = process.argv[2]
  if (!file) {
    console.log('usage: node .ci/summary.mjs <vitest JSON results>')
    console.log('0 passed, 1 failed')
    process.exit(1)
  }
  const summary = summarize(JSON.parse(readFileSync(file, 'utf8')))
  for (const line of summaryLines(summary)) console.log(line)
  process.exit(summary.ok ? 0 : 1)
}
