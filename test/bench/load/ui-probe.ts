/**
 * The UI under load, measured in Debian's Chromium (playwright-core): while the stations send their
 * messages, the Stations page is open with every station live. Records how late a 50 ms timer fires
 * on the page's main thread (what a click or a keystroke would wait; a timer, not an animation-frame
 * loop, so the probe itself does not make the browser paint without pause), the long tasks
 * (> 50 ms) the browser reports, and how long a click on "Message Log" takes until frames are on
 * screen, then a station's page.
 */
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Page } from 'playwright-core'
import { CHROMIUM_PATH } from '../../support/browser'

export interface UiReport {
  stationsShown: number
  /** How late a 50 ms timer fired on the page's main thread. */
  lagMs: { p50: number; p99: number; max: number; samples: number }
  longTasks: { count: number; totalMs: number; maxMs: number }
  openLogMs: number
  openStationMs: number
  /** When each phase began and when the probe was done (ms since the epoch), to line them up with the stations' latencies. */
  at: { sampling: number; openLog: number; done: number }
}

export interface UiProbe {
  /**
   * Waits until the Stations page shows `stations` online (watching the page, not polling the API,
   * which would load the CSMS during the ramp it measures), samples for `seconds`, then opens two pages.
   */
  measure(stationId: string, stations: number, seconds: number): Promise<UiReport>
  close(): Promise<void>
}

/**
 * Opens the UI before the load starts: a browser starting up takes the machine for a second or two,
 * which would otherwise land in the stations' p99.
 */
export async function openUi(uiUrl: string): Promise<UiProbe> {
  // The browser's profile and cache in memory: written to the same disk they would compete with
  // the CSMS's fdatasyncs and measure the disk, not the CSMS (the Electron app writes next to nothing).
  const profileDir = await mkdtemp(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'csms-ui-probe-'))
  const browser = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disk-cache-size=1'],
  })
  const close = async (): Promise<void> => {
    await browser.close()
    await rm(profileDir, { recursive: true, force: true })
  }
  const page = await browser.newPage()
  try {
    await page.goto(`${uiUrl}#/stations`)
    await page.getByTestId('nav-log').waitFor({ timeout: 30_000 })
  } catch (error) {
    await close()
    throw error
  }
  return { measure: (stationId, stations, seconds) => measure(page, uiUrl, stationId, stations, seconds), close }
}

async function measure(page: Page, uiUrl: string, stationId: string, stations: number, seconds: number): Promise<UiReport> {
  await page.getByTestId('stations-count').filter({ hasText: `${stations} online` }).waitFor({ timeout: 120_000 })
  await page.getByTestId(`station-row-${stationId}`).waitFor({ timeout: 30_000 })
  // Page scripts are strings: they run in the browser, not under this file's compiler.
  const stationsShown = (await page.evaluate('document.querySelectorAll(\'[data-testid^="station-row-"]\').length')) as number
  await page.evaluate(`(() => {
    window.gaps = []
    window.tasks = []
    let due = performance.now() + 50
    setInterval(() => { const now = performance.now(); window.gaps.push(Math.max(0, now - due)); due = now + 50 }, 50)
    new PerformanceObserver((list) => list.getEntries().forEach((e) => window.tasks.push(e.duration))).observe({ type: 'longtask' })
  })()`)
  const samplingAt = Date.now()
  await page.waitForTimeout(seconds * 1000)
  const { gaps, tasks } = (await page.evaluate('({ gaps: window.gaps, tasks: window.tasks })')) as { gaps: number[]; tasks: number[] }
  const openLogAt = Date.now()
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
    lagMs: { p50: at(50), p99: at(99), max: gaps.at(-1) ?? 0, samples: gaps.length },
    longTasks: { count: tasks.length, totalMs: tasks.reduce((sum, t) => sum + t, 0), maxMs: Math.max(0, ...tasks) },
    openLogMs,
    openStationMs,
    at: { sampling: samplingAt, openLog: openLogAt, done: Date.now() },
  }
}
