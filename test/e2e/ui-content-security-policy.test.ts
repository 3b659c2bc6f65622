/**
 * The built UI works under the Content-Security-Policy the web bridge sends (issue 17 §4): its
 * fetches to /api and its WebSocket to /api/events are same-origin ('self'), and no page logs a
 * CSP violation. Runs in Chromium against the real core in this process, serving the built UI.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { builtRendererDir } from '../../src/main/util/project-paths'
import { browserUnavailable, launchBrowser } from '../support/browser'
import { assertFreshBuild } from '../support/build-freshness'
import { startHarness, type Harness } from '../support/csms-harness'

const unavailable = browserUnavailable()
/** CSMS_RENDERER_DIR: another build of the UI (e.g. to check this test without building here). */
const rendererDir = process.env.CSMS_RENDERER_DIR ?? builtRendererDir()

describe.skipIf(unavailable)(`the built UI under its Content-Security-Policy${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let h: Harness
  let browser: Browser
  beforeAll(async () => {
    if (!rendererDir) throw new Error('out/renderer is missing: run `npm run build` first')
    // The UI under test is the build: refused when older than the sources (unless another build was named).
    if (!process.env.CSMS_RENDERER_DIR) assertFreshBuild()
    h = await startHarness({ rendererDir })
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await h?.stop()
  })

  it('loads with the policy, shows a station going online over the events socket, and logs no CSP violation on any page', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
    const violations: string[] = []
    page.on('console', (message) => {
      if (/Content[ -]Security[ -]Policy|Refused to (connect|load|execute|apply|frame)/i.test(message.text())) violations.push(message.text())
    })
    page.on('pageerror', (error) => violations.push(`page error: ${error.message}`))
    const base = h.apiUrl.replace(/\/api$/, '')
    const response = await page.goto(`${base}/#/stations`)
    const headers = response!.headers()
    expect(headers['content-security-policy']).toContain("connect-src 'self'")
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'")
    expect(headers['x-frame-options']).toBe('DENY')

    const cp = await h.booted('CSP-CP-1')
    const status = page.getByTestId('station-status-CSP-CP-1')
    await status.waitFor({ timeout: 15_000 })
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toMatch(/online/)
    for (const route of ['log', 'settings', 'firmware', 'charging-profiles', 'transactions', 'local-lists', 'reservations', 'id-tags', 'stations/CSP-CP-1']) {
      await page.goto(`${base}/#/${route}`)
      await page.waitForLoadState('networkidle')
    }
    await cp.call('Heartbeat', {})
    await page.goto(`${base}/#/log`)
    await page.getByTestId('log-row').filter({ hasText: 'Heartbeat' }).first().waitFor({ timeout: 15_000 })
    expect(violations).toEqual([])
    await page.close()
  })
})
