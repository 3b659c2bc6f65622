import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { browserUnavailable, launchBrowser } from '../support/browser'
import { ROOT, startHeadless, type HeadlessApp } from '../support/headless-process'
import { ScriptedChargePoint } from '../support/scripted-charge-point'

const unavailable = browserUnavailable()
const ARTIFACTS = join(ROOT, 'test-results', 'e2e')

describe.skipIf(unavailable)(`headless app in Chromium${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let app: HeadlessApp
  let browser: Browser
  let cp: ScriptedChargePoint

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true })
    app = await startHeadless()
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await cp?.close().catch(() => undefined)
    await browser?.close()
    await app?.stop()
  })

  it('a scripted charge point connects, the Stations page shows it online and the Message Log shows its BootNotification', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
    await page.goto(`${app.uiUrl}#/stations`)
    cp = await ScriptedChargePoint.connect(app.ocppUrl, 'E2E-CP-1')
    const boot = await cp.boot('E2E Vendor', 'E2E Model', { firmwareVersion: '9.9.9' })
    expect(boot[2]).toMatchObject({ status: 'Accepted' })

    const status = page.getByTestId('station-status-E2E-CP-1')
    await status.waitFor({ timeout: 15_000 })
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toMatch(/online/)
    await expect.poll(() => page.getByTestId('station-row-E2E-CP-1').textContent()).toMatch(/E2E Vendor/)
    await page.screenshot({ path: join(ARTIFACTS, 'stations-online.png'), fullPage: true })

    await page.goto(`${app.uiUrl}#/log`)
    const bootRow = page.getByTestId('log-row').filter({ hasText: 'BootNotification' }).first()
    await bootRow.waitFor({ timeout: 15_000 })
    // Live: a frame sent now appears without reloading.
    await cp.call('Heartbeat', {})
    await page.getByTestId('log-row').filter({ hasText: 'Heartbeat' }).first().waitFor({ timeout: 15_000 })
    await page.screenshot({ path: join(ARTIFACTS, 'message-log.png'), fullPage: true })

    await cp.close()
    await page.goto(`${app.uiUrl}#/stations`)
    await expect.poll(() => page.getByTestId('station-status-E2E-CP-1').textContent(), { timeout: 15_000 }).toMatch(/offline/)
    await page.close()
  })

  it('the raw call composer sends a CALL and shows the station’s answer', async () => {
    cp = await ScriptedChargePoint.connect(app.ocppUrl, 'E2E-CP-2', { autoAnswer: (action) => (action === 'ClearCache' ? { status: 'Accepted' } : {}) })
    await cp.boot()
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
    await page.goto(`${app.uiUrl}#/stations/E2E-CP-2`)
    const action = page.getByTestId('composer-action')
    await action.waitFor({ timeout: 15_000 })
    await action.fill('ClearCache')
    await page.getByTestId('composer-payload').fill('{}')
    await page.getByTestId('composer-send').click()
    await expect.poll(() => page.getByTestId('composer-result').textContent(), { timeout: 15_000 }).toMatch(/answered/)
    await expect.poll(() => page.getByTestId('composer-result').textContent()).toMatch(/Accepted/)
    await page.screenshot({ path: join(ARTIFACTS, 'composer.png'), fullPage: true })
    await page.close()
  })
})
