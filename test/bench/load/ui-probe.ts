/**
 * The UI under load, measured in Debian's Chromium (playwright-core): while the stations send their
 * messages, the Stations page is open with every station live. Records the gaps between animation
 * frames (a frozen page shows as long gaps), the long tasks (> 50 ms) the browser reports, and how
 * long a click on "Message Log" takes until frames are on screen, then back to a station's page.
 */
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { CHROMIUM_PATH } from '../../support/browser'

export interface UiReport {
  stationsShown: number
  frameGapMs: { p50: number; p99: number; max: number; frames: number }
  longTasks: { count: number; totalMs: number; maxMs: number }
  openLogMs: number
  openStationMs: number
}

export async function probeUi(uiUrl: string, stationId: string, seconds: number): Promise<UiReport> {
  // The browser's profile and cache in memory: written to the same disk they would compete with
  // the CSMS's fdatasyncs and measure the disk, not the CSMS (the Electron app writes next to nothing).
  const profileDir = await mkdtemp(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'csms-ui-probe-'))
  const browser = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disk-cache-size=1'],
  })
  try {
    const page = await browser.newPage()
    await page.goto(`${uiUrl}#/stations`)
    await page.getByTestId(`station-row-${stationId}`).waitFor({ timeout: 30_000 })
    // Page scripts are strings: they run in the browser, not under this file's compiler.
    const stationsShown = (await page.evaluate('document.querySelectorAll(\'[data-testid^="station-row-"]\').length')) as number
    await page.evaluate(`(() => {
      window.gaps = []
      window.tasks = []
      let last = performance.now()
      const frame = (now) => { window.gaps.push(now - last); last = now; requestAnimationFrame(frame) }
      requestAnimationFrame(frame)
      new PerformanceObserver((list) => list.getEntries().forEach((e) => window.tasks.push(e.duration))).observe({ type: 'longtask' })
    })()`)
    await page.waitForTimeout(seconds * 1000)
    const { gaps, tasks } = (await page.evaluate('({ gaps: window.gaps, tasks: window.tasks })')) as { gaps: number[]; tasks: number[] }
    let started = performance.now()
    await page.getByTestId('nav-log').click()
    await page.getByTestId('log-row').first().waitFor({ timeout: 30_000 })
    const openLogMs = performance.now() - started
    started = performance.now()
    await page.goto(`${uiUrl}#/stations/${encodeURIComponent(stationId)}`)
    await page.getByTestId('connectors-card').first().waitFor({ timeout: 30_000 })
    const openStationMs = performance.now() - started
    gaps.sort((a, b) => a - b)
    const at = (p: number): number => gaps[Math.min(gaps.length - 1, Math.floor((p / 100) * gaps.length))] ?? 0
    return {
      stationsShown,
      frameGapMs: { p50: at(50), p99: at(99), max: gaps.at(-1) ?? 0, frames: gaps.length },
      longTasks: { count: tasks.length, totalMs: tasks.reduce((sum, t) => sum + t, 0), maxMs: Math.max(0, ...tasks) },
      openLogMs,
      openStationMs,
    }
  } finally {
    await browser.close()
    await rm(profileDir, { recursive: true, force: true })
  }
}
