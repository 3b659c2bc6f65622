import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { browserUnavailable, launchBrowser } from '../support/browser'
import { ROOT, startHeadless, type HeadlessApp } from '../support/headless-process'
import { ScriptedChargePoint, type Frame } from '../support/scripted-charge-point'

const unavailable = browserUnavailable()
const ARTIFACTS = join(ROOT, 'test-results', 'e2e')
const STATION = 'E2E-SC'

describe.skipIf(unavailable)(`smart charging from the UI${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
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

  it('builds a profile, sends it to a scripted station, and sees it installed and compared with what the station reports', async () => {
    const setCalls: Frame[] = []
    cp = await ScriptedChargePoint.connect(app.ocppUrl, STATION, {
      autoAnswer: (action, payload) => {
        if (action === 'SetChargingProfile') {
          setCalls.push([2, '', action, payload])
          return { status: 'Accepted' }
        }
        if (action === 'GetCompositeSchedule') {
          // A station that applies 16 A, then (wrongly) 10 A after ten minutes.
          const scheduleStart = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString()
          return { status: 'Accepted', connectorId: payload.connectorId, scheduleStart, chargingSchedule: { duration: payload.duration, chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }, { startPeriod: 600, limit: 10 }] } }
        }
        return {}
      },
    })
    await cp.boot('E2E Vendor', 'E2E Model')
    for (const connectorId of [0, 1]) await cp.call('StatusNotification', { connectorId, status: 'Available', errorCode: 'NoError' })

    // 1. Build a profile in the library: the editor previews it as it is edited.
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } })
    await page.goto(`${app.uiUrl}#/charging-profiles`)
    await page.getByTestId('profile-new').click()
    await page.getByTestId('profile-name').fill('Depot 16 A')
    await page.getByTestId('profile-preview-chart').waitFor({ timeout: 15_000 })
    await page.getByTestId('profile-save').click()
    await page.getByTestId('profile-row-Depot 16 A').waitFor({ timeout: 15_000 })

    // 2. Send it to connector 1 of the station and follow the answer.
    await page.getByTestId('profile-send').click()
    await page.getByTestId(`send-target-${STATION}-1`).click()
    await page.getByTestId('send-submit').click()
    await expect.poll(() => page.getByTestId(`send-row-${STATION}-1`).textContent(), { timeout: 15_000 }).toMatch(/Accepted/)
    expect(setCalls).toHaveLength(1)
    expect(setCalls[0]![3]).toMatchObject({ connectorId: 1, csChargingProfiles: { chargingProfilePurpose: 'TxDefaultProfile', chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] } } })
    await page.screenshot({ path: join(ARTIFACTS, 'charging-profiles.png'), fullPage: true })
    await page.keyboard.press('Escape')

    // 3. The station page shows it installed, the CSMS composite, and after asking, the station's report and the difference.
    await page.goto(`${app.uiUrl}#/stations/${STATION}`)
    await page.getByText('Smart charging', { exact: true }).click()
    await page.getByTestId('connector-chart-1').waitFor({ timeout: 15_000 })
    await expect.poll(() => page.getByTestId('installed-table').textContent(), { timeout: 15_000 }).toMatch(/TxDefault/)
    await page.getByTestId('connector-get-composite-1').click()
    await expect.poll(() => page.getByTestId('connector-verdict-1').textContent(), { timeout: 15_000 }).toMatch(/1 difference/)
    await page.screenshot({ path: join(ARTIFACTS, 'station-charging.png'), fullPage: true })
    await page.close()
  })
})
